"""zoo_data: real datasets found offline, a clear message where they are missing."""
import gzip

import numpy as np
import pytest

from zoo import ROOT, data

SHARED = ROOT.parent / "shared" / "data"


def write_idx(path, array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(n.to_bytes(4, "big") for n in array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def test_idx_files_found_through_zoo_data(tmp_path, monkeypatch):
    folder = tmp_path / "mnist"
    folder.mkdir()
    images = np.arange(3 * 4 * 5).reshape(3, 4, 5) % 256
    write_idx(folder / "t10k-images-idx3-ubyte.gz", images)
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.array([7, 1, 2]))
    monkeypatch.setenv("ZOO_DATA", str(tmp_path))
    x, y = data.load_images("mnist", "test", limit=2)
    assert x.shape == (2, 1, 4, 5) and x.dtype.is_floating_point
    assert np.allclose(x[1, 0].numpy() * 255, images[1]) and y.tolist() == [7, 1]


def test_missing_data_says_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.setenv("ZOO_DATA", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(data, "find_dataset", lambda name: None)
    monkeypatch.setattr(data, "download", lambda *a: (_ for _ in ()).throw(OSError("no network")))
    with pytest.raises(RuntimeError, match=r"could not be downloaded \(OSError: no network\).*ZOO_DATA"):
        data.load_images("fashion-mnist")
    with pytest.raises(ValueError, match="unknown dataset"):
        data.load_images("imagenet")


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared/data on this machine")
def test_real_mnist_from_shared_data(monkeypatch):
    monkeypatch.chdir(ROOT)
    x, y = data.load_images("mnist", "test")
    assert x.shape == (10000, 1, 28, 28) and sorted(set(y.tolist())) == list(range(10))
    assert 0.1 < x.mean() < 0.15
