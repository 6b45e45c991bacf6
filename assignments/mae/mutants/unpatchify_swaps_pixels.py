# question: patchify
# unpatchify swaps the rows and columns inside each patch.
def patchify(imgs, patch_size):
    """imgs (N, C, H, W) -> patches (N, L, patch_size**2 * C), L = (H / patch_size) * (W / patch_size).

    Patches in row-major order, each flattened as (row in patch, column in patch, channel).
    """
    N, C, H, W = imgs.shape
    # ---- YOUR CODE (patchify) ----
    p = patch_size
    if H % p or W % p:
        raise ValueError(f"patchify: the image size {H}x{W} is not a multiple of patch_size={p}")
    h, w = H // p, W // p  # patches per column and per row
    x = imgs.reshape(N, C, h, p, w, p)
    x = torch.einsum("nchpwq->nhwpqc", x)  # (N, h, w, p, p, C)
    return x.reshape(N, h * w, p * p * C)
    # ---- END YOUR CODE ----


def unpatchify(x, patch_size, channels):
    """patches (N, L, patch_size**2 * channels) of a square grid -> imgs (N, channels, H, W); inverts patchify."""
    N, L, _ = x.shape
    # ---- YOUR CODE (unpatchify) ----
    p, h = patch_size, math.isqrt(L)  # h patches per side
    x = x.reshape(N, h, h, p, p, channels)
    x = torch.einsum("nhwqpc->nchpwq", x)  # (N, C, h, p, w, p)
    return x.reshape(N, channels, h * p, h * p)
    # ---- END YOUR CODE ----
