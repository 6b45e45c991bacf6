# question: mae_decoder
# The tokens are never put back in the original order.
@add_to_class(MaskedAutoencoder)
def forward_decoder(self, latent, ids_restore):
    """latent (N, 1 + len_keep, dim), ids_restore (N, L) -> pred (N, L, patch_size**2 * in_chans), original order."""
    # ---- YOUR CODE (forward_decoder) ----
    x = self.decoder_embed(latent)  # (N, 1 + len_keep, decoder_dim)
    N, L = ids_restore.shape
    mask_tokens = self.mask_token.expand(N, L + 1 - x.shape[1], -1)  # (N, L - len_keep, decoder_dim)
    patches = torch.cat([x[:, 1:], mask_tokens], dim=1)  # (N, L, decoder_dim), visible first: shuffled order
    x = torch.cat([x[:, :1], patches], dim=1) + self.decoder_pos_embed  # (N, 1 + L, decoder_dim)
    for block in self.decoder_blocks:
        x = block(x)
    return self.decoder_pred(self.decoder_norm(x))[:, 1:]  # (N, L, p*p*C), without the class token
    # ---- END YOUR CODE ----
