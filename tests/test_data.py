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


def test_multi30k_found_through_zoo_data(tmp_path, monkeypatch):
    folder = tmp_path / "multi30k"
    folder.mkdir()
    for language, lines in (("de", ["Zwei Männer.", "Ein Hund läuft."]), ("en", ["Two men.", "A dog runs."])):
        with gzip.open(folder / f"val.{language}.gz", "wt", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    monkeypatch.setenv("ZOO_DATA", str(tmp_path))
    assert data.load_multi30k("val") == [("Zwei Männer.", "Two men."), ("Ein Hund läuft.", "A dog runs.")]
    assert data.load_multi30k("val", limit=1) == [("Zwei Männer.", "Two men.")]


def test_missing_multi30k_names_the_files_and_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ZOO_DATA", str(tmp_path))
    monkeypatch.setattr(data, "find_dataset", lambda name: None)
    monkeypatch.setattr(data.urllib.request, "urlopen", lambda *a, **k: (_ for _ in ()).throw(OSError("no network")))
    with pytest.raises(RuntimeError, match=r"could not be downloaded \(OSError: no network\)\. Put train\.de\.gz and "
                                           r"train\.en\.gz from https://raw\.githubusercontent\.com/multi30k/.* in .*multi30k/"):
        data.load_multi30k("train")
    assert not list((tmp_path / "multi30k").iterdir())  # no partial file left behind
    with pytest.raises(ValueError, match="unknown Multi30k split"):
        data.load_multi30k("test")


@pytest.mark.skipif(not (SHARED / "multi30k").is_dir(), reason="no ../shared/data/multi30k on this machine")
def test_real_multi30k_from_shared_data(monkeypatch):
    monkeypatch.chdir(ROOT)
    pairs = data.load_multi30k("train")
    assert len(pairs) == 29000 and len(data.load_multi30k("val")) == 1014
    assert pairs[0] == ("Zwei junge weiße Männer sind im Freien in der Nähe vieler Büsche.",
                        "Two young, White males are outside near many bushes.")
