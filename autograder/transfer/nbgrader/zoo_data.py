"""Real datasets for the notebooks, found offline or downloaded. Shipped to students as ``zoo_data.py``.

``load_images("mnist", "train")`` looks for the original files (IDX ``.gz`` for MNIST and
Fashion-MNIST) in ``$ZOO_DATA/<name>/``, then in ``data/<name>`` or ``shared/data/<name>`` in the
current folder or any folder above it. Where none has them (Colab), torchvision downloads them.
``load_multi30k("train")`` finds Multi30k's gzipped text files the same way, or downloads them from
the Multi30k repository.
"""
import gzip
import os
import urllib.request
from pathlib import Path

import numpy as np
import torch

IDX_FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
             "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}
MULTI30K_URL = "https://raw.githubusercontent.com/multi30k/dataset/master/data/task1/raw/"
MULTI30K_SPLITS = ("train", "val", "test_2016_flickr")
TORCHVISION = {"mnist": "MNIST", "fashion-mnist": "FashionMNIST", "cifar10": "CIFAR10"}
CLASSES = {
    "mnist": [str(d) for d in range(10)],
    "fashion-mnist": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                      "Ankle boot"],
    "cifar10": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
}


def find_dataset(name):
    """The folder holding ``name``'s files, or None."""
    candidates = [Path(os.environ["ZOO_DATA"]) / name] if os.environ.get("ZOO_DATA") else []
    for folder in [Path.cwd(), *Path.cwd().parents]:
        candidates += [folder / "data" / name, folder / "shared" / "data" / name]
    return next((c for c in candidates if c.is_dir()), None)


def read_idx(path):
    """An IDX file (gzipped) as a numpy array of its declared shape."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def download(name, split, root):
    """torchvision's own download (needs the internet); images as uint8 (N, H, W[, C])."""
    from torchvision import datasets

    dataset = getattr(datasets, TORCHVISION[name])(root, train=split == "train", download=True)
    return np.asarray(dataset.data), np.asarray(dataset.targets)


def load_images(name, split="train", limit=None):
    """``(images (N, C, H, W) float32 in [0, 1], labels (N,) int64)`` of a real dataset.

    ``name``: "mnist", "fashion-mnist" or "cifar10"; ``split``: "train" or "test"; ``limit``: keep the
    first ``limit`` images.
    """
    if name not in TORCHVISION or split not in IDX_FILES:
        raise ValueError(f"unknown dataset {name!r} or split {split!r}: use one of {sorted(TORCHVISION)}, "
                         "'train' or 'test'")
    folder = find_dataset(name)
    if folder is not None and name in ("mnist", "fashion-mnist"):
        images, labels = (read_idx(folder / f) for f in IDX_FILES[split])
    else:
        root = os.environ.get("ZOO_DATA", "data")
        try:
            images, labels = download(name, split, root)
        except Exception as e:
            raise RuntimeError(
                f"{name} ({split}) is not on this machine and could not be downloaded ({type(e).__name__}: {e}). "
                f"Put the original files in {root}/{name}/ or set ZOO_DATA to a folder that holds {name}/.") from None
    images = torch.from_numpy(np.array(images[:limit])).float() / 255  # (N, H, W) or (N, H, W, C); a writable copy
    images = images.unsqueeze(1) if images.ndim == 3 else images.permute(0, 3, 1, 2)  # (N, C, H, W)
    return images.contiguous(), torch.from_numpy(np.asarray(labels[:limit], dtype=np.int64))


def load_multi30k(split="train", limit=None):
    """``[(german, english), ...]``: the sentence pairs of Multi30k (task 1, raw text, one sentence a line).

    ``split``: "train" (29,000 pairs), "val" (1,014) or "test_2016_flickr" (1,000); ``limit``: keep the first
    ``limit`` pairs. Reads ``<split>.de.gz`` and ``<split>.en.gz`` from the ``multi30k/`` folder that
    ``find_dataset`` finds; where there is none, downloads them into ``$ZOO_DATA/multi30k`` (default
    ``data/multi30k``).
    """
    if split not in MULTI30K_SPLITS:
        raise ValueError(f"unknown Multi30k split {split!r}: use one of {MULTI30K_SPLITS}")
    names = [f"{split}.de.gz", f"{split}.en.gz"]
    folder = find_dataset("multi30k")
    if folder is None or not all((folder / name).is_file() for name in names):
        folder = Path(os.environ.get("ZOO_DATA", "data")) / "multi30k"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name in names:
                if not (folder / name).is_file():
                    with urllib.request.urlopen(MULTI30K_URL + name, timeout=60) as response:
                        content = response.read()
                    (folder / name).write_bytes(content)  # written whole, so a failed download leaves no partial file
        except Exception as e:
            raise RuntimeError(
                f"Multi30k ({split}) is not on this machine and could not be downloaded ({type(e).__name__}: {e}). "
                f"Put {names[0]} and {names[1]} from {MULTI30K_URL} in {folder}/ or set ZOO_DATA to a folder "
                "that holds multi30k/.") from None
    german, english = (read_lines(folder / name) for name in names)
    return list(zip(german, english))[:limit]


def read_lines(path):
    """The lines of a gzipped UTF-8 text file, without their line ends."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return f.read().splitlines()
