# question: embedding_net
# normalised over the batch (dim=0) instead of each embedding
class EmbeddingNet(nn.Module):
    """A small CNN: images (B, 1, 28, 28) -> embeddings (B, embedding_dim) of unit length."""

    def __init__(self, embedding_dim=64):
        super().__init__()
        # ---- YOUR CODE (EmbeddingNet layers) ----
        def block(channels_in, channels_out):
            return [nn.Conv2d(channels_in, channels_out, 3, padding=1), nn.BatchNorm2d(channels_out), nn.ReLU()]

        self.features = nn.Sequential(*block(1, 32), nn.MaxPool2d(2),  # (B, 32, 14, 14)
                                      *block(32, 64), nn.MaxPool2d(2),  # (B, 64, 7, 7)
                                      *block(64, 128), nn.AdaptiveAvgPool2d(1))  # (B, 128, 1, 1)
        self.project = nn.Linear(128, embedding_dim)
        # ---- END YOUR CODE ----

    def forward(self, images):
        """images (B, 1, 28, 28) -> (B, embedding_dim), each row of norm 1."""
        # ---- YOUR CODE (EmbeddingNet.forward) ----
        features = self.features(images).flatten(1)  # (B, 128)
        return F.normalize(self.project(features), dim=0)  # (B, embedding_dim)
        # ---- END YOUR CODE ----
