# question: pairwise_distances
# the norm (a square root) then squared: NaN gradient where two rows coincide
def pairwise_distances(embeddings):
    """Squared Euclidean distances (N, N) between the rows of embeddings (N, D)."""
    # ---- YOUR CODE (pairwise_distances) ----
    differences = embeddings[:, None] - embeddings[None]  # (N, N, D)
    return ((differences ** 2).sum(-1).sqrt()) ** 2  # (N, N): d/dx sqrt(0) is infinite
    # ---- END YOUR CODE ----
