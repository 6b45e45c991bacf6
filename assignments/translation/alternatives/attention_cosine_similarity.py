# question: decoder_attention
# F.cosine_similarity with broadcasting, then a softmax over the positions.
@add_to_class(Decoder)
def compute_attention(self, hidden, encoder_outputs):
    """hidden (1, N, H), encoder_outputs (N, T, H) -> attention weights (N, 1, T).

    The softmax over the T source positions of the cosine similarity between hidden and each encoder output.
    """
    # ---- YOUR CODE (Decoder.compute_attention) ----
    similarity = F.cosine_similarity(hidden.transpose(0, 1), encoder_outputs, dim=-1)  # (N, 1, H) vs (N, T, H) -> (N, T)
    return F.softmax(similarity, dim=1).unsqueeze(1)  # (N, 1, T)
    # ---- END YOUR CODE ----
