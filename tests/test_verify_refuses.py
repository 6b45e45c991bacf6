"""`zoo verify` proves the release it is given: it refuses, with what to do, a broken master, an
assignment never released, and a release older than what it is built from."""
import json
import shutil
import subprocess
import sys

import pytest

from zoo import ROOT
from zoo.digest import inputs_digest, released_digest

NAME = "recurrent"


@pytest.fixture
def course(tmp_path):
    """A copy of the course holding only ``recurrent``, its release and its bundle."""
    copy = tmp_path / "course"
    for part in ("assignments", "release/otter", "autograder"):
        shutil.copytree(ROOT / part / NAME, copy / part / NAME)
    for settings in ("_config.yml", "requirements.txt"):
        shutil.copy(ROOT / settings, copy / settings)
    return copy


def verify(course):
    run = subprocess.run([sys.executable, "-m", "zoo.cli", "--course", str(course), "verify", NAME],
                         capture_output=True, text=True, timeout=600)
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, run.stdout


def test_the_committed_bundle_records_what_it_was_built_from():
    assert released_digest(NAME) == inputs_digest(NAME)


def edit_master(course, change):
    path = course / "assignments" / NAME / f"{NAME}.ipynb"
    nb = json.loads(path.read_text())
    change(nb)
    path.write_text(json.dumps(nb, indent=1))


def test_an_edit_after_the_release_asks_for_a_release(course):
    edit_master(course, lambda nb: nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "More."}))
    code, out = verify(course)
    assert code == 1 and "the release is older than the master" in out and f"run `zoo release {NAME}` first" in out


def test_a_new_mutant_after_the_release_asks_for_a_release(course):
    mutants = course / "assignments" / NAME / "mutants"
    shutil.copy(next(mutants.glob("*.txt")), mutants / "a_new_mutant.txt")
    code, out = verify(course)
    assert code == 1 and f"run `zoo release {NAME}` first" in out


def test_an_assignment_never_released_asks_for_a_release(course):
    shutil.rmtree(course / "autograder" / NAME)
    shutil.rmtree(course / "release")
    code, out = verify(course)
    assert code == 1 and f"{NAME} was never released: run `zoo release {NAME}`" in out


def test_a_broken_master_is_named_without_a_traceback(course):
    edit_master(course, lambda nb: nb["cells"][0].update(source="garbage"))
    code, out = verify(course)
    assert code == 1 and f"zoo verify: {NAME}: broken master: assignment '{NAME}', cell 0: the first cell" in out
