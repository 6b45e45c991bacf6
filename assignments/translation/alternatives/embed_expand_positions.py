# question: transformer_embed
# Positions as an (N, T) index tensor, expanded over the batch.
@add_to_class(TransformerTranslator)
def embed(self, inputs):
    """inputs (N, T) token ids -> (N, T, hidden_dim): token embeddings plus the embeddings of positions 0..T-1."""
    # ---- YOUR CODE (TransformerTranslator.embed) ----
    N, T = inputs.shape
    positions = torch.arange(T, device=inputs.device).unsqueeze(0).expand(N, T)  # (N, T)
    return self.embeddingL(inputs) + self.posembeddingL(positions)
    # ---- END YOUR CODE ----
