# question: rnn_forward
# tanh is left out, so the recurrence is linear: h_t = W_ih x_t + b_ih + W_hh h_{t-1} + b_hh.
class VanillaRNN(nn.Module):
    """An Elman RNN: h_t = tanh(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh), y_t = W_ho h_t + b_ho."""

    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.input_to_hidden = nn.Linear(input_size, hidden_size)
        self.hidden_to_hidden = nn.Linear(hidden_size, hidden_size)
        self.hidden_to_output = nn.Linear(hidden_size, output_size)

    def forward(self, x, h0=None):
        """x: (B, T, input_size), h0: (B, hidden_size) or None.

        Returns (outputs, h_T): outputs (B, T, output_size), h_T (B, hidden_size).
        """
        # ---- YOUR CODE (VanillaRNN.forward) ----
        B, T, _ = x.shape
        h = x.new_zeros(B, self.hidden_size) if h0 is None else h0  # (B, H)
        outputs = []
        for t in range(T):
            h = self.input_to_hidden(x[:, t]) + self.hidden_to_hidden(h)  # (B, H)
            outputs.append(self.hidden_to_output(h))  # (B, O)
        return torch.stack(outputs, dim=1), h  # (B, T, O), (B, H)
        # ---- END YOUR CODE ----
