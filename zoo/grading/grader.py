"""``zoo grade``: grade one submission with the tests of the autograder bundle."""
import time
from pathlib import Path

from zoo import ROOT
from zoo.check import StudentError
from zoo.grading.sandbox import Sandbox
from zoo.grading.submission import BadSubmission, cells_to_run, read_submission
from zoo.grading.tests import bundle_path, load_bundle
from zoo.grading.worker import LINGERING

# What a worker must never read: the masters, the bundles, the history, the test suite.
SECRET_PATHS = [ROOT / "assignments", ROOT / "autograder", ROOT / ".git", ROOT / "tests"]


def start_worker(cells, cell_errors, limits, hide, deadline, gpu=False):
    """A worker that has run every cell; a cell that ends or hangs the worker is left out, and noted."""
    while True:
        sandbox = Sandbox(memory_limit_mb=limits["memory_limit_mb"], hide=hide, gpu=gpu)
        for label, source in cells:
            if label in cell_errors and cell_errors[label].startswith("left out"):
                continue
            sandbox.set_time_limit(min(limits["cell_time_limit"], max(deadline - time.monotonic(), 0)))
            try:
                error = sandbox.exec_cell(label, source)
                if error and error.startswith(LINGERING):  # the thread could act during any later test
                    raise StudentError(error)
            except StudentError as e:
                cell_errors[label] = f"left out: {e}"
                sandbox.close()
                break
            if error:
                cell_errors[label] = error
        else:
            return sandbox


def run_question(sandbox, question, deadline):
    """Run one question's test cases; return ``{hidden: (score, [feedback lines])}``."""
    results = {False: [0.0, []], True: [0.0, []]}
    # the submission's budget, where it is shorter, is what a time-out reports
    sandbox.set_time_limit(max(min(question.time_limit, deadline - time.monotonic()), 0))
    for case in question.cases:
        score_lines = results[case.hidden]
        try:
            case.function(env=sandbox)
            score_lines[0] += case.points
            score_lines[1].append(f"passed: {case.description}")
        except (AssertionError, StudentError) as e:
            score_lines[1].append(f"failed: {case.description}\n  {e}")
        except Exception as e:  # the student's outputs broke the check itself: still the student's points
            score_lines[1].append(f"failed: {case.description}\n  the check could not use your outputs "
                                  f"({type(e).__name__}: {e})")
    return results


def grade(submission, assignment, bundle=None):
    """The result as the ``--json`` contract describes it, plus ``cell_errors`` and ``notes`` for people."""
    tests = load_bundle(assignment, bundle)
    limits = tests.limits
    result = {"assignment": assignment, "score": 0.0, "max": 0.0, "questions": []}
    tests_at = Path(bundle or bundle_path(assignment)).resolve()
    hide = [*SECRET_PATHS, tests_at if tests_at.is_dir() else tests_at.parent, Path(submission).resolve().parent]
    try:
        cells, notes = cells_to_run(tests.release, read_submission(submission, assignment))
        problem = None
    except BadSubmission as e:
        cells, notes, problem = [], [], str(e)
    cell_errors, workers = {}, {}
    start = time.monotonic()
    deadline = start + limits["submission_time_limit"]
    for question in tests.questions:
        outcome = None
        if problem is None and time.monotonic() >= deadline:
            outcome = {h: (0.0, [f"not graded: the submission ran out of its {limits['submission_time_limit']:g} s"])
                       for h in (False, True)}
        elif problem is None:
            sandbox = workers.get(question.gpu)
            if sandbox is None or not sandbox.alive:
                sandbox = workers[question.gpu] = start_worker(cells, cell_errors, limits, hide, deadline,
                                                               question.gpu)
            outcome = run_question(sandbox, question, deadline)
        for hidden in (False, True):
            maximum = question.points(hidden)
            if not maximum:
                continue
            score, lines = outcome[hidden] if outcome else (0.0, [problem])
            result["questions"].append({"name": question.name, "score": score, "max": maximum,
                                        "visibility": "hidden" if hidden else "public",
                                        "feedback": "\n".join(lines)})
    for sandbox in workers.values():
        sandbox.close()
    result["score"] = sum(q["score"] for q in result["questions"])
    result["max"] = sum(q["max"] for q in result["questions"])
    result["cell_errors"] = cell_errors
    result["notes"] = notes + ([] if all(w.jailed for w in workers.values()) else
                               ["the worker ran without a jail (no unshare/setpriv here): files were readable"])
    result["seconds"] = round(time.monotonic() - start, 2)
    return result
