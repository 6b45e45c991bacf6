# question: mlp
# a ReLU is applied after the last linear layer too.
class MLP(nn.Module):
    """Flatten the image, then Linear + ReLU for each size in hidden, then a Linear layer to the classes."""

    def __init__(self, in_channels=3, image_size=32, num_classes=10, hidden=(256, 128)):
        super().__init__()
        # ---- YOUR CODE (MLP layers) ----
        sizes = [in_channels * image_size * image_size, *hidden]
        layers = [nn.Flatten()]
        for n_in, n_out in zip(sizes, sizes[1:]):
            layers += [nn.Linear(n_in, n_out), nn.ReLU()]
        self.layers = nn.Sequential(*layers, nn.Linear(sizes[-1], num_classes), nn.ReLU())
        # ---- END YOUR CODE ----

    def forward(self, x):
        """x (N, in_channels, image_size, image_size) -> logits (N, num_classes)."""
        # ---- YOUR CODE (MLP.forward) ----
        return self.layers(x)
        # ---- END YOUR CODE ----


def mlp_width(num_parameters, in_features, num_classes):
    """The width h of MLP(hidden=(h, h)) whose parameter count is closest to num_parameters."""
    # ---- YOUR CODE (mlp_width) ----
    def count(h):  # (in + 1) h + (h + 1) h + (h + 1) classes
        return h * h + (in_features + num_classes + 2) * h + num_classes

    b, c = in_features + num_classes + 2, num_classes - num_parameters
    root = (-b + math.sqrt(b * b - 4 * c)) / 2  # count(h) = num_parameters
    candidates = {max(1, math.floor(root)), max(1, math.floor(root) + 1)}
    return min(sorted(candidates), key=lambda h: abs(count(h) - num_parameters))
    # ---- END YOUR CODE ----
