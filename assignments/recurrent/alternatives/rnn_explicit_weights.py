# question: rnn_forward
# Uses the layers' weight and bias tensors directly with torch.addmm and x @ W.T + b, applying the output layer once to the stacked states.
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
        W_ih, b_ih = self.input_to_hidden.weight, self.input_to_hidden.bias  # (H, I), (H,)
        W_hh, b_hh = self.hidden_to_hidden.weight, self.hidden_to_hidden.bias  # (H, H), (H,)
        W_hy, b_hy = self.hidden_to_output.weight, self.hidden_to_output.bias  # (O, H), (O,)
        h = x.new_zeros(B, self.hidden_size) if h0 is None else h0  # (B, H)
        states = []
        for t in range(T):
            h = torch.tanh(torch.addmm(b_ih, x[:, t], W_ih.T) + torch.addmm(b_hh, h, W_hh.T))  # (B, H)
            states.append(h)
        hs = torch.stack(states, dim=1)  # (B, T, H)
        return hs @ W_hy.T + b_hy, h  # (B, T, O), (B, H)
        # ---- END YOUR CODE ----
