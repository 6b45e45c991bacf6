"""The autograder image: a linted Dockerfile, a set-up that installs only pinned packages, and the
entry point run natively on CPU within Gradescope's defaults (10 minutes, 1 GB, no GPU)."""
import json
import os
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


def bundle_file(name, path):
    with zipfile.ZipFile(ROOT / "autograder" / name / "autograder.zip") as zf:
        return zf.read(path)


def test_every_pin_resolves_for_the_python_setup_sh_installs(tmp_path):
    """pip resolves each distinct requirements.txt of the bundles against PyPI for exactly the Python
    setup.sh accepts, installing nothing (minutes: pip fetches the wheels it resolves)."""
    from zoo.release.image import GRADER_PYTHON

    major, minor, _ = GRADER_PYTHON.split(".")
    for name in ASSIGNMENTS:  # setup.sh refuses any other Python
        assert f"sys.version_info[:2] != ({major}, {minor})" in bundle_file(name, "setup.sh").decode(), name
    distinct = {bundle_file(name, "requirements.txt") for name in ASSIGNMENTS}
    for requirements in distinct:
        (tmp_path / "requirements.txt").write_bytes(requirements)
        env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}  # PyPI alone, as on Gradescope: no local index
        run = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                              "--python-version", GRADER_PYTHON, "--only-binary=:all:", "--target", str(tmp_path / "t"),
                              "-r", str(tmp_path / "requirements.txt")], capture_output=True, text=True, env=env,
                             timeout=900)
        assert run.returncode == 0, run.stderr[-3000:]


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
