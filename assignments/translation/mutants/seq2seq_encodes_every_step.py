# question: seq2seq
# The source is encoded again at every step.
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
        for _ in range(out_seq_len):
            encoder_outputs, _ = self.encoder(source)
            log_probs, hidden = self.decoder(input, hidden, encoder_outputs)  # (N, V)
            outputs.append(log_probs)
            input = log_probs.argmax(dim=1, keepdim=True)  # (N, 1): the prediction is the next input
        return torch.stack(outputs, dim=1)  # (N, out_seq_len, V)
        # ---- END YOUR CODE ----
