# question: mae_encoder
# The position embeddings are added after masking, so kept patches get the first positions.
@add_to_class(MaskedAutoencoder)
def forward_encoder(self, imgs, mask_ratio):
    """imgs (N, C, H, W) -> latent (N, 1 + len_keep, dim), mask (N, L), ids_restore (N, L)."""
    encoder = self.encoder
    # ---- YOUR CODE (forward_encoder) ----
    x = encoder.patch_embed(imgs).flatten(2).transpose(1, 2)  # (N, L, dim)
    x, mask, ids_restore = random_masking(x, mask_ratio)  # (N, len_keep, dim)
    x = x + encoder.pos_embed[:, 1:1 + x.shape[1]]
    cls = (encoder.cls_token + encoder.pos_embed[:, :1]).expand(x.shape[0], -1, -1)  # (N, 1, dim)
    x = torch.cat([cls, x], dim=1)  # (N, 1 + len_keep, dim)
    for block in encoder.blocks:
        x = block(x)
    return encoder.norm(x), mask, ids_restore
    # ---- END YOUR CODE ----
