"""Each release step alone."""
import base64
import io
import re
import zipfile

import nbformat
import pytest

from zoo.master import Question
from zoo.release.steps import (add_export_cell, add_setup_cell, deterministic_zip, fill_answers, normalise,
                               notebook_bytes, tag_answer_cells)


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


def test_setup_cell_comes_first_and_carries_the_public_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nb = add_setup_cell(notebook(answer()), "recurrent", {"tests/q.py": b"print(1)", "zoo_check.py": b"x = 1"})
    setup = nb.cells[0]
    assert "zoo_setup" in setup.metadata["tags"] and "otter-grader==7.0.0" in setup.source
    blob = "".join(re.findall(r'^\s+"([A-Za-z0-9+/=]+)"$', setup.source, re.M))
    files = zipfile.ZipFile(io.BytesIO(base64.b64decode(blob)))
    assert files.read("tests/q.py") == b"print(1)" and files.read("zoo_check.py") == b"x = 1"
    exec(compile(setup.source.split("\nimport otter")[0], "setup", "exec"), {})
    assert (tmp_path / "tests" / "q.py").read_text() == "print(1)"


def test_export_cell_comes_last():
    nb = add_export_cell(notebook(answer()), "recurrent")
    assert nb.cells[-1].metadata["tags"] == ["zoo_export"] and 'export_submission("recurrent.ipynb"' in nb.cells[-1].source


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
