# question: lstm_forward
# Concatenates the four gates' weights into (I, 4H) and (H, 4H) matrices, does one fused multiply per step and splits with chunk(4).
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
        h_t, c_t = init_states if init_states is not None else (x.new_zeros(B, H), x.new_zeros(B, H))
        W_x = torch.cat([self.W_ii, self.W_if, self.W_ig, self.W_io], dim=1)  # (I, 4H)
        W_h = torch.cat([self.W_hi, self.W_hf, self.W_hg, self.W_ho], dim=1)  # (H, 4H)
        b = torch.cat([self.b_ii, self.b_if, self.b_ig, self.b_io])  # (4H,)
        b = b + torch.cat([self.b_hi, self.b_hf, self.b_hg, self.b_ho])  # (4H,) both biases
        for t in range(T):
            z = x[:, t] @ W_x + h_t @ W_h + b  # (B, 4H)
            i, f, g, o = z.chunk(4, dim=1)  # each (B, H)
            c_t = torch.sigmoid(f) * c_t + torch.sigmoid(i) * torch.tanh(g)  # (B, H)
            h_t = torch.sigmoid(o) * torch.tanh(c_t)  # (B, H)
        return h_t, c_t
        # ---- END YOUR CODE ----
