"""``zoo grade``: grade one submission with the tests of the autograder bundle."""
import time
from pathlib import Path

from zoo import INSTALLED_FROM, ROOT
from zoo.check import StudentError, survey_answers
from zoo.grading.sandbox import GraderError, Sandbox
from zoo.grading.submission import BadSubmission, cells_to_run, missing_files, names_defined, read_submission
from zoo.grading.tests import bundle_path, bundle_settings, load_bundle
from zoo.grading.worker import LINGERING

# What a worker must never read: the masters, the bundles, the history, the test suite, of the course
# graded and of the checkout the package runs from (the worker needs that one's zoo/ only).
SECRET_PATHS = [base / part for base in dict.fromkeys((ROOT, INSTALLED_FROM))
                for part in ("assignments", "autograder", ".git", "tests")]
LEFT_OUT = "left out: "  # how ``cell_errors`` starts for a cell the worker runs without


def early_worker(settings, hide):
    """``{gpu: Sandbox}``: the first question's worker, started before the tests are parsed, so that its imports
    (torch) and the grader's run side by side; empty when it cannot start (``start_worker`` tries again, and says why)."""
    gpu = bool(settings["questions"]) and settings["questions"][0] in settings["gpu"]
    try:
        return {gpu: Sandbox(memory_limit_mb=settings["memory_limit_mb"], hide=hide, gpu=gpu)}
    except GraderError:
        return {}


def start_worker(cells, cell_errors, limits, hide, deadline, gpu=False, started=None):
    """A worker that has run every cell; a cell that ends or hangs the worker is left out, and noted.
    ``started``: a worker already starting, used first. Raises ``GraderError`` when a worker cannot be started."""
    while True:
        sandbox, started = started or Sandbox(memory_limit_mb=limits["memory_limit_mb"], hide=hide, gpu=gpu), None
        sandbox.wait_until_ready()
        for cell in cells:
            if cell_errors.get(cell.label, "").startswith(LEFT_OUT):
                continue
            sandbox.set_time_limit(min(limits["cell_time_limit"], max(deadline - time.monotonic(), 0)))
            try:
                error = sandbox.exec_cell(cell.label, cell.source)
                if error and error.startswith(LINGERING):  # the thread could act during any later test
                    raise StudentError(error)
            except StudentError as e:
                cell_errors[cell.label] = f"{LEFT_OUT}{e}"
                sandbox.close()
                break
            if error:
                cell_errors[cell.label] = error
        else:
            return sandbox


def cell_notes(question, missing, cells, cell_errors):
    """Why a failed question's code may be missing: each cell that failed and either defines a name its
    tests looked for (``missing``) or is the question's own answer cell, named as the student knows it."""
    notes = []
    for cell in cells:
        error = cell_errors.get(cell.label)
        names = sorted(missing & names_defined(cell.source)) if error else []
        if error and (names or cell.question == question):
            what = (f"was not run: {error[len(LEFT_OUT):].replace('the cell ', 'it ', 1)}"
                    if error.startswith(LEFT_OUT) else f"failed: {error}")
            notes.append(f"your {' '.join([*names, 'cell'])} ({cell.about}) {what}")
    return notes


def run_question(sandbox, question, deadline):
    """Run one question's test cases; return ``{hidden: (score, [feedback lines])}``."""
    results = {False: [0.0, []], True: [0.0, []]}
    # the submission's budget, where it is shorter, is what a time-out reports
    sandbox.set_time_limit(max(min(question.time_limit, deadline - time.monotonic()), 0))
    for case in question.cases:
        score_lines = results[case.hidden]
        sandbox.test = f"{question.name}/{case.name}"
        try:
            case.function(env=sandbox)
            score_lines[0] += case.points
            score_lines[1].append(f"passed: {case.description}")
        except (AssertionError, StudentError) as e:
            score_lines[1].append(f"failed: {case.description}\n  {e}")
        except Exception as e:  # the student's outputs broke the check itself: still the student's points
            score_lines[1].append(f"failed: {case.description}\n  the check could not use your outputs "
                                  f"({type(e).__name__}: {e})")
    sandbox.test = None
    return results


