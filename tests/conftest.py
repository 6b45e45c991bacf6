
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from zoo import ROOT
from zoo.master import assignment_names, read_master
from zoo.release.steps import fill_answers, notebook_bytes


def student_notebook(name):
    return nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)


def solutions(name):
    return {q.name: q.solution for q in read_master(name)[2] if not q.manual}


@pytest.fixture
def write_submission(tmp_path):
    """Write the recurrent release filled with ``answers`` (default: the solutions); return its path."""
    def write(answers=None, name="recurrent", filename=None):
        nb = fill_answers(student_notebook(name), solutions(name) if answers is None else answers)
        path = tmp_path / (filename or f"{name}.ipynb")
        path.write_bytes(notebook_bytes(nb))
        return path
    return write


ASSIGNMENTS = assignment_names()


def scores(result):
    return {(q["name"], q["visibility"]): (q["score"], q["max"]) for q in result["questions"]}


def bundle_with(path, name, **settings):
    """A copy of ``name``'s autograder bundle at ``path`` whose ``zoo.json`` has ``settings`` changed."""
    with zipfile.ZipFile(ROOT / "autograder" / name / "autograder.zip") as source, zipfile.ZipFile(path, "w") as copy:
        for item in source.namelist():
            data = source.read(item)
            if item == "zoo.json":
                data = json.dumps({**json.loads(data), **settings}).encode()
            copy.writestr(item, data)
    return path


# `make test` runs `pytest -n 2 --dist loadgroup`, asking that a file's tests share a worker except in these
# files, whose tests are independent, one per assignment, and long. With pytest-xdist 3.8.0 the groups do not
# form (tests of one file run on both workers), so a fixture that must be built once uses `once_per_run`.
SPREAD = {"test_adversarial.py", "test_verify.py", "test_standalone.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))


def once_per_run(tmp_path_factory, name, make):
    """``make(folder)`` run once for the whole test run and its JSON-able result shared: under xdist the
    first worker to ask makes it and the other waits and reads it (``--dist loadgroup`` does not keep a
    file's tests on one worker with this xdist and pytest, so a session fixture would be built twice)."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return make(tmp_path_factory.mktemp(name))
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent  # this run's, shared by its workers
    result = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not result.exists():
            folder = shared / name
            folder.mkdir()
            result.write_text(json.dumps(make(folder)))
    return json.loads(result.read_text())


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The book built into a temporary directory, once for the run (the book's and the publishing tests read
    it); its ``html`` folder."""
    return Path(once_per_run(tmp_path_factory, "book", build_site))


def build_site(out: Path) -> str:
    for name in ASSIGNMENTS:
        for flavour in ("otter", "nbgrader"):
            notebook = ROOT / "release" / flavour / name / f"{name}.ipynb"
            assert notebook.exists(), f"{notebook} is missing: run `zoo release` first"
    proc = subprocess.run([*jupyter_book(), "build", str(ROOT), "--path-output", str(out)], capture_output=True,
                          text=True, timeout=600, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"jupyter-book build failed:\n{log[-5000:]}"
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not warnings, "the book build has warnings:\n" + "\n".join(warnings)
    html_dir = out / "_build" / "html"
    assert (html_dir / "index.html").exists(), log[-3000:]
    return str(html_dir)


def jupyter_book() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    pytest.fail("jupyter-book not found: install requirements.txt (jupyter-book==1.0.4.post1)")


@pytest.fixture
def one_torch_thread_per_kernel(monkeypatch):
    """Notebooks that nbgrader executes (training cells included) get one torch thread (``use_cpu_threads`` reads
    OMP_NUM_THREADS): the suite's two workers share two cores, and a kernel whose second thread waits for a core
    the other worker holds spins (the real nbgrader course: 188 s beside a busy core, against 28 s)."""
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
