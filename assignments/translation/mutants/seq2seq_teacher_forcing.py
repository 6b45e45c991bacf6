# question: seq2seq
# Teacher forcing: the given tokens source[:, t] are fed back instead of the predictions.
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
        outputs = []
        for t in range(out_seq_len):
            log_probs, hidden = self.decoder(source[:, t:t + 1], hidden, encoder_outputs)  # (N, V)
            outputs.append(log_probs)
        return torch.stack(outputs, dim=1)  # (N, out_seq_len, V)
        # ---- END YOUR CODE ----
