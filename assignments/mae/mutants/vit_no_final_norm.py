# question: vit_forward
# The final LayerNorm is not applied.
@add_to_class(ViT)
def forward_features(self, imgs):
    """imgs (N, C, H, W) -> tokens (N, 1 + L, dim): [class token, patches] after the blocks and the final norm."""
    # ---- YOUR CODE (ViT.forward_features) ----
    x = self.patch_embed(imgs).flatten(2).transpose(1, 2)  # (N, L, dim), patches in row-major order
    x = x + self.pos_embed[:, 1:]
    cls = (self.cls_token + self.pos_embed[:, :1]).expand(x.shape[0], -1, -1)  # (N, 1, dim)
    x = torch.cat([cls, x], dim=1)  # (N, 1 + L, dim)
    for block in self.blocks:
        x = block(x)
    return x
    # ---- END YOUR CODE ----
