# question: pairwise_distances
# the expanded square as is: diagonal not exactly 0, small negative entries
def pairwise_distances(embeddings):
    """Squared Euclidean distances (N, N) between the rows of embeddings (N, D)."""
    # ---- YOUR CODE (pairwise_distances) ----
    squared_norms = (embeddings ** 2).sum(1)  # (N,)
    return squared_norms[:, None] - 2 * embeddings @ embeddings.T + squared_norms[None, :]  # (N, N)
    # ---- END YOUR CODE ----
