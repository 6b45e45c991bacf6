"""Whether a release is stale: a hash of everything it is made from, recorded in its bundle's ``zoo.json``.

``zoo release`` skips an assignment whose hash is unchanged and ``zoo verify`` refuses a stale bundle.
A second hash leaves out the master's markdown cells: where only they changed, the release reuses the
bundle's stored outputs and its proof that the solutions pass (nothing graded can differ).
Kept free of heavy imports so that ``zoo release`` of unchanged assignments answers at once.
"""
import hashlib
import json
import zipfile

from zoo import PACKAGE, ROOT


def digest_of(name, content):
    """SHA-256 of the files a release of ``name`` is made from (its folder in assignments/: master, mutants,
    alternatives, data; the course's _config.yml and requirements.txt; the zoo package's code), each file
    read as ``content(path)``."""
    folder = ROOT / "assignments" / name
    files = [p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts]
    files += [ROOT / "_config.yml", ROOT / "requirements.txt"]
    files += [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path.relative_to(PACKAGE.parent if path.is_relative_to(PACKAGE) else ROOT)}\n".encode())
        digest.update(content(path) if path.exists() else b"")
    return digest.hexdigest()


def inputs_digest(name):
    """What a release of ``name`` is made from, byte for byte."""
    return digest_of(name, lambda path: path.read_bytes())


def graded_digest(name):
    """The same with the master's markdown cells left out: what grading its solutions and mutants depends on."""
    master = ROOT / "assignments" / name / f"{name}.ipynb"
    return digest_of(name, lambda path: without_markdown(path.read_bytes()) if path == master else path.read_bytes())


def without_markdown(notebook):
    """The type, source and metadata of each code and raw cell of ``notebook`` (bytes), as bytes."""
    cells = [cell for cell in json.loads(notebook)["cells"] if cell.get("cell_type") != "markdown"]
    return json.dumps([[cell.get("cell_type"), cell.get("source"), cell.get("metadata")] for cell in cells],
                      sort_keys=True).encode()


def released_settings(name):
    """The ``zoo.json`` of ``name``'s bundle as released, or {}."""
    try:
        with zipfile.ZipFile(ROOT / "autograder" / name / "autograder.zip") as bundle:
            return json.loads(bundle.read("zoo.json"))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return {}


def released_digest(name):
    """The digest recorded in ``name``'s bundle when it was released, or None."""
    return released_settings(name).get("inputs")


def is_stale(name):
    return released_digest(name) != inputs_digest(name)
