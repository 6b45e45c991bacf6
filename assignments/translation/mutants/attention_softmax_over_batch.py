# question: decoder_attention
# The attention softmax runs over the batch instead of the source positions.
@add_to_class(Decoder)
def compute_attention(self, hidden, encoder_outputs):
    """hidden (1, N, H), encoder_outputs (N, T, H) -> attention weights (N, 1, T).

    The softmax over the T source positions of the cosine similarity between hidden and each encoder output.
    """
    # ---- YOUR CODE (Decoder.compute_attention) ----
    query = F.normalize(hidden.transpose(0, 1), dim=-1)  # (N, 1, H), unit length
    keys = F.normalize(encoder_outputs, dim=-1)  # (N, T, H), unit length
    return torch.softmax(query @ keys.transpose(1, 2), dim=0)  # (N, 1, T): cosines, softmax over positions
    # ---- END YOUR CODE ----
