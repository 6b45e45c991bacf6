"""The feedback helpers students read (zoo_check)."""
import json

import numpy as np
import pytest
import torch

from zoo.check import StudentError, check_word_limits, expect_close, expect_shape, run_student, to_plain


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(AssertionError, match=r"h_t has shape \(5, 3\), expected shape \(3, 5\)"):
        expect_shape("h_t", np.zeros((5, 3)), (3, 5))


def test_difference_is_counted_located_and_explained():
    want = np.arange(6.0).reshape(2, 3)
    got = want.copy()
    got[1, 2] += 0.5
    with pytest.raises(AssertionError) as e:
        expect_close("c_t", got, want, causes={"the forget gate is ignored": got})
    message = str(e.value)
    assert "1 of 6 entries differ" in message and "at index [1, 2]" in message
    assert "got 5.5, expected 5" in message
    assert "Likely cause: c_t matches what you get when the forget gate is ignored" in message


def test_hidden_message_never_shows_expected_values():
    want = np.array([0.123456, 2.0])
    with pytest.raises(AssertionError) as e:
        expect_close("h_t", np.array([0.0, 2.0]), want, hidden=True)
    assert "0.123456" not in str(e.value) and "expected 0.12" not in str(e.value)


def test_nan_never_matches():
    with pytest.raises(AssertionError, match="NaN or infinite"):
        expect_close("h_t", np.array([np.nan, 1.0]), np.array([0.0, 1.0]))


def test_close_values_pass():
    expect_close("h_t", np.array([1.0, 2.0]) + 1e-7, np.array([1.0, 2.0]))


class Liar(torch.Tensor):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value, match", [
    (torch.zeros(2).as_subclass(Liar), "Liar, expected a torch.Tensor"),
    ("[1, 2]", "str, expected a torch.Tensor"),
    (None, "is None"),
])
def test_only_plain_values_cross(value, match):
    with pytest.raises(StudentError, match=match):
        to_plain({"h_t": value})


def test_run_student_in_a_notebook_calls_the_probe_on_globals():
    def probe(env, x):
        return {"y": env["double"](torch.as_tensor(x))}

    out = run_student({"double": lambda t: 2 * t}, probe, x=np.ones(3))
    assert out["y"].dtype == np.float64 and out["y"].tolist() == [2, 2, 2]


def test_run_student_reports_the_students_exception():
    def probe(env):
        raise NotImplementedError("TODO: LSTM.forward")

    with pytest.raises(StudentError, match="your code raised NotImplementedError: TODO: LSTM.forward"):
        run_student({}, probe)


def test_word_limits_count_the_saved_answers(tmp_path, monkeypatch, capsys):
    def answer(question, text):
        return {"cell_type": "markdown", "metadata": {"zoo": {"question": question}}, "source": [text]}

    notebook = {"cells": [answer("short", "three words here"), answer("long", "word " * 11),
                          answer("empty", "_Type your answer here, replacing this text._")]}
    (tmp_path / "chapter.ipynb").write_text(json.dumps(notebook))
    monkeypatch.chdir(tmp_path)
    check_word_limits("chapter.ipynb", {"short": 5, "long": 10, "empty": 5, "missing": 5})
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[-1] for line in lines] == ["ok", "LIMIT", "answered", "answered"]
    assert "3 /   5" in lines[0] and "11 /  10" in lines[1]
    check_word_limits("other.ipynb", {"short": 5})
    assert "other.ipynb is not in the current folder" in capsys.readouterr().out
