# question: seq2seq
# The outputs are written into a preallocated tensor; the argmax is taken with torch.max.
class Seq2Seq(nn.Module):
    """An encoder and a decoder: translates greedily, each step fed with the previous step's prediction."""

    def __init__(self, encoder, decoder, device):
        super().__init__()
        self.device = device
        self.encoder = encoder.to(device)
        self.decoder = decoder.to(device)

    def forward(self, source, out_seq_len=None):
        """source (N, T) token ids starting with <sos> -> log-probabilities (N, out_seq_len, decoder.output_size).

        out_seq_len defaults to T.
        """
        # ---- YOUR CODE (Seq2Seq.forward) ----
        out_seq_len = source.shape[1] if out_seq_len is None else out_seq_len
        encoder_outputs, hidden = self.encoder(source)  # (N, T, enc), the decoder's initial state
        input = source[:, :1]  # (N, 1): <sos>
        outputs = torch.zeros(source.shape[0], out_seq_len, self.decoder.output_size, device=self.device)
        for t in range(out_seq_len):
            outputs[:, t], hidden = self.decoder(input, hidden, encoder_outputs)
            input = torch.max(outputs[:, t], dim=1).indices.unsqueeze(1)
        return outputs
        # ---- END YOUR CODE ----
