"""The mae chapter's given code against the reference MAE implementation (facebookresearch/mae)."""
import numpy as np
import pytest
import torch

from zoo.chapter import chapter_namespace


@pytest.fixture(scope="module")
def chapter():
    return chapter_namespace("mae")


def reference_2d_sincos(embed_dim, grid_size):
    """util/pos_embed.py of the MAE code: get_2d_sincos_pos_embed(embed_dim, grid_size, cls_token=True)."""
    def one_d(dim, pos):
        omega = 1.0 / 10000 ** (np.arange(dim // 2, dtype=np.float64) / (dim / 2.0))
        out = np.einsum("m,d->md", pos.reshape(-1), omega)
        return np.concatenate([np.sin(out), np.cos(out)], axis=1)

    grid = np.stack(np.meshgrid(np.arange(grid_size, dtype=np.float32), np.arange(grid_size, dtype=np.float32)))
    emb = np.concatenate([one_d(embed_dim // 2, grid[0]), one_d(embed_dim // 2, grid[1])], axis=1)
    return np.concatenate([np.zeros([1, embed_dim]), emb], axis=0)


@pytest.mark.parametrize("dim, grid_size", [(64, 7), (32, 4), (192, 8)])
def test_position_embedding_is_mae_s_with_row_and_column_halves_swapped(chapter, dim, grid_size):
    ours = chapter["sincos_position_embedding"](dim, grid_size).double().numpy()
    reference = reference_2d_sincos(dim, grid_size)  # its first half encodes the column (meshgrid's "xy" order)
    half = dim // 2
    np.testing.assert_allclose(ours, np.concatenate([reference[:, half:], reference[:, :half]], axis=1), atol=1e-6)


def test_vit_shapes(chapter):
    vit = chapter["ViT"](img_size=28, patch_size=4, dim=64, depth=1, heads=4, n_classes=10)
    assert vit.pos_embed.shape == (1, 1 + 49, 64) and not vit.pos_embed.requires_grad
    assert vit.patch_embed(torch.zeros(2, 1, 28, 28)).flatten(2).transpose(1, 2).shape == (2, 49, 64)
