# question: gpt_forward
# nanoGPT's assert for the length, the position table sliced, the loss by gather
class GPT(nn.Module):
    """A GPT-2-style language model with nanoGPT's names (so GPT-2's weights load by name)."""

    def __init__(self, vocab_size, block_size, n_layer, n_head, n_embd, dropout=0.0):
        super().__init__()
        self.block_size = block_size
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(vocab_size, n_embd),  # token embeddings
            wpe=nn.Embedding(block_size, n_embd),  # position embeddings
            drop=nn.Dropout(dropout),
            h=nn.ModuleList([Block(n_embd, n_head, block_size, dropout) for _ in range(n_layer)]),
            ln_f=nn.LayerNorm(n_embd),
        ))
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight  # weight tying
        self.apply(self._init_weights)
        for name, p in self.named_parameters():  # GPT-2's scaled initialisation of the residual projections
            if name.endswith("c_proj.weight"):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))

    def _init_weights(self, module):
        if isinstance(module, (nn.Linear, nn.Embedding)):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            torch.nn.init.zeros_(module.bias)

    def forward(self, idx, targets=None):
        """idx (B, T) int64 -> (logits (B, T, vocab_size), loss or None)."""
        B, T = idx.shape
        assert T <= self.block_size, f"sequence of {T} tokens, but block_size is {self.block_size}"
        tokens = self.transformer.wte(idx)  # (B, T, C)
        positions = self.transformer.wpe.weight[:T].unsqueeze(0)  # (1, T, C)
        x = self.transformer.drop(tokens + positions)
        for block in self.transformer.h:
            x = block(x)
        logits = self.transformer.ln_f(x) @ self.lm_head.weight.T  # (B, T, vocab_size)
        if targets is None:
            return logits, None
        log_probs = torch.log_softmax(logits, dim=-1)
        return logits, -log_probs.gather(-1, targets.unsqueeze(-1)).mean()
