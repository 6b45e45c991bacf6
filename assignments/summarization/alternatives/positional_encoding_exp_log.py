# question: positional_encoding
# The frequencies as exp(-2i log(10000) / d_model), the angles as an outer product, sines and cosines
# interleaved by stacking them on a last axis and flattening.
class PositionalEncoding(nn.Module):
    """Adds the sinusoidal encoding of each position to a batch of embeddings (B, T, d_model)."""

    def __init__(self, d_model, max_len=512, dropout=0.0):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        inverse = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float64) * (-math.log(10000.0) / d_model))
        angles = torch.outer(torch.arange(max_len, dtype=torch.float64), inverse)  # (max_len, d_model / 2)
        pe = torch.stack([angles.sin(), angles.cos()], dim=-1).flatten(1).float()  # sin, cos, sin, cos, ...
        self.register_buffer("pe", pe)

    def forward(self, x):
        """x (B, T, d_model) -> x + pe[:T] (B, T, d_model), then dropout."""
        return self.dropout(x + self.pe[: x.shape[1]])
