"""The feedback helpers students read (zoo_check)."""
import json

import numpy as np
import pytest
import torch

from zoo.check import StudentError, check_word_limits, expect_close, expect_shape, expect_stored, run_student, to_plain


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


def stored_check(values):
    """A public test as the release ships it: its globals hold the stored values, as the grader sets them."""
    scope = {"__zoo_expected__": values, "expect_stored": expect_stored}
    exec("def test_lstm(env, got):\n    expect_stored('h_t', got)\n", scope)
    return scope["test_lstm"]


def test_expect_stored_passes_the_solution_and_names_a_known_mistake():
    solution, mistake = np.array([0.1, 0.2, 0.3]), np.array([0.5, 0.2, 0.3])
    check = stored_check({"test_lstm/h_t": solution, "test_lstm/h_t@lstm_swap": mistake,
                          "mistake@lstm_swap": np.array("The input and forget gates are swapped.")})
    check(None, solution + 1e-7)
    with pytest.raises(AssertionError) as e:
        check(None, mistake)
    assert "h_t: 1 of 3 entries differ" in str(e.value)
    assert "Likely cause: h_t matches what you get when the input and forget gates are swapped." in str(e.value)
    with pytest.raises(AssertionError) as e:
        check(None, np.array([9.0, 9.0, 9.0]))
    assert "Likely cause" not in str(e.value)


def test_expect_stored_records_while_a_release_records_and_reads_no_pickle():
    from zoo.check import read_expected, recording
    from zoo.release.expected import npz_bytes

    recording.update(values={}, suffix="@mutant")
    try:
        stored_check({})(None, np.array([1.0, 2.0]))
        recorded = dict(recording["values"])
    finally:
        recording.update(values=None, suffix="")
    assert list(recorded) == ["test_lstm/h_t@mutant"]
    data = npz_bytes({**recorded, "mistake@mutant": np.array("a mistake")})
    assert data == npz_bytes({**recorded, "mistake@mutant": np.array("a mistake")})  # byte-stable
    assert str(read_expected(data)["mistake@mutant"]) == "a mistake"
    with pytest.raises(KeyError, match="different releases"):
        stored_check({})(None, np.array([1.0]))


def test_structure_autograd_and_layers_are_named_in_the_students_terms():
    from zoo.check import autograd_forbidden, expect_tuple, forbidden

    with pytest.raises(StudentError, match=r"must return a tuple \(h_t, c_t\); it returned a tensor of shape \(3, 5\)"):
        expect_tuple(torch.zeros(3, 5), ("h_t", "c_t"), "LSTM.forward")
    x = torch.ones(2, requires_grad=True)
    with pytest.raises(StudentError, match="PyTorch's autograd was used: by hand"):
        with autograd_forbidden("by hand"), torch.enable_grad():
            (x * 2).sum().backward()
    with pytest.raises(StudentError, match="torch.nn.LSTM was used"):
        with forbidden("use the gates", "torch.nn.LSTM"):
            torch.nn.LSTM(2, 3)
    (x * 2).sum().backward()  # everything is restored afterwards
    assert x.grad.tolist() == [2.0, 2.0] and torch.nn.LSTM(2, 3) is not None


def test_a_failed_check_in_the_notebook_shows_its_message_not_the_checks_source():
    import otter.test_files.exception_test  # noqa: F401  (a notebook has otter loaded before the checks)
    from otter.test_files.exception_test import ExceptionTestFile

    from zoo.check import show_messages_only

    show_messages_only()
    source = ("from otter.test_files import test_case\nOK_FORMAT = False\nname = 'q'\npoints = 1\n\n"
              "@test_case(points=1)\ndef test_q(env):\n    causes = {'secret': 1}\n"
              "    raise AssertionError('h_t: 3 of 3 entries differ')\n")
    test_file = ExceptionTestFile.from_string(source, path="q.py")
    test_file.run({})
    message = test_file.test_case_results[0].message
    assert "h_t: 3 of 3 entries differ" in message and "causes" not in message and "line" not in message
