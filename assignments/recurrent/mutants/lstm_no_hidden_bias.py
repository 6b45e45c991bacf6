# question: lstm_forward
# The hidden biases b_h* are left out of every gate pre-activation.
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
        if init_states is None:
            h_t = x.new_zeros(B, self.hidden_size)  # (B, H)
            c_t = x.new_zeros(B, self.hidden_size)  # (B, H)
        else:
            h_t, c_t = init_states

        def gate(name, x_t, h_t):
            W_i, W_h = getattr(self, f"W_i{name}"), getattr(self, f"W_h{name}")
            b_i = getattr(self, f"b_i{name}")
            return x_t @ W_i + b_i + h_t @ W_h  # (B, H)

        for t in range(T):
            x_t = x[:, t, :]  # (B, I)
            i_t = torch.sigmoid(gate("i", x_t, h_t))
            f_t = torch.sigmoid(gate("f", x_t, h_t))
            g_t = torch.tanh(gate("g", x_t, h_t))
            o_t = torch.sigmoid(gate("o", x_t, h_t))
            c_t = f_t * c_t + i_t * g_t  # (B, H)
            h_t = o_t * torch.tanh(c_t)  # (B, H)
        return h_t, c_t
        # ---- END YOUR CODE ----
