# question: lstm_forward
# Uses a hand-written sigmoid 1 / (1 + exp(-z)) and a dict of gates built in a comprehension.
class LSTM(nn.Module):
    """One LSTM layer built from nn.Parameter, with the gate equations of nn.LSTM."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        # i: input gate, f: forget gate, g: cell candidate, o: output gate
        for gate in "ifgo":
            setattr(self, f"W_i{gate}", nn.Parameter(torch.empty(input_size, hidden_size)))
            setattr(self, f"W_h{gate}", nn.Parameter(torch.empty(hidden_size, hidden_size)))
            setattr(self, f"b_i{gate}", nn.Parameter(torch.empty(hidden_size)))
            setattr(self, f"b_h{gate}", nn.Parameter(torch.empty(hidden_size)))
        bound = 1 / math.sqrt(hidden_size)  # the initialisation nn.LSTM uses
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x, init_states=None):
        """x: (B, T, input_size); init_states: None or (h_0, c_0), each (B, hidden_size).

        Returns the final (h_t, c_t), each (B, hidden_size).
        """
        # ---- YOUR CODE (LSTM.forward) ----
        B, T, _ = x.shape
        H = self.hidden_size
        h_t, c_t = (x.new_zeros(B, H), x.new_zeros(B, H)) if init_states is None else init_states

        def sigmoid(z):
            return 1 / (1 + torch.exp(-z))

        for t in range(T):
            x_t = x[:, t]  # (B, I)
            z = {k: x_t @ getattr(self, "W_i" + k) + getattr(self, "b_i" + k)
                 + h_t @ getattr(self, "W_h" + k) + getattr(self, "b_h" + k) for k in "ifgo"}  # each (B, H)
            c_t = sigmoid(z["f"]) * c_t + sigmoid(z["i"]) * torch.tanh(z["g"])  # (B, H)
            h_t = sigmoid(z["o"]) * torch.tanh(c_t)  # (B, H)
        return h_t, c_t
        # ---- END YOUR CODE ----
