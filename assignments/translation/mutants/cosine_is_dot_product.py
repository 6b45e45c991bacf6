# question: decoder_attention
# A dot product instead of the cosine similarity (nothing is normalised).
@add_to_class(Decoder)
def compute_attention(self, hidden, encoder_outputs):
    """hidden (1, N, H), encoder_outputs (N, T, H) -> attention weights (N, 1, T).

    The softmax over the T source positions of the cosine similarity between hidden and each encoder output.
    """
    # ---- YOUR CODE (Decoder.compute_attention) ----
    query = hidden.transpose(0, 1)  # (N, 1, H), unit length
    keys = encoder_outputs  # (N, T, H), unit length
    return torch.softmax(query @ keys.transpose(1, 2), dim=-1)  # (N, 1, T): cosines, softmax over positions
    # ---- END YOUR CODE ----