def survey_result(submitted, points, problem=None):
    """The survey's completion points: all of them when every field is answered, none otherwise."""
    missing = [f for f, text in survey_answers(submitted).items() if not text] if submitted is not None else []
    if problem is not None or missing:
        why = problem or (f"not answered: {', '.join(missing)} (write each answer in place of the placeholder "
                          "under its question in the survey at the end of the notebook)")
        return {"name": "survey", "score": 0.0, "max": points, "visibility": "public", "feedback": f"failed: {why}"}
    return {"name": "survey", "score": points, "max": points, "visibility": "public",
            "feedback": "passed: every question of the survey is answered"}


def grade(submission, assignment, bundle=None):
    """The result as the ``--json`` contract describes it, plus ``cell_errors`` (label -> what went wrong),
    ``grader_error`` (the grader's own set-up failed: the cause; None when it worked) and ``notes`` for people.
    A question that fails because a cell failed or was left out says so in its feedback, naming the cell."""
    tests_at = Path(bundle or bundle_path(assignment)).resolve()
    hide = [*SECRET_PATHS, tests_at if tests_at.is_dir() else tests_at.parent, Path(submission).resolve().parent]
    spare = early_worker(bundle_settings(assignment, bundle), hide)
    try:
        import torch  # noqa: F401  (the hidden tests compute their references with it: imported while the worker starts)

        tests = load_bundle(assignment, bundle)
    except BaseException:
        for sandbox in spare.values():
            sandbox.close()
        raise
    limits = tests.limits
    result = {"assignment": assignment, "score": 0.0, "max": 0.0, "questions": []}
    try:
        submitted = read_submission(submission, assignment)
        cells, notes = cells_to_run(tests.release, submitted)
        notes += [f"the submission has no {name}: the graders of the written questions read it (export the zip "
                  f"after the cell that writes it)" for name in missing_files(submission, tests.submit_files)]
        problem = None
    except BadSubmission as e:
        submitted, cells, notes, problem = None, [], [], str(e)
    cell_errors, workers, grader_error = {}, {}, None
    start = time.monotonic()
    deadline = start + limits["submission_time_limit"]
    for question in tests.questions:
        outcome, explained = None, []
        if problem is None and time.monotonic() >= deadline:
            outcome = {h: (0.0, [f"not graded: the submission ran out of its {limits['submission_time_limit']:g} s"])
                       for h in (False, True)}
        elif problem is None and grader_error is None:
            try:
                sandbox = workers.get(question.gpu)
                if sandbox is None or not sandbox.alive:
                    sandbox = workers[question.gpu] = start_worker(cells, cell_errors, limits, hide, deadline,
                                                                   question.gpu, spare.pop(question.gpu, None))
                sandbox.missing.clear()
                outcome = run_question(sandbox, question, deadline)
                explained = cell_notes(question.name, sandbox.missing, cells, cell_errors)
            except GraderError as e:
                grader_error = str(e)
        if grader_error:
            outcome = {h: (0.0, [f"grader error: {grader_error}. This is not a problem in your notebook: "
                                 "it will be graded again once the grader is fixed"]) for h in (False, True)}
        for hidden in (False, True):
            maximum = question.points(hidden)
            if not maximum:
                continue
            score, lines = outcome[hidden] if outcome else (0.0, [problem])
            if score < maximum:
                lines = explained + lines
            result["questions"].append({"name": question.name, "score": score, "max": maximum,
                                        "visibility": "hidden" if hidden else "public",
                                        "feedback": "\n".join(lines)})
    if tests.survey_points:
        result["questions"].append(survey_result(submitted, tests.survey_points, problem))
    for sandbox in [*workers.values(), *spare.values()]:  # a spare is left when no question needed it
        sandbox.close()
    result["score"] = sum(q["score"] for q in result["questions"])
    result["max"] = sum(q["max"] for q in result["questions"])
    result["cell_errors"] = cell_errors
    result["grader_error"] = grader_error  # the grader's own set-up failed: the scores mean nothing
    result["notes"] = notes + ([] if all(w.jailed for w in workers.values()) else
                               ["the worker ran without a jail (no unshare/setpriv here): files were readable"])
    result["seconds"] = round(time.monotonic() - start, 2)
    return result
