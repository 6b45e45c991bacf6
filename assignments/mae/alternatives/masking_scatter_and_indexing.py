# question: random_masking
# randperm per sample, ids_restore by scatter, advanced indexing, mask by scatter.
def random_masking(x, mask_ratio, ids_shuffle=None):
    """x (N, L, D) -> x_masked (N, len_keep, D), mask (N, L) (0 kept, 1 removed), ids_restore (N, L).

    The kept tokens are the first len_keep = floor(L * (1 - mask_ratio)) of ids_shuffle (N, L), a random
    permutation per sample unless given: x_masked[n, i] = x[n, ids_shuffle[n, i]].
    """
    N, L, D = x.shape
    # ---- YOUR CODE (random_masking) ----
    len_keep = int(L * (1 - mask_ratio))
    if ids_shuffle is None:
        ids_shuffle = torch.stack([torch.randperm(L, device=x.device) for _ in range(N)])
    positions = torch.arange(L, device=x.device).expand(N, L)
    ids_restore = torch.empty_like(ids_shuffle).scatter_(1, ids_shuffle, positions)
    ids_keep = ids_shuffle[:, :len_keep]
    x_masked = x[torch.arange(N, device=x.device)[:, None], ids_keep]
    mask = torch.ones(N, L, device=x.device).scatter_(1, ids_keep, 0.0)
    return x_masked, mask, ids_restore
    # ---- END YOUR CODE ----
