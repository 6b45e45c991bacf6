# question: transformer_embed
# The position embeddings are not added.
@add_to_class(TransformerTranslator)
def embed(self, inputs):
    """inputs (N, T) token ids -> (N, T, hidden_dim): token embeddings plus the embeddings of positions 0..T-1."""
    # ---- YOUR CODE (TransformerTranslator.embed) ----
    positions = torch.arange(inputs.shape[1], device=inputs.device)  # (T,)
    return self.embeddingL(inputs)  # (N, T, D) + (T, D)
    # ---- END YOUR CODE ----
