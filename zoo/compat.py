"""Importing torchvision where its build does not match torch (this course's offline CPU machines).

PyPI's torchvision 0.28.0 is a CUDA build; beside the CPU wheel of torch 2.13.0 its import dies with
``operator torchvision::nms does not exist``, because its compiled library did not load and the
Python side registers fake kernels for ops that were never defined. Defining the schemas of those
two ops first lets ``torchvision.datasets``, ``transforms``, ``models`` and ``utils`` import;
``torchvision.ops.nms`` and the JPEG ops stay unusable there. Where torchvision imports cleanly
(Colab, a matching install) :func:`import_torchvision` is a plain import and defines nothing.
"""
import importlib
import sys

_schemas = None  # keeps the fallback library alive for the life of the process


def import_torchvision():
    global _schemas
    try:
        return importlib.import_module("torchvision")
    except RuntimeError as e:
        if "torchvision::nms does not exist" not in str(e):
            raise
    for module in [m for m in sys.modules if m == "torchvision" or m.startswith("torchvision.")]:
        del sys.modules[module]
    import torch

    _schemas = torch.library.Library("torchvision", "DEF")
    _schemas.define("nms(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
    _schemas.define("qnms(Tensor qdets, Tensor scores, float iou_threshold) -> Tensor")
    return importlib.import_module("torchvision")
