# question: attention
# one head at a time by slicing the features, the heads concatenated back
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
        hs = C // self.n_head
        qkv = self.c_attn(x)
        outputs, weights = [], []
        for h in range(self.n_head):
            q = qkv[..., h * hs:(h + 1) * hs]  # (B, T, hs)
            k = qkv[..., C + h * hs:C + (h + 1) * hs]
            v = qkv[..., 2 * C + h * hs:2 * C + (h + 1) * hs]
            scores = torch.bmm(q, k.transpose(1, 2)) / math.sqrt(hs)  # (B, T, T)
            scores = torch.where(self.mask[:T, :T], scores, torch.full_like(scores, float("-inf")))
            a = self.attn_dropout(torch.softmax(scores, dim=2))
            outputs.append(torch.bmm(a, v))
            weights.append(a)
        y = self.resid_dropout(self.c_proj(torch.cat(outputs, dim=-1)))
        return (y, torch.stack(weights, dim=1)) if return_attention else y
