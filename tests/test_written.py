"""`zoo written`: a page per written question (master's question, model answer, every answer with its word
count and figures) and a scores sheet that keeps what was typed; `zoo` acting on the course it is run in."""
import base64
import csv
import shutil
import subprocess
import sys

import nbformat

from conftest import student_notebook
from zoo import ROOT
from zoo.master import read_master
from zoo.release.steps import fill_answers, notebook_bytes
from zoo.written import word_limits, write_written

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n-a-figure-").decode()


def nbgrader_class(folder, name, answers):
    """``submitted/<student>/<name>/<name>.ipynb``, answers being ``{student: {question: markdown}}``."""
    for student, answer in answers.items():
        nb = fill_answers(student_notebook(name), answer)
        for cell in nb.cells:
            if "![plot](attachment:plot.png)" in cell.source:
                cell["attachments"] = {"plot.png": {"image/png": PNG}}
        (folder / student / name).mkdir(parents=True)
        (folder / student / name / f"{name}.ipynb").write_bytes(notebook_bytes(nb))
    return folder


def test_word_limits_are_read_from_the_check_cell_of_the_master():
    assert word_limits(read_master("translation")[0]) == {"hyperparameter_report": 350, "paper_review": 350}
    assert word_limits(read_master("recurrent")[0]) == {}


def test_one_page_per_written_question_and_a_scores_sheet_that_keeps_what_was_typed(tmp_path):
    folder = nbgrader_class(tmp_path / "submitted", "translation", {
        "ada": {"hyperparameter_report": "Raising the learning rate helped attention.\n\n![plot](attachment:plot.png)"},
        "bob": {"hyperparameter_report": "word " * 351, "paper_review": "Option B: GPT-2 ..."},
        "cy": {}})
    (folder / "dee" / "translation").mkdir(parents=True)
    (folder / "dee" / "translation" / "translation.ipynb").write_text("{not json")
    out, questions, _ = write_written(folder, "translation", tmp_path / "written")
    assert [q.name for q in questions] == ["hyperparameter_report", "paper_review"]
    page = (out / "hyperparameter_report.html").read_text()
    assert "Hyperparameter-tuning report" in page  # the question, from the master
    assert "Example of a full-marks answer" in page  # the model answer, from the master
    assert "at most 350 words" in page and "351 words" in page and "over the limit of 350" in page
    assert f"data:image/png;base64,{PNG}" in page  # the figure pasted into ada's answer
    assert page.count("not answered") == 1  # cy
    assert "could not be read" in page  # dee
    assert page.index("<h2 id=\"ada\">") < page.index("<h2 id=\"bob\">") < page.index("<h2 id=\"cy\">")

    sheet = out / "scores.csv"
    assert list(csv.reader(sheet.open()))[0] == ["student", "hyperparameter_report", "hyperparameter_report comment",
                                                 "paper_review", "paper_review comment"]
    rows = list(csv.reader(sheet.open()))
    rows[1][1:3] = ["3", "tried three things, but no why"]
    with open(sheet, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    nbgrader_class(folder, "translation", {"eve": {}})  # a late submission, then the pages again
    write_written(folder, "translation", tmp_path / "written")
    table = {row[0]: row[1:] for row in csv.reader(sheet.open())}
    assert table["ada"] == ["3", "tried three things, but no why", "", ""] and "eve" in table
    assert "scored 3 / 4" in (out / "hyperparameter_report.html").read_text()


def minimal_course(path, marker_text):
    """A course folder with only the recurrent master, its model answer changed to ``marker_text``."""
    (path / "assignments" / "recurrent").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", path / "_config.yml")
    nb = nbformat.read(ROOT / "assignments" / "recurrent" / "recurrent.ipynb", as_version=4)
    _, _, questions = read_master("recurrent")
    model = next(q.solution for q in questions if q.manual)
    for cell in nb.cells:
        if cell.source == model:
            cell.source = marker_text
    nbformat.write(nb, path / "assignments" / "recurrent" / "recurrent.ipynb")
    return path


def zoo(*args, cwd, env=None):
    return subprocess.run([sys.executable, "-m", "zoo.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", **(env or {})})


def test_zoo_works_on_the_course_it_is_run_in_or_the_one_given(write_submission, tmp_path):
    course = minimal_course(tmp_path / "other clone", "THE MODEL ANSWER OF THE OTHER CLONE")
    (course / "notes").mkdir()
    (tmp_path / "class").mkdir()
    write_submission(filename="class/ada.ipynb")
    page = course / "written_recurrent" / "bptt_derivation.html"

    run = zoo("written", str(tmp_path / "class"), "--assignment", "recurrent", "--out", str(course / "written_recurrent"),
              cwd=course / "notes")  # found by walking up, as git finds its repository
    assert run.returncode == 0, run.stderr
    assert "THE MODEL ANSWER OF THE OTHER CLONE" in page.read_text()
    assert f"zoo: course {course}" in run.stderr  # not the checkout zoo is installed from: it says so

    page.unlink()
    for how in (["--course", str(course)], []):
        run = zoo(*how, "written", str(tmp_path / "class"), "--assignment", "recurrent", "--out", str(page.parent),
                  cwd=tmp_path, env={} if how else {"ZOO_COURSE": str(course)})
        assert run.returncode == 0, run.stderr
        assert "THE MODEL ANSWER OF THE OTHER CLONE" in page.read_text()

    run = zoo("--course", str(tmp_path / "class"), "written", str(tmp_path / "class"), "--assignment", "recurrent",
              cwd=tmp_path)
    assert run.returncode == 2 and "is not a course folder" in run.stderr
