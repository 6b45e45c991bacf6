# question: patchify
# patchify with F.unfold and unpatchify with F.fold, reordering (c, u, v) to (u, v, c).
def patchify(imgs, patch_size):
    """imgs (N, C, H, W) -> patches (N, L, patch_size**2 * C), L = (H / patch_size) * (W / patch_size).

    Patches in row-major order, each flattened as (row in patch, column in patch, channel).
    """
    N, C, H, W = imgs.shape
    # ---- YOUR CODE (patchify) ----
    p = patch_size
    if H % p or W % p:
        raise ValueError(f"patchify: the image size {H}x{W} is not a multiple of patch_size={p}")
    columns = nn.functional.unfold(imgs, kernel_size=p, stride=p)  # (N, C*p*p, L), each column (c, u, v)
    columns = columns.reshape(N, C, p * p, -1)
    return columns.permute(0, 3, 2, 1).reshape(N, -1, p * p * C)  # (N, L, p*p*C), (u, v, c)
    # ---- END YOUR CODE ----


def unpatchify(x, patch_size, channels):
    """patches (N, L, patch_size**2 * channels) of a square grid -> imgs (N, channels, H, W); inverts patchify."""
    N, L, _ = x.shape
    # ---- YOUR CODE (unpatchify) ----
    p, side = patch_size, math.isqrt(L) * patch_size
    columns = x.reshape(N, L, p * p, channels).permute(0, 3, 2, 1).reshape(N, channels * p * p, L)
    return nn.functional.fold(columns, output_size=(side, side), kernel_size=p, stride=p)
    # ---- END YOUR CODE ----
