# question: semi_hard_triplet_loss
# a loop over the anchor-positive pairs; raises ValueError without a triplet
def semi_hard_triplet_loss(embeddings, labels, margin=0.2):
    """Triplet loss of all anchor-positive pairs of the batch, each with its semi-hard negative.

    embeddings (N, D), labels (N,); returns a scalar. A batch without a triplet gives a zero loss.
    """
    # ---- YOUR CODE (semi_hard_triplet_loss) ----
    distances = pairwise_distances(embeddings)  # (N, N)
    losses = []
    for a in range(len(labels)):
        negatives = distances[a][labels != labels[a]]  # (number of negatives,)
        for p in range(len(labels)):
            if p == a or labels[p] != labels[a] or len(negatives) == 0:
                continue
            farther = negatives[negatives > distances[a, p]]
            d_an = farther.min() if len(farther) else negatives.max()
            losses.append(F.relu(distances[a, p] - d_an + margin))
    if not losses:
        raise ValueError("the batch has no triplet: it needs two samples of one class and one of another")
    return torch.stack(losses).mean()
    # ---- END YOUR CODE ----
