"""``zoo grade``: grade one submission with the tests of the autograder bundle."""
import time

from zoo.check import StudentError
from zoo.grading.sandbox import Sandbox
from zoo.grading.submission import BadSubmission, graded_cells, read_submission
from zoo.grading.tests import load_tests

CELL_TIME_LIMIT = 60  # seconds for one cell of the student's notebook
QUESTION_TIME_LIMIT = 60  # seconds for all the tests of one question


def start_worker(cells, cell_errors):
    """A worker that has run every cell; a cell that ends or hangs the worker is left out, and noted."""
    while True:
        sandbox = Sandbox()
        for label, source in cells:
            if label in cell_errors and cell_errors[label].startswith("left out"):
                continue
            sandbox.set_time_limit(CELL_TIME_LIMIT)
            try:
                error = sandbox.exec_cell(label, source)
            except StudentError as e:
                cell_errors[label] = f"left out: {e}"
                break
            if error:
                cell_errors[label] = error
        else:
            return sandbox


def run_question(sandbox, question):
    """Run one question's test cases; return ``{hidden: (score, [feedback lines])}``."""
    results = {False: [0.0, []], True: [0.0, []]}
    sandbox.set_time_limit(QUESTION_TIME_LIMIT)
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
    """The result as the ``--json`` contract describes it, plus ``cell_errors`` for people."""
    tests = load_tests(assignment, bundle)
    result = {"assignment": assignment, "score": 0.0, "max": 0.0, "questions": []}
    try:
        cells = graded_cells(read_submission(submission, assignment))
        problem = None
    except BadSubmission as e:
        cells, problem = [], str(e)
    cell_errors, sandbox = {}, None
    start = time.monotonic()
    for question in tests:
        if problem is None and (sandbox is None or not sandbox.alive):
            sandbox = start_worker(cells, cell_errors)
        outcome = run_question(sandbox, question) if problem is None else None
        for hidden in (False, True):
            maximum = question.points(hidden)
            if not maximum:
                continue
            score, lines = outcome[hidden] if outcome else (0.0, [problem])
            result["questions"].append({"name": question.name, "score": score, "max": maximum,
                                        "visibility": "hidden" if hidden else "public",
                                        "feedback": "\n".join(lines)})
    if sandbox is not None:
        sandbox.close()
    result["score"] = sum(q["score"] for q in result["questions"])
    result["max"] = sum(q["max"] for q in result["questions"])
    result["cell_errors"] = cell_errors
    result["seconds"] = round(time.monotonic() - start, 2)
    return result
