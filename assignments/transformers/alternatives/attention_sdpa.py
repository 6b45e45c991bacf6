# question: attention
# PyTorch's fused attention for y; the weights computed separately only when they are asked for
class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention with nanoGPT's names (they are GPT-2's)."""

    def __init__(self, n_embd, n_head, block_size, dropout=0.0):
        super().__init__()
        assert n_embd % n_head == 0, "n_embd must be a multiple of n_head"
        self.n_embd, self.n_head = n_embd, n_head
        self.c_attn = nn.Linear(n_embd, 3 * n_embd)
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.attn_dropout = nn.Dropout(dropout)
        self.resid_dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.tril(torch.ones(block_size, block_size, dtype=torch.bool)),
                             persistent=False)

    def forward(self, x, return_attention=False):
        """x (B, T, C) -> y (B, T, C), or (y, att) with att (B, nh, T, T) when return_attention."""
        B, T, C = x.shape
        heads = lambda t: t.unflatten(-1, (self.n_head, -1)).transpose(1, 2)  # (B, nh, T, hs)
        q, k, v = map(heads, self.c_attn(x).chunk(3, dim=-1))
        p = self.attn_dropout.p if self.training else 0.0
        y = F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=True)  # (B, nh, T, hs)
        y = self.resid_dropout(self.c_proj(y.transpose(1, 2).reshape(B, T, C)))
        if not return_attention:
            return y
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        att = torch.softmax(scores.masked_fill(~self.mask[:T, :T], float("-inf")), dim=-1)
        return y, att
