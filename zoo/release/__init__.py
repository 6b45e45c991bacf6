"""``zoo release``: masters -> student notebooks (otter and nbgrader flavours) and autograder bundles."""
import json
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from importlib import import_module
from pathlib import Path

from zoo import ROOT
from zoo.check import EXPECTED_FILE
from zoo.digest import graded_digest, inputs_digest, released_settings
from zoo.grading.sandbox import start_zygote
from zoo.grading.tests import bundle_path
from zoo.master import MasterError, read_master
from zoo.release import image
from zoo.release.expected import expected_values, start_recorder
from zoo.release.image import OTTER_IMAGE
from zoo.release.nbgrader import StartedNbgrader, generate_release, nbgrader_source
from zoo.release.otter import SHIPPED_MODULES, run_otter_assign
from zoo.course import survey_settings
from zoo.release.steps import (add_course_files_cell, add_export_cell, add_setup_cell, add_survey, deterministic_zip,
                               fill_answers, normalise, notebook_bytes, tag_answer_cells)
from zoo.variants import read_variants


def build(name, reuse=True):
    """Everything a release of ``name`` writes, as ``{path relative to the repository: bytes}``.

    With ``reuse``, where the bundle released last was made from the same graded inputs (``graded_digest``:
    only the master's markdown changed), its stored outputs and requirements are taken and the solutions are not
    graded again.
    The processes of later steps start first, so that their imports overlap ``otter assign``.
    """
    _, config, questions = read_master(name)
    graded = graded_digest(name)
    previous = released_files(name, graded) if reuse else None
    recorder = None
    with ExitStack() as started:
        nbgrader = started.enter_context(StartedNbgrader(name))
        thread = started.enter_context(ThreadPoolExecutor(1))
        if previous is None:  # the values are recorded and the solutions graded: torch in three processes
            recorder = started.enter_context(start_recorder())
            start_zygote(config["zoo"]["memory_limit_mb"])
            thread.submit(import_module, "torch")  # the grader's process computes the hidden tests' references
        otter = run_otter_assign(name)
        expected = previous[EXPECTED_FILE] if previous else record_expected_values(name, questions, otter, recorder)
        modules = {**{shipped: module.read_bytes() for shipped, module in SHIPPED_MODULES.items()},
                   EXPECTED_FILE: expected}
        student = otter_student(name, questions, otter, modules, config["submit_files"], config["colab_packages"])
        nbgrader_release = thread.submit(nbgrader_files, name, student, questions, otter, modules, nbgrader)
        otter_files = {path: data for path, data in otter.bundle.items() if path not in OTTER_IMAGE}
        grader = image.grader_files(student, previous and previous["requirements.txt"])
        bundle = deterministic_zip({**otter_files, **grader, "release.ipynb": notebook_bytes(student),
                                    "zoo.json": grading_settings(name, config, questions, graded),
                                    EXPECTED_FILE: expected})
        if previous is None:
            check_solutions_pass(name, student, questions, bundle)  # while nbgrader writes its release
        return {f"release/otter/{name}/{name}.ipynb": notebook_bytes(student),
                f"autograder/{name}/autograder.zip": bundle,
                f"autograder/{name}/Dockerfile": image.dockerfile(name, [q.name for q in questions if q.gpu]),
                **nbgrader_release.result()}


def released_files(name, graded):
    """The stored outputs and the requirements in ``name``'s bundle if it was released from the same graded inputs
    (the graded cells import the same packages), else None."""
    if released_settings(name).get("graded") != graded:
        return None
    with zipfile.ZipFile(bundle_path(name)) as bundle:
        return {path: bundle.read(path) for path in (EXPECTED_FILE, "requirements.txt")}


def record_expected_values(name, questions, otter, recorder=None):
    """``zoo_expected.npz``: the public tests' outputs on the solutions and on every mutant."""
    solutions = {q.name: q.solution for q in questions if not q.manual}
    answered = fill_answers(tag_answer_cells(otter.student, questions), solutions)
    mutants = [(m.slug, m.question, m.mistake, m.source) for m in read_variants(name, "mutants")]
    return expected_values(name, answered, otter.public_tests, mutants, {q.name: q.solution_cell for q in questions},
                           recorder)


