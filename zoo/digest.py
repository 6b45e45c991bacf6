"""Whether a release is stale: a hash of everything it is made from, recorded in its bundle's ``zoo.json``.

``zoo release`` skips an assignment whose hash is unchanged and ``zoo verify`` refuses a stale bundle.
Kept free of heavy imports so that ``zoo release`` of unchanged assignments answers at once.
"""
import hashlib
import json
import zipfile

from zoo import PACKAGE, ROOT


def inputs_digest(name):
    """SHA-256 of what a release of ``name`` is made from: its folder in assignments/ (master, mutants,
    alternatives, data), the course's _config.yml and requirements.txt, and the zoo package's code."""
    folder = ROOT / "assignments" / name
    files = [p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts]
    files += [ROOT / "_config.yml", ROOT / "requirements.txt"]
    files += [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path.relative_to(PACKAGE.parent if path.is_relative_to(PACKAGE) else ROOT)}\n".encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def released_digest(name):
    """The digest recorded in ``name``'s bundle when it was released, or None."""
    try:
        with zipfile.ZipFile(ROOT / "autograder" / name / "autograder.zip") as bundle:
            return json.loads(bundle.read("zoo.json")).get("inputs")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None


def is_stale(name):
    return released_digest(name) != inputs_digest(name)
