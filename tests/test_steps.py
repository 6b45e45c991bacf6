"""Each release step alone."""
import base64
import io
import re
import zipfile

import nbformat
import pytest

from zoo.course import survey_settings
from zoo.master import Question
from zoo.release.steps import (ANSWER_PLACEHOLDER, add_course_files_cell, add_export_cell, add_setup_cell, add_survey,
                               deterministic_zip, fill_answers, normalise, notebook_bytes, tag_answer_cells)


def notebook(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def answer(kind="code", source="raise NotImplementedError('TODO: x')"):
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source)
    cell.metadata["tags"] = ["otter_answer_cell"]
    return cell


def test_deterministic_zip_is_byte_stable_and_order_free():
    a = deterministic_zip({"b.py": b"2", "a.py": b"1"})
    assert a == deterministic_zip({"a.py": b"1", "b.py": b"2"})
    assert zipfile.ZipFile(io.BytesIO(a)).namelist() == ["a.py", "b.py"]


def test_tag_answer_cells_in_order():
    nb = tag_answer_cells(notebook(answer(), answer("markdown")), [Question("lstm_forward"), Question("essay", manual=True)])
    assert [c.metadata["zoo"]["question"] for c in nb.cells] == ["lstm_forward", "essay"]


def test_tag_answer_cells_rejects_a_mismatch():
    with pytest.raises(ValueError, match="1 answer cells for 2 questions"):
        tag_answer_cells(notebook(answer()), [Question("a"), Question("b")])
    with pytest.raises(ValueError, match="is markdown, expected code"):
        tag_answer_cells(notebook(answer("markdown")), [Question("a")])


def embedded_zip(cell):
    blob = "".join(re.findall(r'^\s+"([A-Za-z0-9+/=]+)"$', cell.source, re.M))
    return zipfile.ZipFile(io.BytesIO(base64.b64decode(blob)))


def test_setup_cell_comes_first_and_carries_the_public_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nb = add_setup_cell(notebook(answer()), "recurrent", {"tests/q.py": b"print(1)", "zoo_check.py": b"x = 1"})
    note, setup = nb.cells[:2]
    assert "zoo_setup" in setup.metadata["tags"] and "otter-grader==7.0.0" in setup.source
    files = embedded_zip(setup)
    assert files.read("tests/q.py") == b"print(1)" and files.read("zoo_check.py") == b"x = 1"
    exec(compile(setup.source.split("\nimport otter")[0], "setup", "exec"), {})
    assert (tmp_path / "tests" / "q.py").read_text() == "print(1)"


def test_on_colab_the_setup_cell_installs_otter_and_the_packages_the_assignment_names(tmp_path, monkeypatch):
    import subprocess
    import sys
    import types

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    installed = []
    monkeypatch.setattr(subprocess, "run", lambda command, check: installed.append(command[command.index("-q") + 1:]))
    note, setup = add_setup_cell(notebook(answer()), "transfer", {"zoo_check.py": b""}, ["captum==0.9.0"]).cells[:2]
    exec(compile(setup.source.split("\nimport otter")[0], "setup", "exec"), {})
    assert installed == [["otter-grader==7.0.0", "captum==0.9.0"]]
    assert "on Colab, installs otter-grader and captum)" in note.source


def test_setup_cells_are_collapsed_under_a_visible_note():
    for nb in (add_setup_cell(notebook(answer()), "recurrent", {"zoo_check.py": b""}),
               add_course_files_cell(notebook(answer()), {"zoo_check.py": b""})):
        note, setup = nb.cells[:2]
        assert note.cell_type == "markdown" and note.source.startswith("**Run the next cell first.**")
        assert len(note.source.splitlines()) == 1 and "zoo_setup_note" in note.metadata["tags"]
        assert setup.source.startswith("#@title ")  # Colab shows the title of a form cell, not its code
        assert setup.metadata["cellView"] == "form" and setup.metadata["jupyter"] == {"source_hidden": True}
        assert "hide-input" in setup.metadata["tags"]  # and the book folds it


def test_course_files_cell_writes_only_what_is_missing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = {"zoo_check.py": b"checks = 1", "zoo_expected.npz": bytes(range(256))}
    setup = add_course_files_cell(notebook(answer()), files).cells[1]
    assert setup.id == "zoo-setup" and "zoo_setup" in setup.metadata["tags"]
    (tmp_path / "zoo_check.py").write_text("the hub's own copy")
    exec(compile(setup.source, "setup", "exec"), {})
    assert (tmp_path / "zoo_check.py").read_text() == "the hub's own copy"
    assert (tmp_path / "zoo_expected.npz").read_bytes() == bytes(range(256))


SURVEY = {"title": "About your work", "intro": "Help us.",
          "questions": {"sources": "Sources?", "collaborators": "With whom?", "hours": "Hours?"}}


