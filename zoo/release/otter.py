"""Step 1 of a release: ``otter assign`` turns the master into a student notebook and test files."""
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from zoo import PACKAGE, SHIPPED_MODULES as SHIPPED
from zoo.master import MasterError, master_path

# The course modules a student folder gets: {file name there: source file}.
SHIPPED_MODULES = {f"{shipped}.py": PACKAGE / f"{module}.py" for shipped, module in SHIPPED.items()}
# The requirements file the masters name for `otter assign`; the bundle's real, pinned requirements.txt
# comes from image.py and replaces otter's environment.
AUTOGRADER_REQUIREMENTS = "torch==2.13.0\nnumpy\n"


@dataclass
class OtterOutput:
    student: nbformat.NotebookNode
    tests: dict  # question -> full test file text (public and hidden cases)
    public_tests: dict  # question -> test file text with the public cases only
    bundle: dict  # path inside autograder.zip -> bytes


def without_zoo_settings(master):
    """The master as otter expects it: the ``zoo:`` grading limits, which otter rejects, taken out."""
    config = master.cells[0]
    header, body = config.source.split("\n", 1)
    settings = yaml.safe_load(body) or {}
    if "zoo" in settings:
        del settings["zoo"]
        config.source = header + "\n" + yaml.safe_dump(settings, sort_keys=False)
    return master


def run_otter_assign(name):
    """Run ``otter assign`` on the master in a scratch folder and read what it produced."""
    with tempfile.TemporaryDirectory(prefix=f"zoo-assign-{name}-") as scratch:
        source, dist = Path(scratch, "source"), Path(scratch, "dist")
        source.mkdir()
        nbformat.write(without_zoo_settings(nbformat.read(master_path(name), as_version=4)), source / f"{name}.ipynb")
        for shipped, module in SHIPPED_MODULES.items():
            shutil.copy(module, source / shipped)
        (source / "requirements.txt").write_text(AUTOGRADER_REQUIREMENTS)
        otter = Path(sys.executable).with_name("otter")
        run = subprocess.run([str(otter), "assign", f"{name}.ipynb", str(dist)], cwd=source,
                             capture_output=True, text=True)
        if run.returncode != 0:
            last = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
            raise MasterError(name, "-", f"otter assign failed: {last[0]}")
        bundle_zip = next((dist / "autograder").glob("*.zip"))
        with zipfile.ZipFile(bundle_zip) as zf:
            bundle = {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}
        tests_dir = dist / "autograder" / "tests"
        return OtterOutput(
            student=nbformat.read(dist / "student" / f"{name}.ipynb", as_version=4),
            tests={p.stem: p.read_text() for p in sorted(tests_dir.glob("*.py"))},
            public_tests={p.stem: p.read_text() for p in sorted((dist / "student" / "tests").glob("*.py"))},
            bundle=bundle,
        )
