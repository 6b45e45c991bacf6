"""A release step: run every public test on the master's solution and on each mutant, and store the outputs.

The public checks then compare a student's outputs with these stored values (``zoo_check.expect_stored``)
and name the mutant an output matches, so no student-facing file holds code that computes a graded
output. The graded cells run once, in a fresh process; each mutant replaces only its own answer cell.
"""
import contextlib
import io
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np

from zoo.master import MasterError
from zoo.release.steps import deterministic_zip


class InProcess:
    """What a test's ``env`` is while recording: the grader's probe protocol, run on a namespace here."""

    def __init__(self, namespace):
        self.namespace = namespace

    def run_probe(self, probe, inputs):
        from zoo.check import StudentError, describe_exception, to_plain
        from zoo.grading.worker import reset_global_state

        reset_global_state()  # as the grader's worker does before every probe
        try:
            return to_plain(probe(self.namespace, **inputs))
        except StudentError:
            raise
        except Exception as e:
            raise StudentError(describe_exception(e)) from None


def graded_namespace(notebook):
    """The globals after the notebook's graded cells, run in order as the grader runs them."""
    import builtins

    from IPython.core.inputtransformer2 import TransformerManager

    from zoo.grading.submission import is_graded, source_of
    from zoo.grading.worker import NoIPython

    transformer = TransformerManager()
    namespace = {"__name__": "__main__", "__builtins__": builtins, "get_ipython": NoIPython}
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):  # what the cells print is theirs
        for index, cell in enumerate(notebook["cells"]):
            if is_graded(cell):
                exec(compile(transformer.transform_cell(source_of(cell)), f"<cell {index}>", "exec"), namespace)
    return namespace


def run_tests(cases, env, suffix):
    """Run ``cases`` on ``env``, recording every ``expect_stored`` value under ``key + suffix``."""
    import zoo.check

    zoo.check.recording["suffix"] = suffix
    failures = []
    for case in cases:
        try:
            case.function(env=env)
        except Exception as e:
            failures.append(f"{case.name}: {type(e).__name__}: {e}")
    return failures


def record(notebook, public_tests, mutants):
    """``{key: array}``: the solution's outputs (``test/label``) and each mutant's that differ (``...@slug``).

    ``notebook``: the student notebook (a dict) with the solutions filled in; ``public_tests``:
    ``{question: test file source}``; ``mutants``: ``[(slug, question, mistake, answer cell source)]``.
    """
    import zoo.check
    from zoo import alias_shipped_modules
    from zoo.grading.tests import parse_test_file

    alias_shipped_modules()
    cases = {q: parse_test_file(f"<public {q}>", source).cases for q, source in public_tests.items()}
    base = graded_namespace(notebook)
    zoo.check.recording["values"] = values = {}
    failures = {q: run_tests(q_cases, InProcess(base), "") for q, q_cases in cases.items()}
    for slug, question, mistake, source in mutants:
        namespace = dict(base)
        try:
            exec(compile(source, f"<mutant {slug}>", "exec"), namespace)
        except Exception:
            continue  # a mutant that does not even define its names is recognised by the error it raises
        run_tests(cases.get(question, []), InProcess(namespace), f"@{slug}")
        if any(key.endswith(f"@{slug}") for key in values):
            values[f"mistake@{slug}"] = np.array(mistake)
    for key in [k for k in values if "@" in k and not k.startswith("mistake@")]:
        solution = values.get(key.rsplit("@", 1)[0])
        if solution is not None and solution.shape == values[key].shape and np.allclose(values[key], solution):
            del values[key]  # the public inputs do not tell this mistake apart: nothing to name
    zoo.check.recording["values"] = None
    return values, {q: f for q, f in failures.items() if f}


def npz_bytes(values):
    """A byte-stable ``.npz`` (fixed dates, sorted names) that ``numpy.load`` reads without pickle."""
    arrays = {}
    for key, value in values.items():
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, np.asarray(value), allow_pickle=False)
        arrays[f"{key}.npy"] = buffer.getvalue()
    return deterministic_zip(arrays)


def start_recorder():
    """The fresh process ``expected_values`` records in, started now: its imports (torch: about 3 s) overlap
    the caller's work until the notebook to record is ready."""
    recorder = ProcessPoolExecutor(1, mp_context=get_context("spawn"))
    recorder.submit(import_what_the_cells_need)
    return recorder


def import_what_the_cells_need():
    import torch  # noqa: F401
    from IPython.core import inputtransformer2  # noqa: F401


def expected_values(name, notebook, public_tests, mutants, solution_cells, recorder=None):
    """Record in a fresh process (the master's cells set seeds, threads and globals: ``recorder``, from
    ``start_recorder``, or one started here); return the npz bytes.
    ``solution_cells``: {question: its solution's cell in the master}, to name a failing one."""
    with recorder or start_recorder() as pool:
        values, failures = pool.submit(record, notebook, public_tests, mutants).result()
    if failures:
        question, lines = next(iter(failures.items()))
        raise MasterError(name, solution_cells[question], f"the solution of {question!r} fails its own public "
                                                          f"tests:\n{lines[0]}")
    return npz_bytes(values)
