# question: gradual_unfreezing
# Rates built from the top down; requires_grad set parameter by parameter.
def discriminative_lrs(base_lr, n_groups, factor=2.6):
    """Learning rates from the bottom group to the top one: base_lr at the top, divided by factor per group down."""
    rates = []
    rate = base_lr
    for _ in range(n_groups):
        rates.insert(0, rate)
        rate = rate / factor
    return rates


def unfreeze_top(groups, k):
    """groups from the bottom to the top: the last k unfrozen, the others frozen."""
    first_trainable = max(len(groups) - k, 0)
    for position, group in enumerate(groups):
        for parameter in group.parameters():
            parameter.requires_grad = position >= first_trainable
