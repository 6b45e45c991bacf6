# question: mae_encoder
# Adds pos_embed[0, 1:] by broadcasting, repeats the class token, runs the blocks as nn.Sequential.
@add_to_class(MaskedAutoencoder)
def forward_encoder(self, imgs, mask_ratio):
    """imgs (N, C, H, W) -> latent (N, 1 + len_keep, dim), mask (N, L), ids_restore (N, L)."""
    encoder = self.encoder
    # ---- YOUR CODE (forward_encoder) ----
    x = encoder.patch_embed(imgs).flatten(2).transpose(1, 2)  # (N, L, dim)
    x = x + encoder.pos_embed[:, 1:]  # before masking: each kept patch keeps its own position
    x, mask, ids_restore = random_masking(x, mask_ratio)  # (N, len_keep, dim)
    cls = encoder.cls_token[0] + encoder.pos_embed[0, :1]  # (1, dim)
    x = torch.cat([cls.repeat(len(x), 1, 1), x], dim=1)
    return encoder.norm(nn.Sequential(*encoder.blocks)(x)), mask, ids_restore
    # ---- END YOUR CODE ----
