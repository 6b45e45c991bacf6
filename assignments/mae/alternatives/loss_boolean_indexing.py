# question: mae_loss
# torch.var_mean for the normalisation, boolean indexing to average over the removed patches.
@add_to_class(MaskedAutoencoder)
def forward_loss(self, imgs, pred, mask):
    """imgs (N, C, H, W), pred (N, L, p*p*C), mask (N, L) -> mean squared error over the removed patches ()."""
    # ---- YOUR CODE (forward_loss) ----
    target = patchify(imgs, self.patch_size)  # (N, L, p*p*C)
    if self.norm_pix_loss:
        var, mean = torch.var_mean(target, dim=-1, keepdim=True)
        target = (target - mean) / (var + 1e-6) ** 0.5
    removed = mask.bool()  # (N, L)
    return ((pred[removed] - target[removed]) ** 2).mean()
    # ---- END YOUR CODE ----
