# question: mlp
# the layers in an nn.ModuleList applied in a loop; mlp_width by a search over the widths.
class MLP(nn.Module):
    """Flatten the image, then Linear + ReLU for each size in hidden, then a Linear layer to the classes."""

    def __init__(self, in_channels=3, image_size=32, num_classes=10, hidden=(256, 128)):
        super().__init__()
        # ---- YOUR CODE (MLP layers) ----
        sizes = [in_channels * image_size * image_size, *hidden, num_classes]
        self.linears = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes, sizes[1:]))
        # ---- END YOUR CODE ----

    def forward(self, x):
        """x (N, in_channels, image_size, image_size) -> logits (N, num_classes)."""
        # ---- YOUR CODE (MLP.forward) ----
        x = x.reshape(len(x), -1)
        for layer in self.linears[:-1]:
            x = torch.relu(layer(x))
        return self.linears[-1](x)
        # ---- END YOUR CODE ----


def mlp_width(num_parameters, in_features, num_classes):
    """The width h of MLP(hidden=(h, h)) whose parameter count is closest to num_parameters."""
    # ---- YOUR CODE (mlp_width) ----
    def count(h):  # (in + 1) h + (h + 1) h + (h + 1) classes
        return h * h + (in_features + num_classes + 2) * h + num_classes

    h = 1
    while count(h + 1) < num_parameters:
        h += 1
    return h + 1 if abs(count(h + 1) - num_parameters) < abs(count(h) - num_parameters) else h
    # ---- END YOUR CODE ----
