# question: decoder_forward
# The context through torch.bmm, the LSTM query taken by isinstance, F.log_softmax.
@add_to_class(Decoder)
def forward(self, input, hidden, encoder_outputs=None):
    """One step. input (N, 1) token ids, hidden (1, N, H) or (h, c) for an LSTM, encoder_outputs (N, T, H).

    Returns (log-probabilities of the next token (N, output_size), the new hidden state).
    """
    # ---- YOUR CODE (Decoder.forward) ----
    embedded = self.dropout(self.embedding(input))  # (N, 1, emb)
    if self.attention:
        query = hidden[0] if isinstance(hidden, tuple) else hidden
        context = torch.bmm(self.compute_attention(query, encoder_outputs), encoder_outputs)
        embedded = torch.cat([embedded, context], dim=-1)  # (N, 1, emb + enc)
    output, hidden = self.recurrent(embedded, hidden)  # (N, 1, dec)
    return F.log_softmax(self.out(output.squeeze(1)), dim=1), hidden  # (N, output_size)
    # ---- END YOUR CODE ----
