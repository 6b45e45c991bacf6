# question: triplet_loss
# the losses of the triplets are summed instead of averaged
def triplet_loss(anchor, positive, negative, margin=0.2):
    """Mean over the B triplets of max(d(a, p) - d(a, n) + margin, 0); inputs (B, D), output a scalar."""
    # ---- YOUR CODE (triplet_loss) ----
    to_positive = ((anchor - positive) ** 2).sum(1)  # (B,)
    to_negative = ((anchor - negative) ** 2).sum(1)  # (B,)
    return F.relu(to_positive - to_negative + margin).sum()
    # ---- END YOUR CODE ----
