# question: pairwise_distances
# differences by broadcasting: exact zeros and no negatives by construction
def pairwise_distances(embeddings):
    """Squared Euclidean distances (N, N) between the rows of embeddings (N, D)."""
    # ---- YOUR CODE (pairwise_distances) ----
    differences = embeddings[:, None, :] - embeddings[None, :, :]  # (N, N, D)
    return (differences ** 2).sum(-1)  # (N, N)
    # ---- END YOUR CODE ----
