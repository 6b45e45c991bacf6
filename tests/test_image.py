"""The autograder image: a linted Dockerfile, a set-up that installs only pinned packages, and the
entry point run natively on CPU within Gradescope's defaults (10 minutes, 1 GB, no GPU)."""
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ASSIGNMENTS, solutions, student_notebook
from zoo import ROOT
from zoo.grading.gradescope import stage
from zoo.release.steps import fill_answers, notebook_bytes

HADOLINT = Path(sys.executable).with_name("hadolint")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_dockerfile_passes_hadolint(name):
    dockerfile = ROOT / "autograder" / name / "Dockerfile"
    run = subprocess.run([str(HADOLINT), "--failure-threshold", "info", str(dockerfile)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    text = dockerfile.read_text()
    assert "FROM nvidia/cuda:13.0" in text and "autograder.zip" in text and "run_autograder" in text


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_bundle_installs_only_pinned_packages_and_no_miniforge(name):
    with zipfile.ZipFile(ROOT / "autograder" / name / "autograder.zip") as zf:
        files = set(zf.namelist())
        setup, requirements = zf.read("setup.sh").decode(), zf.read("requirements.txt").decode().split()
        assert zf.getinfo("run_autograder").external_attr >> 16 & 0o111
    assert not {"environment.yml", "run_otter.py"} & files and {"zoo/grading/gradescope.py", "zoo.json"} <= files
    commands = " ".join(line.split(" #")[0] for line in setup.lower().splitlines() if not line.startswith("#"))
    assert not any(word in commands for word in ("wget", "curl", "miniforge", "conda", "mamba", "http"))
    assert subprocess.run(["bash", "-n"], input=setup, text=True).returncode == 0
    assert all("==" in line for line in requirements) and any(line.startswith("torch==") for line in requirements)


# From the checkout, `python -m` imports the checkout's zoo in the grader while the bundle's is on
# PYTHONPATH: the worker must still get the grader's own package.
@pytest.mark.parametrize("name, cwd", [(name, "/") for name in ASSIGNMENTS] + [(ASSIGNMENTS[0], str(ROOT))],
                         ids=[*ASSIGNMENTS, f"{ASSIGNMENTS[0]}-from-the-checkout"])
def test_the_entry_point_grades_natively_within_gradescopes_defaults(name, cwd, tmp_path):
    solved = notebook_bytes(fill_answers(student_notebook(name), solutions(name)))
    package = stage(ROOT / "autograder" / name / "autograder.zip", solved, f"{name}.ipynb", tmp_path)
    site = [p for p in sys.path if p.endswith("site-packages")]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join([str(package), *site]), "CUDA_VISIBLE_DEVICES": ""}
    run = subprocess.run([sys.executable, "-m", "zoo.grading.gradescope", str(tmp_path), "--peak"], env=env, cwd=cwd,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) > 0, results
    assert {t["visibility"] for t in results["tests"]} == {"visible", "after_published"}
    assert results["execution_time"] < 600
    peak_mb = float(re.search(r"peak memory (\d+) MB", run.stdout).group(1))
    assert peak_mb < 1024, f"a grading process peaked at {peak_mb:.0f} MB"
