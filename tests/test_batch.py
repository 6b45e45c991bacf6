"""`zoo grade-all`: the three folder layouts, resuming, one broken submission, Ctrl-C, the gradebook
(maximum row, why zero, written columns) and the report."""
import csv
import os
import signal
import subprocess
import sys
import time
import zipfile

import psutil
import yaml

from conftest import solutions
from zoo.grading.batch import find_submissions, grade_all


def test_the_three_layouts_are_found(tmp_path):
    nbgrader = tmp_path / "submitted"
    (nbgrader / "ada" / "recurrent").mkdir(parents=True)
    (nbgrader / "ada" / "recurrent" / "recurrent.ipynb").write_text("{}")
    (nbgrader / "bob" / "other").mkdir(parents=True)
    assert find_submissions(nbgrader, "recurrent") == {"ada": nbgrader / "ada" / "recurrent", "bob": nbgrader / "bob"}

    export = tmp_path / "assignment_1_export"
    (export / "submission_11").mkdir(parents=True)
    (export / "submission_12").mkdir()
    (export / "submission_metadata.yml").write_text(yaml.safe_dump({
        "submission_11": {":submitters": [{":name": "Ada", ":email": "ada@uni.edu"}]},
        "submission_12": {":submitters": [{":name": "Bob", ":email": "bob@uni.edu"}, {":name": "Cy", ":email": "cy@uni.edu"}]}}))
    assert find_submissions(export, "recurrent") == {"ada@uni.edu": export / "submission_11",
                                                     "bob@uni.edu, cy@uni.edu": export / "submission_12"}

    plain = tmp_path / "plain"
    plain.mkdir()
    for file in ("ada.ipynb", "bob.zip", "notes.txt", ".hidden.ipynb"):
        (plain / file).write_text("")
    assert find_submissions(plain, "recurrent") == {"ada": plain / "ada.ipynb", "bob": plain / "bob.zip"}


def read_csv(path):
    with open(path) as f:
        return list(csv.reader(f))


def test_a_batch_is_graded_resumed_and_reported(write_submission, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    write_submission(filename="submissions/ada.ipynb")
    wrong = {**solutions("recurrent"), "rnn_forward": solutions("recurrent")["rnn_forward"].replace("torch.tanh(", "(")}
    with zipfile.ZipFile(folder / "bob.zip", "w") as zf:
        zf.write(write_submission(wrong, filename="bob_work.ipynb"), "recurrent.ipynb")
    (folder / "cy.ipynb").write_text("")  # broken: the batch goes on
    out = tmp_path / "out" / "grades.csv"
    (tmp_path / "out" / "written_recurrent").mkdir(parents=True)  # where `zoo written` puts the scores sheet
    (tmp_path / "out" / "written_recurrent" / "scores.csv").write_text(
        "student,bptt_derivation,bptt_derivation comment\nada,3,clear\nbob,9,typo: more than the 4 points\n")
    rows, timing = grade_all(folder, "recurrent", jobs=2, out=out)
    assert timing["graded"] == 3 and timing["reused"] == 0
    table = read_csv(out)
    assert table[0] == ["student", "rnn_forward", "lstm_forward", "bptt_gradients", "bptt_derivation", "total", "why zero"]
    assert {row[0]: row[1:] for row in table[1:]} == {
        "(maximum)": ["6", "9", "6", "4", "25", ""],
        "ada": ["6", "9", "6", "3", "24", ""],
        "bob": ["0", "9", "6", "", "15", "rnn_forward: failed every check"],
        "cy": ["0", "0", "0", "", "0", "malformed: cy.ipynb is empty: save the notebook before submitting"]}
    report = (tmp_path / "out" / "grades_report.md").read_text()
    assert "| rnn_forward | 6 | 2.00 | 33% |" in report and "median" in report
    assert "bob, bptt_derivation: '9' is not a score from 0 to 4; left out" in report  # needs attention
    assert (tmp_path / "out" / "grades_totals.png").read_bytes()[:4] == b"\x89PNG"

    _, timing = grade_all(folder, "recurrent", jobs=2, out=out)
    assert (timing["graded"], timing["reused"]) == (0, 3)
    write_submission(filename="submissions/cy.ipynb")  # cy fixes the notebook and resubmits
    _, timing = grade_all(folder, "recurrent", jobs=2, out=out)
    assert (timing["graded"], timing["reused"]) == (1, 2)
    assert ["cy", "6", "9", "6", "", "21", ""] in read_csv(out)


def test_the_command_line_grades_a_gradescope_export(write_submission, tmp_path):
    export = tmp_path / "export"
    (export / "submission_7").mkdir(parents=True)
    (export / "submission_metadata.yml").write_text(yaml.safe_dump(
        {"submission_7": {":submitters": [{":name": "Ada", ":email": "ada@uni.edu"}],
                          ":created_at": "2025-03-02 01:30:00.000000 +01:00"}}))
    write_submission(filename="export/submission_7/recurrent.ipynb")
    out = tmp_path / "grades.csv"
    run = subprocess.run([sys.executable, "-m", "zoo.cli", "grade-all", str(export), "--assignment", "recurrent",
                          "--out", str(out), "--due", "2025-03-01T23:59:00+00:00"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert read_csv(out)[2] == ["ada@uni.edu", "0", "0", "0", "", "0",
                                "late: submitted 31 min after the due date (would score 21)"]
    assert "1 submissions" in run.stdout


def test_ctrl_c_kills_the_workers_writes_what_is_graded_and_says_how_to_resume(write_submission, tmp_path):
    (tmp_path / "class").mkdir()
    for student in ("ada", "bob", "cy"):
        write_submission(filename=f"class/{student}.ipynb")
    out = tmp_path / "grades.csv"
    run = subprocess.Popen([sys.executable, "-m", "zoo.cli", "grade-all", str(tmp_path / "class"), "--assignment",
                            "recurrent", "--jobs", "1", "--out", str(out)], stderr=subprocess.PIPE, text=True,
                           start_new_session=True,
                           # as from a terminal: a test runner may ignore SIGINT, and children inherit that
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 300
    workers = []
    while not (out.with_suffix(".json").exists() and workers) and time.monotonic() < deadline:
        time.sleep(0.1)  # until one is graded and the next one's worker runs
        workers = psutil.Process(run.pid).children(recursive=True)
    os.killpg(run.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    pressed = time.monotonic()
    _, stderr = run.communicate(timeout=60)
    assert time.monotonic() - pressed < 30 and run.returncode == 130  # promptly, even on a busy machine
    assert "Traceback" not in stderr
    graded = int(stderr.split("interrupted: ")[1].split(" of 3 graded; run the same command to resume")[0])
    assert 1 <= graded < 3
    assert len(read_csv(out)) == 2 + graded  # header, maximum, what was graded
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
