# question: decoder_forward
# The context is concatenated before the embedded input: [context, embedded].
@add_to_class(Decoder)
def forward(self, input, hidden, encoder_outputs=None):
    """One step. input (N, 1) token ids, hidden (1, N, H) or (h, c) for an LSTM, encoder_outputs (N, T, H).

    Returns (log-probabilities of the next token (N, output_size), the new hidden state).
    """
    # ---- YOUR CODE (Decoder.forward) ----
    embedded = self.dropout(self.embedding(input))  # (N, 1, emb)
    if self.attention:
        query = hidden[0] if self.model_type == "LSTM" else hidden  # (1, N, dec): an LSTM's h, not its cell
        context = self.compute_attention(query, encoder_outputs) @ encoder_outputs  # (N, 1, enc)
        embedded = torch.cat([context, embedded], dim=-1)  # (N, 1, emb + enc)
    output, hidden = self.recurrent(embedded, hidden)  # (N, 1, dec)
    return torch.log_softmax(self.out(output[:, 0]), dim=-1), hidden  # (N, output_size)
    # ---- END YOUR CODE ----
