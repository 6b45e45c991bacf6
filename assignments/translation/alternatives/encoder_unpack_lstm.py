# question: encoder
# The LSTM state unpacked into (h, c) explicitly; layers called through nn.functional.
class Encoder(nn.Module):
    """Reads the source sentence; returns every state and the decoder's initial state."""

    def __init__(self, input_size, emb_size, encoder_hidden_size, decoder_hidden_size, dropout=0.2, model_type="RNN"):
        super().__init__()
        self.model_type = model_type
        self.embedding = nn.Embedding(input_size, emb_size)
        self.recurrent = RECURRENT[model_type](emb_size, encoder_hidden_size, batch_first=True)
        self.linear1 = nn.Linear(encoder_hidden_size, encoder_hidden_size)
        self.linear2 = nn.Linear(encoder_hidden_size, decoder_hidden_size)
        self.dropout = nn.Dropout(dropout)

    def forward(self, input):
        """input (N, T) token ids -> (output (N, T, encoder_hidden_size), hidden).

        hidden is the decoder's initial state tanh(linear2(relu(linear1(h_T)))), (1, N, decoder_hidden_size);
        for an LSTM, the pair (that state, c_T) with the final cell state c_T as the LSTM returns it.
        """
        # ---- YOUR CODE (Encoder.forward) ----
        embedded = self.dropout(self.embedding(input))  # (N, T, emb)
        output, hidden = self.recurrent(embedded)  # (N, T, enc); (1, N, enc) or a pair of them for an LSTM
        if self.model_type == "LSTM":
            h_T, c_T = hidden
            return output, (torch.tanh(self.linear2(F.relu(self.linear1(h_T)))), c_T)
        return output, torch.tanh(self.linear2(F.relu(self.linear1(hidden))))
        # ---- END YOUR CODE ----
