# question: mae_loss
# norm_pix_loss uses the biased variance (unbiased=False).
@add_to_class(MaskedAutoencoder)
def forward_loss(self, imgs, pred, mask):
    """imgs (N, C, H, W), pred (N, L, p*p*C), mask (N, L) -> mean squared error over the removed patches ()."""
    # ---- YOUR CODE (forward_loss) ----
    target = patchify(imgs, self.patch_size)  # (N, L, p*p*C)
    if self.norm_pix_loss:
        mean, var = target.mean(dim=-1, keepdim=True), target.var(dim=-1, unbiased=False, keepdim=True)
        target = (target - mean) / (var + 1e-6) ** 0.5
    loss = ((pred - target) ** 2).mean(dim=-1)  # (N, L), mean squared error per patch
    return (loss * mask).sum() / mask.sum()  # averaged over the removed patches only
    # ---- END YOUR CODE ----
