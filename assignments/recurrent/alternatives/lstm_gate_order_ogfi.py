# question: lstm_forward
# Writes each gate out explicitly and computes them in the order o, g, f, i, updating c_t in two steps.
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
            h_t = torch.zeros(B, self.hidden_size, dtype=x.dtype, device=x.device)  # (B, H)
            c_t = torch.zeros_like(h_t)  # (B, H)
        else:
            h_t, c_t = init_states
        for t in range(T):
            x_t = x[:, t, :]  # (B, I)
            o_t = torch.sigmoid(x_t @ self.W_io + self.b_io + h_t @ self.W_ho + self.b_ho)  # (B, H)
            g_t = torch.tanh(x_t @ self.W_ig + self.b_ig + h_t @ self.W_hg + self.b_hg)  # (B, H)
            f_t = torch.sigmoid(x_t @ self.W_if + self.b_if + h_t @ self.W_hf + self.b_hf)  # (B, H)
            i_t = torch.sigmoid(x_t @ self.W_ii + self.b_ii + h_t @ self.W_hi + self.b_hi)  # (B, H)
            kept = f_t * c_t  # (B, H) what survives of c_{t-1}
            c_t = kept + i_t * g_t  # (B, H)
            h_t = o_t * torch.tanh(c_t)  # (B, H)
        return h_t, c_t
        # ---- END YOUR CODE ----
