"""`zoo grade-all`: the three folder layouts, resuming, one broken submission, the gradebook and the report."""
import csv
import subprocess
import sys
import zipfile

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
    out.parent.mkdir()
    rows, timing = grade_all(folder, "recurrent", jobs=2, out=out)
    assert timing["graded"] == 3 and timing["reused"] == 0
    table = read_csv(out)
    assert table[0] == ["student", "rnn_forward", "lstm_forward", "bptt_gradients", "total"]
    assert {row[0]: row[1:] for row in table[1:]} == {"ada": ["6", "9", "6", "21"], "bob": ["0", "9", "6", "15"],
                                                      "cy": ["0", "0", "0", "0"]}
    report = (tmp_path / "out" / "grades_report.md").read_text()
    assert "| rnn_forward | 6 | 2.00 | 33% |" in report and "median" in report
    assert (tmp_path / "out" / "grades_totals.png").read_bytes()[:4] == b"\x89PNG"

    _, timing = grade_all(folder, "recurrent", jobs=2, out=out)
    assert (timing["graded"], timing["reused"]) == (0, 3)
    write_submission(filename="submissions/cy.ipynb")  # cy fixes the notebook and resubmits
    _, timing = grade_all(folder, "recurrent", jobs=2, out=out)
    assert (timing["graded"], timing["reused"]) == (1, 2)
    assert ["cy", "6", "9", "6", "21"] in read_csv(out)


def test_the_command_line_grades_a_gradescope_export(write_submission, tmp_path):
    export = tmp_path / "export"
    (export / "submission_7").mkdir(parents=True)
    (export / "submission_metadata.yml").write_text(yaml.safe_dump(
        {"submission_7": {":submitters": [{":name": "Ada", ":email": "ada@uni.edu"}]}}))
    write_submission(filename="export/submission_7/recurrent.ipynb")
    out = tmp_path / "grades.csv"
    run = subprocess.run([sys.executable, "-m", "zoo.cli", "grade-all", str(export), "--assignment", "recurrent",
                          "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert read_csv(out)[1] == ["ada@uni.edu", "6", "9", "6", "21"] and "1 submissions" in run.stdout
