# question: label_smoothing
# PyTorch's own: cross_entropy with label_smoothing mixes the one-hot target with the uniform distribution
# over all V classes, and ignore_index leaves the padding out of the mean.
def label_smoothed_loss(logits, target, pad_id, smoothing=0.1):
    """logits (B, T, V), target (B, T) ids -> the label-smoothed cross-entropy, averaged over non-padding tokens."""
    return F.cross_entropy(logits.flatten(0, 1), target.flatten(), ignore_index=pad_id, label_smoothing=smoothing)
