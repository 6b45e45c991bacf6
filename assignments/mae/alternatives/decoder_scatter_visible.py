# question: mae_decoder
# Starts from mask tokens everywhere and writes the visible tokens into their own positions.
@add_to_class(MaskedAutoencoder)
def forward_decoder(self, latent, ids_restore):
    """latent (N, 1 + len_keep, dim), ids_restore (N, L) -> pred (N, L, patch_size**2 * in_chans), original order."""
    # ---- YOUR CODE (forward_decoder) ----
    x = self.decoder_embed(latent)  # (N, 1 + len_keep, decoder_dim)
    N, L = ids_restore.shape
    visible = ids_restore.argsort(dim=1)[:, :x.shape[1] - 1]  # (N, len_keep) original positions of the kept patches
    patches = self.mask_token.repeat(N, L, 1)  # (N, L, decoder_dim)
    patches[torch.arange(N)[:, None], visible] = x[:, 1:]
    x = torch.cat([x[:, :1], patches], dim=1) + self.decoder_pos_embed  # (N, 1 + L, decoder_dim)
    for block in self.decoder_blocks:
        x = block(x)
    return self.decoder_pred(self.decoder_norm(x))[:, 1:]  # (N, L, p*p*C), without the class token
    # ---- END YOUR CODE ----
