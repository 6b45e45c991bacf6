# question: gender_direction
# the top eigenvector of the (D, D) matrix differences^T differences
def gender_direction(vectors, words, pairs):
    """The unit (D,) first principal direction of the differences v[male] - v[female] of the pairs (not centred),
    signed so that the first pair's difference projects positively."""
    # ---- YOUR CODE (gender_direction) ----
    rows = [words.index(m) for m, _ in pairs], [words.index(f) for _, f in pairs]
    differences = vectors[rows[0]] - vectors[rows[1]]  # (P, D)
    eigenvalues, eigenvectors = torch.linalg.eigh(differences.T @ differences)  # ascending eigenvalues
    direction = eigenvectors[:, -1]
    return direction * torch.sign(direction @ differences[0])
    # ---- END YOUR CODE ----
