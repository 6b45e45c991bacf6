# question: causal_mask
# Compare the key positions with the query positions by broadcasting.
def make_causal_mask(T):
    """(1, 1, T, T) boolean: True where the key position j is not after the query position i."""
    positions = torch.arange(T)
    return (positions[None, :] <= positions[:, None]).view(1, 1, T, T)
