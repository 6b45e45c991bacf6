# question: random_masking
# A given ids_shuffle is ignored: a fresh permutation is always drawn.
def random_masking(x, mask_ratio, ids_shuffle=None):
    """x (N, L, D) -> x_masked (N, len_keep, D), mask (N, L) (0 kept, 1 removed), ids_restore (N, L).

    The kept tokens are the first len_keep = floor(L * (1 - mask_ratio)) of ids_shuffle (N, L), a random
    permutation per sample unless given: x_masked[n, i] = x[n, ids_shuffle[n, i]].
    """
    N, L, D = x.shape
    # ---- YOUR CODE (random_masking) ----
    len_keep = int(L * (1 - mask_ratio))
    if True:
        noise = torch.rand(N, L, device=x.device)  # one uniform draw per token of every sample
        ids_shuffle = torch.argsort(noise, dim=1)  # (N, L), small noise first: kept
    ids_restore = torch.argsort(ids_shuffle, dim=1)  # (N, L), the inverse permutation
    ids_keep = ids_shuffle[:, :len_keep]  # (N, len_keep)
    x_masked = torch.gather(x, 1, ids_keep.unsqueeze(-1).expand(-1, -1, D))  # (N, len_keep, D)
    mask = torch.ones(N, L, device=x.device)
    mask[:, :len_keep] = 0  # in shuffled order the kept tokens come first
    mask = torch.gather(mask, 1, ids_restore)  # (N, L), back in the original order
    return x_masked, mask, ids_restore
    # ---- END YOUR CODE ----
