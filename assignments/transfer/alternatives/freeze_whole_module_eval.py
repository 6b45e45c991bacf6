# question: freeze
# freeze puts the whole module in eval mode (dropout off too) and uses requires_grad_ on the module.
def freeze(module):
    """No gradient for any parameter; batch-norm layers in eval mode (their running statistics stay as they are)."""
    module.requires_grad_(False)
    module.eval()
    return module


def unfreeze(module):
    """Every parameter trainable again, and the whole module in train mode."""
    module.requires_grad_(True)
    module.train(True)
    return module
