# question: block
# the two sub-layers written out with named intermediate results
class Block(nn.Module):
    """A pre-norm Transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, n_embd, n_head, block_size, dropout=0.0):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size, dropout)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.mlp = MLP(n_embd, dropout)

    def forward(self, x):
        """x (B, T, C) -> (B, T, C)."""
        attended = self.attn(self.ln_1(x))
        h = x + attended
        return h + self.mlp(self.ln_2(h))
