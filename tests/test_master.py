"""A broken master stops the release with the assignment, the cell and the reason named."""

import nbformat
import pytest

import zoo.master
from zoo import ROOT
from zoo.master import MasterError, read_master
from zoo.release import build


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Copy the recurrent master as assignment 'broken', let ``edit(cells)`` break it, return its name."""
    def make(edit):
        folder = tmp_path / "assignments" / "broken"
        folder.mkdir(parents=True)
        nb = nbformat.read(ROOT / "assignments" / "recurrent" / "recurrent.ipynb", as_version=4)
        nb.cells[0].source = nb.cells[0].source.replace("name: recurrent", "name: broken")
        edit(nb.cells)
        nbformat.write(nb, folder / "broken.ipynb")
        monkeypatch.setattr(zoo.master, "ROOT", tmp_path)
        return "broken"
    return make


def index_of(cells, text):
    return next(i for i, c in enumerate(cells) if text in c.source)


def test_the_real_master_reads_cleanly():
    _, config, questions = read_master("recurrent")
    assert [q.name for q in questions] == ["rnn_forward", "lstm_forward", "bptt_derivation", "bptt_gradients"]
    assert all(q.tests for q in questions if not q.manual)


def test_missing_end_marker(broken):
    def edit(cells):
        del cells[index_of(cells, "# END TESTS")]
    with pytest.raises(MasterError, match=r"assignment 'broken', cell \d+: END QUESTION where END TESTS was expected"):
        read_master(broken(edit))


def test_test_without_points(broken):
    def edit(cells):
        i = index_of(cells, "def test_lstm_gradients")
        cells[i].source = cells[i].source.replace("points: 2", "hidden: true")
    with pytest.raises(MasterError, match=r"cell 24: a test of 'lstm_forward' has no points"):
        read_master(broken(edit))


def test_solution_without_prompt(broken):
    def edit(cells):
        i = index_of(cells, "class LSTM(nn.Module)")
        cells[i].source = cells[i].source.split('""" # BEGIN PROMPT')[0]
    with pytest.raises(MasterError, match=r"cell 19: solution of 'lstm_forward' needs"):
        read_master(broken(edit))


def test_solution_that_fails_its_own_tests_stops_the_release(broken):
    def edit(cells):
        i = index_of(cells, "class LSTM(nn.Module)")
        cells[i].source = cells[i].source.replace("c_t = f_t * c_t + i_t * g_t", "c_t = i_t * g_t")
    with pytest.raises(MasterError) as e:
        build(broken(edit))
    message = str(e.value)
    assert "assignment 'broken', cell 19: the solution of 'lstm_forward' fails its own public tests" in message
    # the forget gate no longer matters, so its parameters get no gradient: the public test that says so is named
    assert "test_lstm_one_step_sequence_and_gradients" in message and "no gradient reached W_if" in message


def test_grading_limits_come_from_the_master_with_course_defaults(broken):
    def edit(cells):
        cells[0].source += "zoo:\n  memory_limit_mb: 1024\n"
        q = index_of(cells, "name: lstm_forward")
        cells[q].source += "\ntime_limit: 120\ngpu: true\n"
    _, config, questions = read_master(broken(edit))
    assert config["zoo"] == {**zoo.master.GRADING_DEFAULTS, "memory_limit_mb": 1024}
    lstm = next(q for q in questions if q.name == "lstm_forward")
    assert (lstm.time_limit, lstm.gpu) == (120, True) and questions[0].time_limit is None


@pytest.mark.parametrize("where, text, reason", [
    ("config", "zoo:\n  memory_limit_mb: -5\n", "memory_limit_mb must be a positive number of MB"),
    ("config", "zoo:\n  timeout: 5\n", r"'zoo:' takes time_limit, .*; got \['timeout'\]"),
    ("question", "\ntime_limit: soon\n", "time_limit must be a positive number of seconds"),
])
def test_bad_grading_limits_are_refused(broken, where, text, reason):
    def edit(cells):
        cells[0 if where == "config" else index_of(cells, "name: rnn_forward")].source += text
    with pytest.raises(MasterError, match=reason):
        read_master(broken(edit))


def test_submit_files_are_plain_names(broken):
    def edit(cells):
        cells[0].source += "\nzoo:\n  submit_files:\n    - ../secrets.json"
    with pytest.raises(MasterError, match=r"cell 0: submit_files must list plain file names"):
        read_master(broken(edit))


def test_colab_packages_are_installed_here_and_shipped_at_that_version(broken):
    def edit(cells):
        cells[0].source += "\nzoo:\n  colab_packages:\n    - no-such-package-here"
    with pytest.raises(MasterError, match=r"cell 0: colab_packages: no-such-package-here is not installed here"):
        read_master(broken(edit))


def test_colab_packages_of_the_real_masters():
    assert read_master("transfer")[1]["colab_packages"] == ["captum==0.9.0"]  # the pin of requirements.txt
    assert read_master("recurrent")[1]["colab_packages"] == []


def test_submit_files_of_the_real_masters():
    assert read_master("summarization")[1]["submit_files"] == ["submission_log.json"]
    assert read_master("recurrent")[1]["submit_files"] == []
