# question: pairwise_distances
# Euclidean distances (the square root is taken), not squared
def pairwise_distances(embeddings):
    """Squared Euclidean distances (N, N) between the rows of embeddings (N, D)."""
    # ---- YOUR CODE (pairwise_distances) ----
    squared_norms = (embeddings ** 2).sum(1)  # (N,)
    distances = squared_norms[:, None] - 2 * embeddings @ embeddings.T + squared_norms[None, :]  # (N, N)
    distances = distances.clamp_min(0)  # rounding can make ||x||^2 - 2 x.y + ||y||^2 slightly negative
    off_diagonal = 1 - torch.eye(len(embeddings), dtype=embeddings.dtype, device=embeddings.device)
    return (distances * off_diagonal).sqrt()  # (N, N)
    # ---- END YOUR CODE ----
