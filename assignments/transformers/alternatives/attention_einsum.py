# question: attention
# one einsum per product, heads by reshape, the mask built with triu
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
        nh, hs = self.n_head, C // self.n_head
        qkv = self.c_attn(x).reshape(B, T, 3, nh, hs)  # (B, T, 3, nh, hs)
        q, k, v = qkv[:, :, 0], qkv[:, :, 1], qkv[:, :, 2]  # (B, T, nh, hs)
        scores = torch.einsum("bthd,bshd->bhts", q, k) / hs ** 0.5  # (B, nh, T, T)
        future = torch.triu(torch.ones(T, T, dtype=torch.bool, device=x.device), diagonal=1)
        att = self.attn_dropout(scores.masked_fill(future, -torch.inf).softmax(-1))
        y = torch.einsum("bhts,bshd->bthd", att, v).reshape(B, T, C)
        y = self.resid_dropout(self.c_proj(y))
        return (y, att) if return_attention else y
