"""``zoo release``: masters -> student notebooks (otter and nbgrader flavours) and autograder bundles."""
import json
import tempfile
from pathlib import Path

from zoo import ROOT
from zoo.check import EXPECTED_FILE
from zoo.digest import inputs_digest
from zoo.master import MasterError, read_master
from zoo.release import image
from zoo.release.expected import expected_values
from zoo.release.image import OTTER_IMAGE
from zoo.release.otter import SHIPPED_MODULES, run_otter_assign
from zoo.course import survey_settings
from zoo.release.steps import (add_course_files_cell, add_export_cell, add_setup_cell, add_survey, deterministic_zip,
                               fill_answers, normalise, notebook_bytes, tag_answer_cells)
from zoo.variants import read_variants


def build(name):
    """Everything a release of ``name`` writes, as ``{path relative to the repository: bytes}``."""
    _, config, questions = read_master(name)
    otter = run_otter_assign(name)
    expected = record_expected_values(name, questions, otter)
    modules = {**{shipped: module.read_bytes() for shipped, module in SHIPPED_MODULES.items()}, EXPECTED_FILE: expected}
    student = otter_student(name, questions, otter, modules, config["submit_files"], config["colab_packages"])
    otter_files = {path: data for path, data in otter.bundle.items() if path not in OTTER_IMAGE}
    bundle = deterministic_zip({**otter_files, **image.grader_files(student), "release.ipynb": notebook_bytes(student),
                                "zoo.json": grading_settings(name, config, questions), EXPECTED_FILE: expected})
    check_solutions_pass(name, student, questions, bundle)
    files = {f"release/otter/{name}/{name}.ipynb": notebook_bytes(student),
             f"autograder/{name}/autograder.zip": bundle,
             f"autograder/{name}/Dockerfile": image.dockerfile(name, [q.name for q in questions if q.gpu])}
    files.update(nbgrader_files(name, student, questions, otter, modules))
    return files


def record_expected_values(name, questions, otter):
    """``zoo_expected.npz``: the public tests' outputs on the solutions and on every mutant."""
    solutions = {q.name: q.solution for q in questions if not q.manual}
    answered = fill_answers(tag_answer_cells(otter.student, questions), solutions)
    mutants = [(m.slug, m.question, m.mistake, m.source) for m in read_variants(name, "mutants")]
    return expected_values(name, answered, otter.public_tests, mutants, {q.name: q.solution_cell for q in questions})


def grading_settings(name, config, questions):
    """``zoo.json`` of the bundle: question order, limits, GPU questions (what the grader reads)."""
    limits = config["zoo"]
    graded = [q for q in questions if not q.manual]
    settings = {"assignment": name, "inputs": inputs_digest(name), "questions": [q.name for q in graded],
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


def nbgrader_files(name, student, questions, otter, modules):
    from zoo.release.nbgrader import generate_release, nbgrader_source

    solutions = {q.name: q.solution for q in questions if not q.manual}
    manual = {q.name: q.points for q in questions if q.manual}
    model_answers = {q.name: q.solution for q in questions if q.manual}
    source = nbgrader_source(student, solutions, otter.tests, manual, manual_answers=model_answers,
                             survey_points=survey_settings()["completion_points"], notebook=f"{name}.ipynb")
    source = add_course_files_cell(source, modules)  # the notebook runs alone, downloaded from the site
    released = generate_release(source, name, modules)
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


def release(names):
    """Write the release of each assignment; return the paths whose content changed."""
    changed = []
    for name in names:
        for relative, content in build(name).items():
            path = ROOT / relative
            if not path.exists() or path.read_bytes() != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                changed.append(relative)
    return changed
