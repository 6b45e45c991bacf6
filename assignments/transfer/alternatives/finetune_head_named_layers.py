# question: finetune_head
# Named layers and a functional ReLU instead of nn.Sequential.
class FineTuneHead(nn.Module):
    """The new task's classifier on the extractor's features: (B, in_features) -> (B, num_classes) logits."""

    def __init__(self, in_features, num_classes, hidden=None):
        super().__init__()
        self.hidden = None if hidden is None else nn.Linear(in_features, hidden)
        self.out = nn.Linear(in_features if hidden is None else hidden, num_classes)

    def forward(self, features):
        """features (B, in_features) -> logits (B, num_classes)."""
        if self.hidden is not None:
            features = F.relu(self.hidden(features))
        return self.out(features)
