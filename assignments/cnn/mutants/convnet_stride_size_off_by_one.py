# question: convnet
# the strided convolution's output size is computed as (size - k + 1) // 2, one too small when size - k is even.
POOLINGS = ("max", "avg", "stride", "none")


def feature_map_size(size, kernel_size, pooling):
    """The side of a stage's output (convolution without padding, then pooling) on a size x size input."""
    # ---- YOUR CODE (feature_map_size) ----
    if pooling == "stride":
        return (size - kernel_size + 1) // 2  # the convolution moves two pixels at a time
    size = size - kernel_size + 1  # stride-1 convolution, no padding
    return size // 2 if pooling in ("max", "avg") else size
    # ---- END YOUR CODE ----


class ConvNet(nn.Module):
    """The CIFAR-10 tutorial's classifier: two (convolution, ReLU, pooling) stages, then three linear layers."""

    def __init__(self, in_channels=3, image_size=32, num_classes=10, kernel_size=5, pooling="max",
                 channels=(6, 16), hidden=(120, 84)):
        super().__init__()
        if pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, not {pooling!r}")
        self.pooling = pooling
        # ---- YOUR CODE (the layers conv1, conv2, fc1, fc2, fc3) ----
        stride = 2 if pooling == "stride" else 1
        self.conv1 = nn.Conv2d(in_channels, channels[0], kernel_size, stride=stride)
        self.conv2 = nn.Conv2d(channels[0], channels[1], kernel_size, stride=stride)
        self.pool = {"max": nn.MaxPool2d(2), "avg": nn.AvgPool2d(2)}.get(pooling, nn.Identity())
        side = feature_map_size(feature_map_size(image_size, kernel_size, pooling), kernel_size, pooling)
        self.fc1 = nn.Linear(channels[1] * side * side, hidden[0])
        self.fc2 = nn.Linear(hidden[0], hidden[1])
        self.fc3 = nn.Linear(hidden[1], num_classes)
        # ---- END YOUR CODE ----

    def features(self, x):
        """x (N, in_channels, H, W) -> the second stage's output (N, channels[1], s, s)."""
        # ---- YOUR CODE (ConvNet.features) ----
        x = self.pool(F.relu(self.conv1(x)))  # (N, channels[0], s1, s1)
        return self.pool(F.relu(self.conv2(x)))  # (N, channels[1], s, s)
        # ---- END YOUR CODE ----

    def forward(self, x):
        """x (N, in_channels, H, W) -> logits (N, num_classes), not normalised."""
        # ---- YOUR CODE (ConvNet.forward) ----
        x = self.features(x).flatten(1)  # (N, channels[1] * s * s)
        x = F.relu(self.fc1(x))  # (N, hidden[0])
        x = F.relu(self.fc2(x))  # (N, hidden[1])
        return self.fc3(x)  # (N, num_classes)
        # ---- END YOUR CODE ----
