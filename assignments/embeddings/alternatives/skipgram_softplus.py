# question: skipgram_loss
# -log sigmoid(x) = softplus(-x), scores with einsum
class SkipGramNS(nn.Module):
    """Skip-gram with negative sampling: input vectors v (in_embed) and output vectors u (out_embed)."""

    def __init__(self, vocab_size, embedding_dim):
        super().__init__()
        # ---- YOUR CODE (SkipGramNS layers) ----
        self.in_embed = nn.Embedding(vocab_size, embedding_dim)
        self.out_embed = nn.Embedding(vocab_size, embedding_dim)
        # ---- END YOUR CODE ----

    def loss(self, center, context, negatives):
        """center (B,), context (B,), negatives (B, K) ids -> the mean over the batch of
        -log sigmoid(u_o . v_c) - sum_k log sigmoid(-u_k . v_c)."""
        # ---- YOUR CODE (SkipGramNS.loss) ----
        v = self.in_embed(center)
        positive = torch.einsum("bd,bd->b", self.out_embed(context), v)
        negative = torch.einsum("bkd,bd->bk", self.out_embed(negatives), v)
        return (F.softplus(-positive) + F.softplus(negative).sum(1)).mean()
        # ---- END YOUR CODE ----
