"""`zoo grade`: the JSON contract, broken submissions, and a student's code that tries to change the verdict."""
import json
import subprocess
import sys
import zipfile

import pytest

from conftest import bundle_with, scores, solutions
from zoo.grading.grader import grade

FULL = {("rnn_forward", "public"): (2, 2), ("rnn_forward", "hidden"): (4, 4),
        ("lstm_forward", "public"): (2, 2), ("lstm_forward", "hidden"): (7, 7),
        ("bptt_gradients", "public"): (2, 2), ("bptt_gradients", "hidden"): (4, 4)}


def with_lstm(replacement):
    return {**solutions("recurrent"), "lstm_forward": replacement}


def test_cli_json_is_exactly_one_object_with_the_contract_fields(write_submission):
    run = subprocess.run([sys.executable, "-m", "zoo.cli", "grade", str(write_submission()), "--assignment",
                          "recurrent", "--json"], capture_output=True, text=True, check=True)
    result = json.loads(run.stdout)  # the whole of stdout is one JSON object
    assert set(result) == {"assignment", "score", "max", "questions", "cell_errors"} and result["cell_errors"] == {}
    assert (result["assignment"], result["score"], result["max"]) == ("recurrent", 21.0, 21.0)
    for q in result["questions"]:
        assert set(q) == {"name", "score", "max", "visibility", "feedback"} and q["visibility"] in ("public", "hidden")
    assert [q["name"] for q in result["questions"]][::2] == ["rnn_forward", "lstm_forward", "bptt_gradients"]


def test_cli_human_output_is_a_table_with_feedback(write_submission):
    answers = with_lstm(solutions("recurrent")["lstm_forward"].replace("h_t = o_t * torch.tanh(c_t)", "h_t = o_t * c_t"))
    run = subprocess.run([sys.executable, "-m", "zoo.cli", "grade", str(write_submission(answers)), "--assignment",
                          "recurrent"], capture_output=True, text=True, check=True)
    assert "question" in run.stdout and "lstm_forward" in run.stdout and "total: 12 / 21" in run.stdout
    assert "tanh is not applied to c_t before the output gate" in run.stdout


def test_the_zip_a_notebook_exports_is_graded_like_the_notebook(write_submission, tmp_path):
    archive = tmp_path / "recurrent_2026_11_25.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(write_submission(), "recurrent.ipynb")
    assert grade(archive, "recurrent")["score"] == 21


@pytest.mark.parametrize("content, reason", [
    (b"", "is empty"),
    (b"{not json", "not a valid notebook"),
    (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "not an nbformat 4 notebook"),
    ("zip", "holds no notebook"),
])
def test_a_malformed_submission_gets_a_clear_message_and_zero(tmp_path, content, reason):
    path = tmp_path / "submission.ipynb"
    if content == "zip":
        path = tmp_path / "submission.zip"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("notes.txt", "hello")
    else:
        path.write_bytes(content)
    result = grade(path, "recurrent")
    assert result["score"] == 0 and result["max"] == 21
    assert all(reason in q["feedback"] for q in result["questions"])


def test_a_crash_in_one_question_costs_only_that_question(write_submission):
    result = grade(write_submission(with_lstm("import os\nos._exit(3)")), "recurrent")
    got = scores(result)
    assert got[("lstm_forward", "public")] == (0, 2) and got[("lstm_forward", "hidden")] == (0, 7)
    assert {k: v for k, v in got.items() if k[0] != "lstm_forward"} == {k: v for k, v in FULL.items() if k[0] != "lstm_forward"}
    assert "left out" in " ".join(result["cell_errors"].values())


def test_exiting_inside_a_test_costs_only_that_question(write_submission):
    exiting = solutions("recurrent")["lstm_forward"].replace("B, T, _ = x.shape", "import os; os._exit(0)")
    result = grade(write_submission(with_lstm(exiting)), "recurrent")
    got = scores(result)
    assert got[("lstm_forward", "hidden")] == (0, 7) and got[("bptt_gradients", "hidden")] == (4, 4)
    assert "the process running your code ended" in next(q["feedback"] for q in result["questions"]
                                                          if q["name"] == "lstm_forward")


def probe_process(namespace):
    """A probe that says which process answers it and how many probes that process has answered."""
    import os

    import torch

    namespace["answered"].append(1)
    return {"pid": torch.tensor([os.getpid()]), "answered": torch.tensor([len(namespace["answered"])])}


def test_a_tests_probes_share_one_process_and_the_next_test_gets_a_fresh_one():
    from zoo.grading.sandbox import Sandbox

    sandbox = Sandbox()
    try:
        sandbox.wait_until_ready()
        sandbox.set_time_limit(60)
        assert sandbox.exec_cell("cell", "answered = []") is None
        answers = {}
        for test in ("q/first", "q/first", "q/second", None, None):
            sandbox.test = test
            answers.setdefault(test, []).append({k: v.tolist() for k, v in sandbox.run_probe(probe_process, {}).items()})
    finally:
        sandbox.close()
    first, second, alone = answers["q/first"], answers["q/second"], answers[None]
    assert first[0]["pid"] == first[1]["pid"] and [a["answered"] for a in first] == [[1], [2]]
    # what a test did is not seen by the next: it starts from the state the cells left
    assert second[0]["pid"] != first[0]["pid"] and second[0]["answered"] == [1]
    assert alone[0]["pid"] != alone[1]["pid"] and alone[0]["answered"] == alone[1]["answered"] == [1]