def test_the_survey_closes_the_notebook_with_one_answer_cell_per_field():
    nb = add_survey(notebook(answer()), SURVEY)
    assert nb.cells[1].source == "## About your work\n\nHelp us."
    answers = [c for c in nb.cells if "survey" in c.metadata.get("zoo", {})]
    assert [c.metadata["zoo"]["survey"] for c in answers] == ["sources", "collaborators", "hours"]
    assert all(c.cell_type == "markdown" and c.source == ANSWER_PLACEHOLDER for c in answers)
    assert [c.source for c in nb.cells[2::2]] == ["Sources?", "With whom?", "Hours?"]


def test_the_survey_text_comes_from_the_course_settings():
    settings = survey_settings()
    assert list(settings["questions"]) == ["sources", "collaborators", "hours"]
    with pytest.raises(ValueError, match="exactly"):
        survey_settings({"course": {"survey": {"questions": {"hours": "?"}}}})
    assert settings["completion_points"] == 0  # this course collects the survey without grading it
    assert survey_settings({"course": {"survey": {**SURVEY, "completion_points": 1}}})["completion_points"] == 1
    for points in (-1, "one", True):
        with pytest.raises(ValueError, match="give a number of points"):
            survey_settings({"course": {"survey": {**SURVEY, "completion_points": points}}})


def test_a_survey_with_completion_points_says_so_and_counts_in_the_total():
    nb = add_survey(notebook(answer()), {**SURVEY, "completion_points": 1})
    assert nb.cells[1].source.endswith("Answering every question earns 1 point; what you write is not graded.")
    submit = add_export_cell(notebook(answer()), "a", [Question("q", tests=[(1, 2, False)])], survey_points=1)
    assert "| survey | answered | | 1 |" in submit.cells[-2].source and "**3**" in submit.cells[-2].source


def test_the_survey_check_reads_the_saved_notebook(tmp_path, capsys):
    from zoo.check import check_survey

    nb = add_survey(notebook(answer()), SURVEY)
    nbformat.write(nb, tmp_path / "a.ipynb")
    with pytest.raises(AssertionError, match="not answered: sources, collaborators, hours"):
        check_survey(str(tmp_path / "a.ipynb"))
    for cell, text in zip([c for c in nb.cells if "survey" in c.metadata.get("zoo", {})], ["none", "alone", "6"]):
        cell.source = text
    nbformat.write(nb, tmp_path / "a.ipynb")
    check_survey(str(tmp_path / "a.ipynb"))
    assert "ok   the survey is answered" in capsys.readouterr().out


def test_the_survey_cells_are_not_graded(tmp_path):
    from zoo.grading.submission import cells_to_run

    released = add_survey(tag_answer_cells(notebook(answer()), [Question("q")]), SURVEY)
    submitted = fill_answers(released, {"q": "x = 1"})
    for cell in submitted.cells:
        if "survey" in cell.metadata.get("zoo", {}):
            cell.source = "about 4 hours"
    cells, notes = cells_to_run(released, submitted)
    assert [(cell.label, cell.source) for cell in cells] == [("0 (q)", "x = 1")] and notes == []


def test_export_cell_comes_last_after_each_questions_points():
    questions = [Question("rnn_forward", tests=[(1, 2, False), (2, 3, True), (3, 1, True)]),
                 Question("essay", manual=True, points=4)]
    nb = add_export_cell(notebook(answer()), "recurrent", questions)
    assert nb.cells[-1].metadata["tags"] == ["zoo_export"] and 'export_submission("recurrent.ipynb"' in nb.cells[-1].source
    submit = nb.cells[-2].source
    assert "Upload that zip to this assignment on\nGradescope" in submit
    assert "| rnn_forward | 2 | 4 | 6 |" in submit and "| essay | written, graded by hand | | 4 |" in submit
    assert "| **total** | | | **10** |" in submit


def test_normalise_removes_outputs_and_fixes_ids():
    cell = nbformat.v4.new_code_cell("1", execution_count=3, outputs=[nbformat.v4.new_output("stream", text="1")])
    nb = normalise(notebook(cell))
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None and nb.cells[0].id == "cell-000"
    assert notebook_bytes(nb) == notebook_bytes(normalise(nb))


def test_fill_answers_replaces_only_named_questions():
    a, b = answer(), answer()
    a.metadata["zoo"], b.metadata["zoo"] = {"question": "a"}, {"question": "b"}
    nb = notebook(a, b)
    filled = fill_answers(nb, {"a": "solution"})
    assert [c.source for c in filled.cells] == ["solution", b.source] and nb.cells[0].source != "solution"


def test_the_export_cell_puts_the_submitted_files_in_the_zip():
    nb = add_export_cell(notebook(answer()), "summarization", [Question("q", tests=[(1, 1, False)])],
                         files=["submission_log.json"])
    assert nb.cells[-1].source.endswith("""export_submission("summarization.ipynb", grader, files=['submission_log.json'])""")
    assert "graded.\n# submission_log.json goes in beside it, for the graders." in nb.cells[-1].source
    assert "it saves your notebook and submission_log.json in a zip" in nb.cells[-2].source
