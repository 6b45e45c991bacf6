# question: mae_encoder
# The encoder runs on all the patches and masks its output: no saving.
@add_to_class(MaskedAutoencoder)
def forward_encoder(self, imgs, mask_ratio):
    """imgs (N, C, H, W) -> latent (N, 1 + len_keep, dim), mask (N, L), ids_restore (N, L)."""
    encoder = self.encoder
    # ---- YOUR CODE (forward_encoder) ----
    x = encoder.patch_embed(imgs).flatten(2).transpose(1, 2)  # (N, L, dim)
    x = x + encoder.pos_embed[:, 1:]  # before masking: each kept patch keeps its own position
    cls = (encoder.cls_token + encoder.pos_embed[:, :1]).expand(x.shape[0], -1, -1)  # (N, 1, dim)
    x = torch.cat([cls, x], dim=1)  # (N, 1 + len_keep, dim)
    for block in encoder.blocks:
        x = block(x)
    patches, mask, ids_restore = random_masking(encoder.norm(x)[:, 1:], mask_ratio)
    return torch.cat([encoder.norm(x)[:, :1], patches], dim=1), mask, ids_restore
    # ---- END YOUR CODE ----
