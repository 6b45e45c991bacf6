"""Export finds the notebook it runs in, whatever the browser or the editor named it, or says what to do."""
import builtins
import shutil
import types
import zipfile

import pytest

from zoo import ROOT
from zoo.check import export_submission, running_notebook
from zoo.grading.grader import grade

RELEASED = ROOT / "release" / "otter" / "recurrent" / "recurrent.ipynb"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty working folder, with no Jupyter session and no IPython around."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    return tmp_path


def test_jupyter_names_the_renamed_notebook(folder, monkeypatch):
    shutil.copy(RELEASED, folder / "recurrent (1).ipynb")
    shutil.copy(RELEASED, folder / "recurrent.ipynb")  # an older download: not the one running
    monkeypatch.setenv("JPY_SESSION_NAME", str(folder / "recurrent (1).ipynb"))
    assert running_notebook("recurrent.ipynb") == "recurrent (1).ipynb"
    monkeypatch.setenv("JPY_SESSION_NAME", "course/week3/recurrent (1).ipynb")  # relative to the server's root
    assert running_notebook("recurrent.ipynb") == "recurrent (1).ipynb"


def test_vs_code_names_the_notebook(folder, monkeypatch):
    (folder / "work").mkdir()
    shutil.copy(RELEASED, folder / "work" / "my recurrent.ipynb")
    shell = types.SimpleNamespace(user_ns={"__vsc_ipynb_file__": str(folder / "work" / "my recurrent.ipynb")})
    monkeypatch.setattr(builtins, "get_ipython", lambda: shell, raising=False)
    assert running_notebook("recurrent.ipynb") == "work/my recurrent.ipynb"


def test_without_a_name_the_one_renamed_copy_is_found_and_two_are_not_guessed(folder, capsys):
    shutil.copy(RELEASED, folder / "recurrent-Copy1.ipynb")
    assert running_notebook("recurrent.ipynb") == "recurrent-Copy1.ipynb"
    shutil.copy(RELEASED, folder / "recurrent (2).ipynb")
    assert running_notebook("recurrent.ipynb") is None
    assert export_submission("recurrent.ipynb", grader=None) is None
    message = capsys.readouterr().out
    assert "there is no recurrent.ipynb in" in message and 'export_submission("<your notebook>.ipynb", grader)' in message


def test_a_renamed_notebook_exports_and_grades(folder, monkeypatch):
    import otter

    path = folder / "recurrent (1).ipynb"
    shutil.copy(RELEASED, path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    grader = otter.Notebook(None)  # what the set-up cell makes when recurrent.ipynb is not there
    zip_path = export_submission("recurrent.ipynb", grader)
    assert zipfile.ZipFile(zip_path).namelist()[0] == "recurrent (1).ipynb"
    result = grade(zip_path, "recurrent")
    assert result["max"] > 0 and result["score"] == 0 and not result["notes"]  # the unfilled notebook, read


def test_the_submitted_files_go_in_the_zip_and_the_grader_notes_a_missing_one(folder, capsys):
    import otter

    shutil.copy(RELEASED, folder / "recurrent.ipynb")
    (folder / "log.json").write_text("{}")
    grader = otter.Notebook("recurrent.ipynb")
    zip_path = export_submission("recurrent.ipynb", grader, files=["log.json", "missing.json"])
    assert "missing.json is not in" in capsys.readouterr().out
    names = zipfile.ZipFile(zip_path).namelist()
    assert "recurrent.ipynb" in names and "log.json" in names and "missing.json" not in names

    from zoo.grading.submission import missing_files

    assert missing_files(zip_path, ["log.json", "missing.json"]) == ["missing.json"]
    assert missing_files(folder / "recurrent.ipynb", ["log.json"]) == []  # beside a notebook


def test_a_summarisation_zip_without_its_log_is_graded_with_a_note(folder):
    released = ROOT / "release" / "otter" / "summarization" / "summarization.ipynb"
    with zipfile.ZipFile(folder / "s.zip", "w") as zf:
        zf.write(released, "summarization.ipynb")
    result = grade(folder / "s.zip", "summarization")
    assert any("the submission has no submission_log.json" in note for note in result["notes"])
