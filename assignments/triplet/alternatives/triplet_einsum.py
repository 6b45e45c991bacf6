# question: triplet_loss
# distances with einsum and the hinge with clamp
def triplet_loss(anchor, positive, negative, margin=0.2):
    """Mean over the B triplets of max(d(a, p) - d(a, n) + margin, 0); inputs (B, D), output a scalar."""
    # ---- YOUR CODE (triplet_loss) ----
    d_ap = torch.einsum("bd,bd->b", anchor - positive, anchor - positive)  # (B,)
    d_an = torch.einsum("bd,bd->b", anchor - negative, anchor - negative)  # (B,)
    return torch.clamp(d_ap - d_an + margin, min=0).sum() / len(anchor)
    # ---- END YOUR CODE ----
