"""The gradebook's reasons for a zero and written columns, the per-student feedback page, the LMS exports
(from results shaped as `zoo.grading.grader.grade` returns them: no grading here)."""
import csv
from datetime import datetime, timezone

from zoo.grading.feedback import student_page
from zoo.grading.gradebook import Gradebook
from zoo.grading.lms import write_export

QUESTIONS = ["rnn_forward", "lstm_forward"]


def result(**scores_and_feedback):
    """A grade() result: ``name=(public score, feedback)``; each question has 2 public and 4 hidden points."""
    questions = []
    for name, (score, feedback) in scores_and_feedback.items():
        questions += [{"name": name, "score": score, "max": 2.0, "visibility": "public", "feedback": feedback},
                      {"name": name, "score": 0.0 if score < 2 else 4.0, "max": 4.0, "visibility": "hidden",
                       "feedback": feedback}]
    return {"assignment": "recurrent", "questions": questions, "score": sum(q["score"] for q in questions),
            "max": sum(q["max"] for q in questions), "cell_errors": {}, "notes": [], "seconds": 1.0}


def book(tmp_path, scores=""):
    gradebook = Gradebook("recurrent", QUESTIONS, [6.0, 6.0], {"bptt_derivation": 4.0})
    sheet = tmp_path / "scores.csv"
    sheet.write_text("student,bptt_derivation,bptt_derivation comment\n" + scores)
    gradebook.merge_written(sheet)
    return gradebook


UNFILLED = "failed: outputs match\n  your code raised NotImplementedError: write rnn_forward"
WRONG = "passed: shapes\nfailed: outputs match\n  h_T: 15 of 15 entries differ"


def test_each_zero_has_its_reason_and_written_scores_fill_their_column(tmp_path):
    gradebook = book(tmp_path, "ada,3.5,good\nbob,,\nzed,2,\n")
    results = {
        "ada": result(rnn_forward=(2.0, "passed: outputs match"), lstm_forward=(0.0, UNFILLED)),
        "bob": {**result(rnn_forward=(0.0, WRONG), lstm_forward=(0.0, WRONG)),
                "cell_errors": {"4 (lstm_forward)": "NameError: name 'sigmoid' is not defined"}},
        "cy": {**result(rnn_forward=(0.0, "x"), lstm_forward=(0.0, "x")), "malformed": "cy.ipynb is empty"},
        "dee": {**result(), "questions": [], "grader_error": "the jail could not start: FileExistsError"},
        "eve": result(rnn_forward=(2.0, "passed"), lstm_forward=(2.0, "passed")),
    }
    due = datetime(2025, 3, 1, 23, 59, tzinfo=timezone.utc)
    late = {"eve": datetime(2025, 3, 3, 1, 4, tzinfo=timezone.utc), "ada": datetime(2025, 3, 1, 20, tzinfo=timezone.utc)}
    out = tmp_path / "grades.csv"
    rows = gradebook.write(out, results, late, due)
    table = list(csv.reader(out.open()))
    assert table[0] == ["student", "rnn_forward", "lstm_forward", "bptt_derivation", "total", "why zero"]
    assert table[1] == ["(maximum)", "6", "6", "4", "16", ""]
    assert {row[0]: row[1:] for row in table[2:]} == {
        "ada": ["6", "0", "3.5", "9.5", "lstm_forward: unfilled"],
        "bob": ["0", "0", "", "0", "rnn_forward: failed every check; lstm_forward: its cell raised NameError: "
                                    "name 'sigmoid' is not defined"],
        "cy": ["0", "0", "", "0", "malformed: cy.ipynb is empty"],
        "dee": ["0", "0", "", "0", "grader error: the jail could not start: FileExistsError"],
        "eve": ["0", "0", "", "0", "late: submitted 1 d 1 h 5 min after the due date (would score 12)"]}
    assert rows["eve"] == [6.0, 6.0, 12.0]  # the report sees what was graded
    assert gradebook.flagged(results) == [
        "dee: the grader failed (the jail could not start: FileExistsError); grade this submission again or by hand",
        "zed: written scores for a student with no graded submission"]


def test_a_feedback_page_shows_scores_failed_checks_and_written_comments(tmp_path):
    gradebook = book(tmp_path, "ada,3,Derivation complete; the vanishing-gradient sentence is missing.\n")
    page = student_page(gradebook, "ada", result(rnn_forward=(0.0, WRONG), lstm_forward=(2.0, "passed: all")))
    assert "<strong>Total: 9 / 16</strong>" in page
    assert "h_T: 15 of 15 entries differ" in page and "passed: shapes" not in page  # only what failed
    assert "3 / 4" in page and "the vanishing-gradient sentence is missing" in page
    assert "lstm_forward (public tests)" not in page  # full marks: nothing to explain


def test_canvas_and_moodle_exports(tmp_path):
    gradebook = tmp_path / "grades.csv"
    gradebook.write_text("student,rnn_forward,total,why zero\n(maximum),6,6,\nada@uni.edu,6,6,\nbob,0,0,"
                         "rnn_forward: unfilled\nzed,3,3,\n")
    roster = tmp_path / "canvas.csv"
    roster.write_text('Student,ID,SIS User ID,SIS Login ID,Section,Quiz (12)\n    Points Possible,,,,,10\n'
                      '"Lovelace, Ada",101,S1,ada,DL,9\n"Brown, Bob",102,S2,bob,DL,7\n')
    out, unmatched = write_export(gradebook, "recurrent", "canvas", roster=roster)
    assert list(csv.reader(out.open())) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "recurrent"],
        ["    Points Possible", "", "", "", "", "6"],
        ["Lovelace, Ada", "101", "S1", "ada", "DL", "6"], ["Brown, Bob", "102", "S2", "bob", "DL", "0"]]
    assert unmatched == ["zed"]
    out, _ = write_export(gradebook, "recurrent", "moodle")
    assert list(csv.reader(out.open()))[:3] == [["student", "recurrent", "recurrent feedback"], ["ada@uni.edu", "6", ""],
                                               ["bob", "0", "rnn_forward: unfilled"]]
