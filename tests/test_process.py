"""The homework-process survey: answers read from submissions, hours parsed, ``process.csv`` and the report."""
import csv

import nbformat
import pytest

from zoo.grading.batch import grade_all
from zoo.grading.process import hours_section, parse_hours, survey_answers, write_process


@pytest.mark.parametrize("text, hours", [
    ("6", 6), ("6.5", 6.5), ("6,5 hours", 6.5), ("~6h", 6), ("about 5-6h", 5.5), ("5 to 6 hours", 5.5),
    ("between 4 and 6", 5), ("six", 6), ("Six hours", 6), ("twenty-five", 25), ("five and a half", 5.5),
    ("2h30", 2.5), ("2 hours and 30 minutes", 2.5), ("2:30", 2.5), ("90 minutes", 1.5), ("half an hour", 0.5),
    ("10 or so", 10),
    # not hours: reported, never an error
    ("a lot", None), ("3 on Monday, 4 today", None), ("3 hours and 4 hours", None), ("", None), ("0", None),
    ("1000", None), ("_Type your answer here, replacing this text._", None), (None, None),
])
def test_parse_hours(text, hours):
    assert parse_hours(text) == hours


def answer_survey(path, **answers):
    """Write ``answers`` ({field: text}) into the survey cells of the notebook at ``path``."""
    nb = nbformat.read(path, as_version=4)
    cells = {c.metadata["zoo"]["survey"]: c for c in nb.cells if "survey" in c.metadata.get("zoo", {})}
    assert set(cells) == {"sources", "collaborators", "hours"}  # the release put the survey in
    for field, text in answers.items():
        cells[field].source = text
    nbformat.write(nb, path)
    return path


def test_the_answers_are_read_as_written(write_submission, tmp_path):
    path = answer_survey(write_submission(), sources="The PyTorch docs on nn.LSTM\n\nand CS231n's notes",
                         collaborators="Ada Lovelace (s123), Bob (s456)")
    assert survey_answers(nbformat.read(path, as_version=4)) == {
        "sources": "The PyTorch docs on nn.LSTM\n\nand CS231n's notes", "collaborators": "Ada Lovelace (s123), Bob (s456)",
        "hours": ""}  # left as the placeholder: unanswered


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_process_csv_keeps_other_assignments_and_the_report_shows_the_hours(write_submission, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    answers = {"ada": "about 5-6h", "bob": "six", "cy": "a lot", "dan": "4"}
    for student, hours in answers.items():
        answer_survey(write_submission(filename=f"submissions/{student}.ipynb"), hours=hours, sources="none")
    (folder / "eve.ipynb").write_text("")  # broken: no answers, no error
    out = tmp_path / "grades.csv"
    with open(tmp_path / "process.csv", "w", newline="") as f:  # an earlier assignment's rows stay
        f.write("student,assignment,hours,hours_as_written,sources,collaborators\nada,cnn,8,8,,\n")
    write_process(out, "recurrent", {p.stem: p for p in sorted(folder.iterdir())})
    rows = {(r["assignment"], r["student"]): r for r in read_csv(tmp_path / "process.csv")}
    assert rows[("cnn", "ada")]["hours"] == "8"
    assert {s: rows[("recurrent", s)]["hours"] for s in "ada bob cy dan eve".split()} == {
        "ada": "5.5", "bob": "6", "cy": "", "dan": "4", "eve": ""}
    assert rows[("recurrent", "cy")]["hours_as_written"] == "a lot" and rows[("recurrent", "ada")]["sources"] == "none"
    report = "\n".join(hours_section(out))
    assert "| cnn | 1 | 8 h | 8-8 h | 0 |" in report and "| recurrent | 3 | 5.5 h | 4.75-5.75 h | 1 |" in report
    assert "- recurrent, cy: 'a lot'" in report
    assert (tmp_path / "grades_hours.png").read_bytes()[:4] == b"\x89PNG"


def test_grade_all_writes_process_csv_and_reports_the_hours(write_submission, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    answer_survey(write_submission(filename="submissions/ada.ipynb"), hours="3h", collaborators="alone")
    out = tmp_path / "out" / "grades.csv"
    out.parent.mkdir()
    grade_all(folder, "recurrent", jobs=1, out=out)
    assert read_csv(tmp_path / "out" / "process.csv") == [
        {"student": "ada", "assignment": "recurrent", "hours": "3", "hours_as_written": "3h", "sources": "",
         "collaborators": "alone"}]
    report = (tmp_path / "out" / "grades_report.md").read_text()
    assert "| recurrent | 1 | 3 h | 3-3 h | 0 |" in report and "![hours](grades_hours.png)" in report
