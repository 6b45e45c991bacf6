# question: generate
# top-k applied to the probabilities (zeroed, then renormalised), the context cropped by its length
@add_to_class(GPT)
@torch.no_grad()
def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None, generator=None):
    """idx (B, T) token ids -> (B, T + max_new_tokens): idx followed by max_new_tokens sampled tokens."""
    for _ in range(max_new_tokens):
        start = max(0, idx.shape[1] - self.block_size)
        logits = self(idx[:, start:])[0][:, -1]  # (B, vocab_size)
        probs = torch.softmax(logits / temperature, dim=-1)
        if top_k is not None:
            kept = torch.zeros_like(probs).scatter(1, probs.topk(min(top_k, probs.shape[-1]), dim=-1).indices, 1.0)
            probs = probs * kept
            probs = probs / probs.sum(-1, keepdim=True)
        idx = torch.cat([idx, torch.multinomial(probs, 1, generator=generator)], dim=1)
    return idx
