# question: lstm_forward
# Stacks the gate weights into (4, I, H) and (4, H, H) tensors, projects the whole input sequence at once with einsum, and only the recurrent product runs per step.
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
        W_x = torch.stack([getattr(self, "W_i" + k) for k in "ifgo"])  # (4, I, H)
        W_h = torch.stack([getattr(self, "W_h" + k) for k in "ifgo"])  # (4, H, H)
        b = torch.stack([getattr(self, "b_i" + k) + getattr(self, "b_h" + k) for k in "ifgo"])  # (4, H)
        x_proj = torch.einsum("bti,gih->tgbh", x, W_x) + b[None, :, None, :]  # (T, 4, B, H)
        for t in range(T):
            z = x_proj[t] + torch.einsum("bj,gjh->gbh", h_t, W_h)  # (4, B, H)
            i, f, o = torch.sigmoid(z[[0, 1, 3]])  # each (B, H)
            g = torch.tanh(z[2])  # (B, H)
            c_t = f * c_t + i * g  # (B, H)
            h_t = o * torch.tanh(c_t)  # (B, H)
        return h_t, c_t
        # ---- END YOUR CODE ----
