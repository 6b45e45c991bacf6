# question: rnn_forward
# Applies input_to_hidden to the whole sequence before the loop and hidden_to_output to all states after it, indexing time with unbind.
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
        B = x.shape[0]
        h = x.new_zeros(B, self.hidden_size) if h0 is None else h0  # (B, H)
        x_proj = self.input_to_hidden(x)  # (B, T, H): nn.Linear acts on the last dimension
        states = []
        for a_x in x_proj.unbind(dim=1):  # each (B, H)
            h = torch.tanh(a_x + self.hidden_to_hidden(h))  # (B, H)
            states.append(h)
        return self.hidden_to_output(torch.stack(states, dim=1)), h  # (B, T, O), (B, H)
        # ---- END YOUR CODE ----