def test_an_infinite_loop_times_out_after_the_questions_limit_and_the_rest_is_graded(write_submission, tmp_path):
    bundle = bundle_with(tmp_path / "autograder.zip", "recurrent", time_limits={"lstm_forward": 3})
    looping = solutions("recurrent")["lstm_forward"].replace("B, T, _ = x.shape", "while True: pass")
    result = grade(write_submission(with_lstm(looping)), "recurrent", bundle=bundle)
    got = scores(result)
    assert got[("lstm_forward", "public")] == (0, 2) and got[("bptt_gradients", "public")] == (2, 2)
    assert "timed out after 3 s" in next(q["feedback"] for q in result["questions"] if q["name"] == "lstm_forward")


CHEATS = {
    "patched comparisons": "import torch, numpy, math\ntorch.allclose = lambda *a, **k: True\n"
                           "numpy.allclose = numpy.isclose = lambda *a, **k: True\nmath.isclose = lambda *a, **k: True\n",
    "global state": "import torch\ntorch.set_default_dtype(torch.float64)\ntorch.manual_seed(1)\n"
                    "torch.set_grad_enabled(False)\n",
    "fake score": "print('{\"score\": 21, \"max\": 21}')\nimport sys\nsys.stdout.write('All test cases passed!')\n",
}


@pytest.mark.parametrize("cheat", CHEATS)
def test_the_students_code_cannot_change_the_verdict(write_submission, cheat):
    wrong = solutions("recurrent")["lstm_forward"].replace("return h_t, c_t", "return 0 * h_t, 0 * c_t")
    result = grade(write_submission(with_lstm(CHEATS[cheat] + wrong)), "recurrent")
    got = scores(result)
    assert got[("lstm_forward", "public")][0] == 0 and got[("lstm_forward", "hidden")][0] == 0
    assert got[("rnn_forward", "hidden")] == (4, 4)


def test_a_tensor_subclass_that_claims_equality_is_rejected(write_submission):
    liar = "class Liar(torch.Tensor):\n    def __eq__(self, other):\n        return True\n\n\n" + \
        solutions("recurrent")["lstm_forward"].replace("return h_t, c_t", "return (0 * h_t).as_subclass(Liar), c_t")
    result = grade(write_submission(with_lstm(liar)), "recurrent")
    feedback = next(q["feedback"] for q in result["questions"] if q["name"] == "lstm_forward")
    assert scores(result)[("lstm_forward", "public")] == (0, 2) and "Liar, expected a torch.Tensor" in feedback


def test_the_submissions_time_budget_ends_grading_and_says_so(write_submission, tmp_path):
    bundle = bundle_with(tmp_path / "autograder.zip", "recurrent", submission_time_limit=10)
    looping = solutions("recurrent")["rnn_forward"].replace("B, T, _ = x.shape", "while True: pass")
    result = grade(write_submission({**solutions("recurrent"), "rnn_forward": looping}), "recurrent", bundle=bundle)
    feedback = {q["name"]: "" for q in result["questions"]}
    for q in result["questions"]:
        feedback[q["name"]] += q["feedback"]
    assert "timed out after" in feedback["rnn_forward"] and result["score"] == 0
    assert "not graded: the submission ran out of its 10 s" in feedback["bptt_gradients"]
    assert result["seconds"] < 15


def test_gpu_questions_get_their_own_worker_that_sees_the_gpu(write_submission, tmp_path, monkeypatch):
    from zoo.grading import sandbox

    started = []
    real = sandbox.Sandbox.__init__

    def record(self, *args, gpu=False, **kwargs):
        started.append(gpu)
        real(self, *args, gpu=gpu, **kwargs)

    monkeypatch.setattr(sandbox.Sandbox, "__init__", record)
    bundle = bundle_with(tmp_path / "autograder.zip", "recurrent", gpu=["lstm_forward"])
    result = grade(write_submission(), "recurrent", bundle=bundle)
    assert result["score"] == 21 and sorted(started) == [False, True]  # one CPU worker, one GPU worker


def test_an_nbgrader_flavour_submission_is_graded_like_the_otter_one(tmp_path):
    import nbformat

    from zoo import ROOT
    from zoo.release.steps import fill_answers, notebook_bytes

    released = nbformat.read(ROOT / "release" / "nbgrader" / "recurrent" / "recurrent.ipynb", as_version=4)
    path = tmp_path / "recurrent.ipynb"
    path.write_bytes(notebook_bytes(fill_answers(released, solutions("recurrent"))))
    result = grade(path, "recurrent")
    assert result["score"] == 21 and not result["cell_errors"], result["cell_errors"]


def test_a_course_that_gives_points_for_the_survey_gets_them_from_the_grader(write_submission, tmp_path):
    """`course.survey.completion_points`: the bundle says how many; a fully answered survey earns them."""
    import nbformat

    from zoo.grading.gradebook import Gradebook
    from zoo.grading.tests import load_bundle

    bundle = bundle_with(tmp_path / "autograder.zip", "recurrent", survey_points=1)
    path = write_submission()
    nb = nbformat.read(path, as_version=4)
    survey = [c for c in nb.cells if "survey" in c.metadata.get("zoo", {})]
    survey[0].source, survey[1].source = "the PyTorch docs", "alone"  # the hours are left unanswered
    nbformat.write(nb, path)
    result = grade(path, "recurrent", bundle=bundle)
    assert scores(result)[("survey", "public")] == (0, 1) and result["max"] == 22
    assert "not answered: hours" in next(q["feedback"] for q in result["questions"] if q["name"] == "survey")
    survey[2].source = "about 5-6h"
    nbformat.write(nb, path)
    result = grade(path, "recurrent", bundle=bundle)
    assert scores(result)[("survey", "public")] == (1, 1) and result["score"] == 22
    book = Gradebook.for_assignment("recurrent", load_bundle("recurrent", bundle))
    assert book.autograded[-1] == "survey" and book.autograded_max[-1] == 1
