"""Every flavour runs on its own: downloaded alone into an empty folder, in a plain kernel with no network.

The site's download buttons serve the release notebooks byte for byte (``tests/test_book.py``
checks it), so the notebooks are taken from ``release/``. The unfilled notebook is run top to
bottom, training cells aside (``otter_ignore``: they need the data and minutes); every check must
then report the question's TODO (its ``NotImplementedError``), never a missing module or file.
"""
import shutil
import sys

import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient

from conftest import ASSIGNMENTS
from zoo import ROOT

FLAVOURS = ("otter", "nbgrader")
MISSING = ("No module named", "ModuleNotFoundError", "ImportError", "FileNotFoundError", "No such file")


def offline_kernel(folder):
    """A kernel in its own network namespace (``unshare -rn``): no network at all, not even loopback.

    The client talks to it over Unix sockets (``ipc``), which a network namespace does not cut.
    """
    if not shutil.which("unshare"):
        pytest.fail("this test needs `unshare` (util-linux) to run the kernel without network")
    manager = KernelManager(kernel_name="python3", transport="ipc", ip=str(folder / ".kernel"))
    manager.kernel_spec.argv = ["unshare", "-rn", sys.executable, "-m", "ipykernel_launcher", "-f",
                                "{connection_file}"]
    return manager


def run_alone(name, flavour, folder):
    """Copy the flavour's notebook alone into ``folder``, run it there; return the executed notebook."""
    work = folder / "download"
    work.mkdir()
    path = work / f"{name}.ipynb"
    shutil.copy(ROOT / "release" / flavour / name / f"{name}.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "otter_ignore" not in c.metadata.get("tags", [])]
    NotebookClient(nb, km=offline_kernel(folder), timeout=300, allow_errors=True,
                   resources={"metadata": {"path": str(work)}}).execute()
    return nb


def text_of(cell):
    parts = []
    for output in cell.get("outputs", []):
        parts += [output.get("text", ""), str(output.get("data", {}).get("text/plain", "")), output.get("ename", ""),
                  output.get("evalue", "")]
    return "\n".join(parts)


def is_check(cell, flavour):
    if flavour == "otter":
        return cell.source.startswith("grader.check(")
    return cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_public")


@pytest.mark.parametrize("flavour", FLAVOURS)
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_downloaded_notebook_runs_its_checks_alone(name, flavour, tmp_path):
    nb = run_alone(name, flavour, tmp_path)
    checks = [c for c in nb.cells if c.cell_type == "code" and is_check(c, flavour)]
    assert checks, "no check cell found"
    for cell in nb.cells:
        if cell.cell_type == "code":
            missing = [word for word in MISSING if word in text_of(cell)]
            assert not missing, f"{missing} in the output of\n{cell.source[:300]}\n---\n{text_of(cell)[-2000:]}"
    for cell in checks:
        assert "NotImplementedError" in text_of(cell), f"no TODO reported by\n{cell.source[:200]}\n{text_of(cell)[-2000:]}"
    if flavour == "otter":  # the export cell ran too and wrote the zip next to the notebook
        assert list((tmp_path / "download").glob(f"{name}_*.zip")), "the export wrote no zip"
