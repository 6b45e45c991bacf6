# question: pairwise_distances
# torch.cdist without the matrix-product shortcut, squared
def pairwise_distances(embeddings):
    """Squared Euclidean distances (N, N) between the rows of embeddings (N, D)."""
    # ---- YOUR CODE (pairwise_distances) ----
    return torch.cdist(embeddings, embeddings, compute_mode="donot_use_mm_for_euclid_dist") ** 2  # (N, N)
    # ---- END YOUR CODE ----
