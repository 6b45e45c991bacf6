# question: embedding_net
# strided convolutions without batch norm, and a flattening layer
class EmbeddingNet(nn.Module):
    """A small CNN: images (B, 1, 28, 28) -> embeddings (B, embedding_dim) of unit length."""

    def __init__(self, embedding_dim=64):
        super().__init__()
        # ---- YOUR CODE (EmbeddingNet layers) ----
        self.features = nn.Sequential(nn.Conv2d(1, 16, 5, stride=2, padding=2), nn.ReLU(),  # (B, 16, 14, 14)
                                      nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),  # (B, 32, 7, 7)
                                      nn.Flatten())  # (B, 1568)
        self.project = nn.Linear(32 * 7 * 7, embedding_dim)
        # ---- END YOUR CODE ----

    def forward(self, images):
        """images (B, 1, 28, 28) -> (B, embedding_dim), each row of norm 1."""
        # ---- YOUR CODE (EmbeddingNet.forward) ----
        features = self.features(images).flatten(1)  # (B, 128)
        return F.normalize(self.project(features), dim=1)  # (B, embedding_dim)
        # ---- END YOUR CODE ----
