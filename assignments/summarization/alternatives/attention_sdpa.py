# question: attention
# The output from F.scaled_dot_product_attention (boolean mask: True takes part), the weights for self.attn
# from an explicit softmax; heads split with unflatten, rows with nothing allowed zeroed with torch.where.
class MultiHeadAttention(nn.Module):
    """Scaled dot-product attention with num_heads heads of d_model // num_heads features each."""

    def __init__(self, d_model, num_heads, dropout=0.0):
        super().__init__()
        assert d_model % num_heads == 0, "d_model must be a multiple of num_heads"
        self.num_heads, self.d_k = num_heads, d_model // num_heads
        self.w_q = nn.Linear(d_model, d_model)
        self.w_k = nn.Linear(d_model, d_model)
        self.w_v = nn.Linear(d_model, d_model)
        self.w_o = nn.Linear(d_model, d_model)
        self.dropout = nn.Dropout(dropout)
        self.attn = None

    def forward(self, query, key, value, mask=None):
        """query (B, Tq, D), key and value (B, Tk, D), mask broadcastable to (B, h, Tq, Tk) -> (B, Tq, D)."""
        B, Tq, D = query.shape
        Tk = key.shape[1]
        heads = lambda x: x.unflatten(-1, (self.num_heads, self.d_k)).permute(0, 2, 1, 3)
        q, k, v = heads(self.w_q(query)), heads(self.w_k(key)), heads(self.w_v(value))
        p = self.dropout.p if self.training else 0.0
        if mask is None:
            out = F.scaled_dot_product_attention(q, k, v, dropout_p=p)
            self.attn = torch.softmax(q @ k.transpose(-2, -1) * self.d_k ** -0.5, dim=-1)
        else:
            mask = mask.expand(B, self.num_heads, Tq, Tk)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=p)
            anything = mask.any(dim=-1, keepdim=True)  # (B, h, Tq, 1)
            out = torch.where(anything, out, torch.zeros((), dtype=out.dtype))
            scores = (q @ k.transpose(-2, -1) * self.d_k ** -0.5).masked_fill(~mask, float("-inf"))
            self.attn = torch.where(anything, torch.softmax(scores, dim=-1), torch.zeros((), dtype=out.dtype))
        return self.w_o(out.permute(0, 2, 1, 3).flatten(2))