def grading_settings(name, config, questions, graded_inputs):
    """``zoo.json`` of the bundle: question order, limits, GPU questions (what the grader reads), and the digests of
    what the release was made from (``inputs``) and of what its grading depends on (``graded``)."""
    limits = config["zoo"]
    graded = [q for q in questions if not q.manual]
    settings = {"assignment": name, "inputs": inputs_digest(name), "graded": graded_inputs,
                "questions": [q.name for q in graded],
                "time_limits": {q.name: q.time_limit or limits["time_limit"] for q in graded},
                "gpu": [q.name for q in graded if q.gpu],
                **{key: value for key, value in limits.items() if key != "time_limit"}}
    if config["submit_files"]:  # the grader notes any the submission lacks
        settings["submit_files"] = config["submit_files"]
    survey_points = survey_settings()["completion_points"]
    if survey_points:  # the grader gives them for a survey whose every field is answered
        settings["survey_points"] = survey_points
    return json.dumps(settings, indent=1).encode()


def otter_student(name, questions, otter, modules, submit_files=(), colab_packages=()):
    """The Colab/Gradescope notebook: otter's student notebook, tagged, with setup and export cells."""
    public = {f"tests/{q}.py": text.encode() for q, text in otter.public_tests.items()}
    student = tag_answer_cells(otter.student, questions)
    survey = survey_settings()
    student = add_survey(add_setup_cell(student, name, {**public, **modules}, colab_packages), survey)
    return normalise(add_export_cell(student, name, questions, survey["completion_points"], submit_files))


def nbgrader_files(name, student, questions, otter, modules, nbgrader=None):
    solutions = {q.name: q.solution for q in questions if not q.manual}
    manual = {q.name: q.points for q in questions if q.manual}
    model_answers = {q.name: q.solution for q in questions if q.manual}
    source = nbgrader_source(student, solutions, otter.tests, manual, manual_answers=model_answers,
                             survey_points=survey_settings()["completion_points"], notebook=f"{name}.ipynb")
    source = add_course_files_cell(source, modules)  # the notebook runs alone, downloaded from the site
    released = generate_release(source, name, modules, nbgrader)
    files = {f"release/nbgrader/{name}/{name}.ipynb": notebook_bytes(released),
             # instructor-only: the course's source/<name>/ (solutions and hidden tests)
             f"autograder/{name}/nbgrader/{name}.ipynb": notebook_bytes(source)}
    for shipped, content in modules.items():
        files[f"release/nbgrader/{name}/{shipped}"] = files[f"autograder/{name}/nbgrader/{shipped}"] = content
    return files


def check_solutions_pass(name, student, questions, bundle):
    """Grade the master's own solutions with the new bundle: any lost point stops the release."""
    from zoo.grading.grader import grade

    with tempfile.TemporaryDirectory() as scratch:
        bundle_path, submission = Path(scratch, "autograder.zip"), Path(scratch, f"{name}.ipynb")
        bundle_path.write_bytes(bundle)
        solutions = {q.name: q.solution for q in questions if not q.manual}
        submission.write_bytes(notebook_bytes(fill_answers(student, solutions)))
        result = grade(submission, name, bundle=bundle_path)
    cells = {q.name: q.solution_cell for q in questions}
    for q in result["questions"]:
        if q["score"] < q["max"]:
            raise MasterError(name, cells[q["name"]], f"the solution of {q['name']!r} fails its own "
                              f"{q['visibility']} tests:\n{q['feedback']}")


def release(names, reuse=True):
    """Write the release of each assignment; return the paths whose content changed."""
    changed = []
    for name in names:
        for relative, content in build(name, reuse).items():
            path = ROOT / relative
            if not path.exists() or path.read_bytes() != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                changed.append(relative)
    return changed
