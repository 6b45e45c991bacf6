# question: vit_forward
# Prepends the bare class token, then adds the whole pos_embed at once; blocks as nn.Sequential.
@add_to_class(ViT)
def forward_features(self, imgs):
    """imgs (N, C, H, W) -> tokens (N, 1 + L, dim): [class token, patches] after the blocks and the final norm."""
    # ---- YOUR CODE (ViT.forward_features) ----
    x = self.patch_embed(imgs).flatten(2).transpose(1, 2)  # (N, L, dim), patches in row-major order
    x = torch.cat([self.cls_token.repeat(len(x), 1, 1), x], dim=1) + self.pos_embed  # (N, 1 + L, dim)
    return self.norm(nn.Sequential(*self.blocks)(x))
    # ---- END YOUR CODE ----
