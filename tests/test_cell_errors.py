"""A question that fails because a cell failed or was left out names that cell and the cause, in the
feedback of the question itself (what `zoo grade --json`, Gradescope and grade-all carry); a failure
of the grader's own set-up is a grader error, never the student's zero."""
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import bundle_with, scores, solutions, student_notebook
from zoo.grading import sandbox
from zoo.grading.grader import grade
from zoo.grading.gradescope import to_gradescope

CELL = next(i for i, c in enumerate(student_notebook("recurrent").cells)
            if c.metadata.get("zoo", {}).get("question") == "lstm_forward")
LSTM_CELL = f"your LSTM cell (the answer cell of lstm_forward, cell {CELL})"

# Each cause the adversarial catalogue has for a cell that fails or is left out (tests/adversarial/:
# background_thread, os_exit, kill_the_kernel, sys_exit, sleep_for_an_hour, memory_bomb), put in the
# answer cell of lstm_forward around a correct LSTM: (code before the solution, code after it, what the
# feedback says).
CAUSES = {
    "lingering thread": ("", "import threading, time\nthreading.Thread(target=time.sleep, args=(30,)).start()\n",
                         "was not run: it started a thread that was still running when it ended"),
    "os._exit": ("import os\nos._exit(3)\n", "", r"was not run: the process running your code ended \(exit status 3\)"),
    "killing the kernel": ("import os, signal\nfor kill in (lambda: os.killpg(0, signal.SIGKILL), "
                           "lambda: os.kill(os.getpid(), signal.SIGKILL)):\n    kill()\nos._exit(9)\n", "",
                           "was not run: the process running your code ended"),
    "sys.exit": ("import sys\nsys.exit(0)\n", "", rf"failed: SystemExit: 0 \(line 2 of cell {CELL}"),
    "time-out": ("import time\ntime.sleep(3600)\n", "", r"was not run: timed out after 3 s"),
    "memory limit": ("hoard = [bytearray(2**31) for _ in range(64)]\n", "", "failed: MemoryError"),
    "an exception": ("from lstm_helpers import init_gates\n", "",
                     rf"failed: ModuleNotFoundError: No module named 'lstm_helpers' \(line 1 of cell {CELL}"),
}


def lstm_feedback(result):
    return {q["visibility"]: q["feedback"] for q in result["questions"] if q["name"] == "lstm_forward"}


@pytest.mark.parametrize("cause", CAUSES)
def test_the_failed_question_names_its_cell_and_the_cause(cause, write_submission, tmp_path):
    before, after, says = CAUSES[cause]
    answer = before + solutions("recurrent")["lstm_forward"] + "\n\n" + after
    bundle = bundle_with(tmp_path / "autograder.zip", "recurrent", cell_time_limit=3)
    result = grade(write_submission({**solutions("recurrent"), "lstm_forward": answer}), "recurrent", bundle=bundle)
    got = scores(result)
    assert got[("lstm_forward", "public")][0] == 0 and got[("rnn_forward", "hidden")] == (4, 4), got
    for visibility, feedback in lstm_feedback(result).items():  # Gradescope shows each beside its test
        first = feedback.splitlines()[0]
        assert first.startswith(LSTM_CELL), feedback
        assert re.search(says, first), first
    assert list(result["cell_errors"]) == [f"{CELL} (lstm_forward)"] and result["grader_error"] is None


@pytest.fixture(scope="module")
def lingering(tmp_path_factory):
    """The thread case graded once, through the command line: ``(--json output, human output)``."""
    from zoo.release.steps import fill_answers, notebook_bytes

    answer = solutions("recurrent")["lstm_forward"] + "\n\nimport threading, time\n" \
        "threading.Thread(target=time.sleep, args=(30,), name='trainer').start()\n"
    path = tmp_path_factory.mktemp("lingering") / "recurrent.ipynb"
    path.write_bytes(notebook_bytes(fill_answers(student_notebook("recurrent"),
                                                 {**solutions("recurrent"), "lstm_forward": answer})))
    zoo = [sys.executable, "-m", "zoo.cli", "grade", str(path), "--assignment", "recurrent"]
    as_json = subprocess.run([*zoo, "--json"], capture_output=True, text=True, check=True).stdout
    return json.loads(as_json), subprocess.run(zoo, capture_output=True, text=True, check=True).stdout


def test_json_carries_the_cell_in_the_feedback_and_in_cell_errors(lingering):
    result, _ = lingering
    assert set(result) == {"assignment", "score", "max", "questions", "cell_errors"}
    assert result["cell_errors"][f"{CELL} (lstm_forward)"].startswith("left out: the cell started a thread")
    public = lstm_feedback(result)["public"]
    assert public.startswith(f"{LSTM_CELL} was not run: it started a thread that was still running when it ended "
                             "(trainer); graded cells must finish their work")
    assert "LSTM is not defined" in public


def test_human_output_and_gradescope_tests_name_the_cell(lingering):
    result, human = lingering
    assert f"lstm_forward (public):\n{LSTM_CELL} was not run" in human
    assert f"cell {CELL} (lstm_forward): left out: the cell started a thread" in human
    tests = {t["name"]: t for t in to_gradescope(result)["tests"]}
    for name in ("lstm_forward (public tests)", "lstm_forward (hidden tests)"):
        assert tests[name]["output"].startswith(f"{LSTM_CELL} was not run: it started a thread"), tests[name]
    assert not any("your" in t["output"] for n, t in tests.items() if not n.startswith("lstm"))


def test_a_worker_that_cannot_start_is_a_grader_error_not_a_zero(write_submission, monkeypatch, capsys):
    from zoo import cli

    monkeypatch.setattr(sandbox, "interpreter", lambda: "/nonexistent/python3")
    result = grade(write_submission(), "recurrent")
    assert "the worker did not start" in result["grader_error"] or "could not be started" in result["grader_error"]
    assert all(q["feedback"].startswith("grader error: ") and "not a problem in your notebook" in q["feedback"]
               for q in result["questions"])
    assert cli.main(["grade", str(write_submission()), "--assignment", "recurrent"]) == 1
    assert "zoo grade: grader error: " in capsys.readouterr().err
    assert cli.main(["grade", str(write_submission()), "--assignment", "recurrent", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["grader_error"] == result["grader_error"]


def test_gradescope_writes_no_results_on_a_grader_error(write_submission, monkeypatch, tmp_path):
    from zoo import ROOT
    from zoo.grading.gradescope import main, stage
    from zoo.grading.sandbox import GraderError

    monkeypatch.setattr(sandbox, "interpreter", lambda: "/nonexistent/python3")
    stage(ROOT / "autograder" / "recurrent" / "autograder.zip", write_submission().read_bytes(), "recurrent.ipynb",
          tmp_path / "autograder")
    with pytest.raises(GraderError):  # Gradescope then says the autograder failed, for the instructor to regrade
        main(tmp_path / "autograder")
    assert not (tmp_path / "autograder" / "results" / "results.json").exists()


def test_a_venv_reached_through_a_link_under_tmp_grades_in_the_jail(write_submission, tmp_path):
    link = tmp_path / "course" / ".venv"
    link.parent.mkdir()
    link.symlink_to(sys.prefix)
    python = link / "bin" / os.path.basename(sys.executable)
    run = subprocess.run([str(python), "-m", "zoo.cli", "grade", str(write_submission()), "--assignment", "recurrent",
                          "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert json.loads(run.stdout)["score"] == 21
