# question: semi_hard_triplet_loss
# the mean over all N^2 entries instead of the anchor-positive pairs
def semi_hard_triplet_loss(embeddings, labels, margin=0.2):
    """Triplet loss of all anchor-positive pairs of the batch, each with its semi-hard negative.

    embeddings (N, D), labels (N,); returns a scalar. A batch without a triplet gives a zero loss.
    """
    # ---- YOUR CODE (semi_hard_triplet_loss) ----
    distances = pairwise_distances(embeddings)  # (N, N)
    same = labels[:, None] == labels[None, :]  # (N, N)
    is_positive = same & ~torch.eye(len(labels), dtype=torch.bool, device=labels.device)  # (a, p)
    is_negative = ~same  # (a, n)
    if not is_positive.any() or not is_negative.any():
        return embeddings.sum() * 0  # no triplet: a zero loss that backward() accepts
    d_ap = distances[:, :, None]  # (N, N, 1): anchor a, positive p
    d_an = distances[:, None, :]  # (N, 1, N): anchor a, negative n
    semi_hard = is_negative[:, None, :] & (d_an > d_ap)  # (N, N, N): n is semi-hard for (a, p)
    closest_semi_hard = torch.where(semi_hard, d_an, torch.inf).amin(2)  # (N, N)
    farthest = torch.where(is_negative, distances, -torch.inf).amax(1, keepdim=True)  # (N, 1)
    d_negative = torch.where(semi_hard.any(2), closest_semi_hard, farthest)  # (N, N)
    losses = F.relu(distances - d_negative + margin)  # (N, N)
    return (losses * is_positive).mean()
    # ---- END YOUR CODE ----
