# question: rnn_forward
# Preallocates the (B, T, O) output tensor and fills it in place, one time step at a time.
class VanillaRNN(nn.Module):
    """An Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), y_t = W_hy h_t + b_hy."""

    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.input_to_hidden = nn.Linear(input_size, hidden_size)
        self.hidden_to_hidden = nn.Linear(hidden_size, hidden_size)
        self.hidden_to_output = nn.Linear(hidden_size, output_size)

    def forward(self, x, h0=None):
        """x: (B, T, input_size), h0: (B, hidden_size) or None.

        Returns (outputs, h_t): outputs (B, T, output_size), h_t (B, hidden_size).
        """
        # ---- YOUR CODE (VanillaRNN.forward) ----
        B, T, _ = x.shape
        h = torch.zeros(B, self.hidden_size, dtype=x.dtype, device=x.device) if h0 is None else h0  # (B, H)
        outputs = x.new_empty(B, T, self.hidden_to_output.out_features)  # (B, T, O)
        for t in range(T):
            h = torch.tanh(self.input_to_hidden(x[:, t]) + self.hidden_to_hidden(h))  # (B, H)
            outputs[:, t] = self.hidden_to_output(h)  # (B, O)
        return outputs, h
        # ---- END YOUR CODE ----
