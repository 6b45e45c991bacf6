"""Small, separately testable steps over the student notebook produced by ``otter assign``."""
import base64
import io
import textwrap
import zipfile

import nbformat

OTTER_VERSION = "7.0.0"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so a second release changes no byte
ANSWER_PLACEHOLDER = "_Type your answer here, replacing this text._"  # otter's, for written answers


def deterministic_zip(files):
    """Zip ``{path: bytes}`` with sorted names and fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, ZIP_DATE)
            info.external_attr = (0o755 if path in ("run_autograder", "setup.sh") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[path])
    return buffer.getvalue()


def tag_answer_cells(nb, questions):
    """Record in each answer cell's metadata which question it answers (``metadata.zoo.question``)."""
    answers = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    if len(answers) != len(questions):
        raise ValueError(f"{len(answers)} answer cells for {len(questions)} questions")
    for cell, question in zip(answers, questions):
        expected = "markdown" if question.manual else "code"
        if cell.cell_type != expected:
            raise ValueError(f"the answer cell of {question.name} is {cell.cell_type}, expected {expected}")
        cell.metadata["zoo"] = {"question": question.name}
    return nb


SETUP_TITLE = "#@title Set-up: run this cell first (its code is collapsed)"
SETUP_NOTE = ("**Run the next cell first.** It writes the files this notebook's checks need next to the "
              "notebook{colab}, so the notebook needs no other file. Its code is collapsed; re-running it is harmless.")
SETUP = '''\
{title}
# On Colab it installs the packages Colab lacks (pinned); anywhere, it unpacks this notebook's
# public checks (tests/, zoo_check.py and the files they read) next to it.
import base64, importlib, io, os, subprocess, sys, zipfile

if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", {packages}], check=True)
PUBLIC_CHECKS = (
{blob}
)
with zipfile.ZipFile(io.BytesIO(base64.b64decode(PUBLIC_CHECKS))) as checks:
    checks.extractall()
importlib.invalidate_caches()

import otter

grader = otter.Notebook("{name}.ipynb" if os.path.exists("{name}.ipynb") else None)'''
COURSE_FILES = '''\
{title}
# Writes the files the checks import (zoo_check.py and the files it reads) next to this notebook
# where they are missing, e.g. in a folder holding only the downloaded notebook. On the hub they are
# already there, and are left as they are.
import base64, importlib, io, os, zipfile

COURSE_FILES = (
{blob}
)
with zipfile.ZipFile(io.BytesIO(base64.b64decode(COURSE_FILES))) as files:
    files.extractall(members=[name for name in files.namelist() if not os.path.exists(name)])
importlib.invalidate_caches()'''


def embedded(files):
    """``files`` ({path: bytes}) as a deterministic zip in base64, as the lines of a Python string literal."""
    encoded = base64.b64encode(deterministic_zip(files)).decode()
    return "\n".join(f'    "{line}"' for line in textwrap.wrap(encoded, 96))


def setup_cells(source, colab=""):
    """``[note, cell]``: the set-up cell collapsed in Colab (``#@title``, ``cellView: form``), Jupyter
    (``source_hidden``) and the book (``hide-input``), after a one-line note that stays visible."""
    note = nbformat.v4.new_markdown_cell(SETUP_NOTE.format(colab=colab))
    note.metadata = {"tags": ["zoo_setup_note", "remove-cell"]}  # the site shows neither cell
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata = {"tags": ["zoo_setup", "hide-input"], "cellView": "form", "jupyter": {"source_hidden": True}}
    return [note, cell]


def add_setup_cell(nb, name, public_files, colab_packages=()):
    """Put first a cell that installs otter (and ``colab_packages``, ``name==version``) on Colab and unpacks
    ``public_files`` ({path: bytes})."""
    packages = [f"otter-grader=={OTTER_VERSION}", *colab_packages]
    source = SETUP.format(title=SETUP_TITLE, packages=", ".join(f'"{p}"' for p in packages),
                          blob=embedded(public_files), name=name)
    names = " and ".join(", ".join(p.split("==")[0] for p in packages).rsplit(", ", 1))
    nb.cells[0:0] = setup_cells(source, colab=f" (and, on Colab, installs {names})")
    return nb


def add_course_files_cell(nb, files):
    """Put first a cell that writes ``files`` ({path: bytes}) next to the notebook where they are missing.

    The JupyterHub flavour's checks import ``zoo_check``; with this cell the notebook also runs when
    it is downloaded alone from the site.
    """
    note, cell = setup_cells(COURSE_FILES.format(title=SETUP_TITLE, blob=embedded(files)))
    note.id, cell.id = "zoo-setup-note", "zoo-setup"
    nb.cells[0:0] = [note, cell]
    return nb


def add_survey(nb, survey):
    """Close the assignment with the course's homework-process survey (``zoo.course.survey_settings``).

    A heading, then for each field (sources, collaborators, hours) its prompt and a markdown answer
    cell marked ``metadata.zoo.survey: <field>``, which the submission carries to ``zoo grade-all``.
    """
    points = survey.get("completion_points", 0)
    earns = (f"\n\nAnswering every question earns {points:g} point{'' if points == 1 else 's'}; what you write "
             "is not graded." if points else "")
    nb.cells.append(nbformat.v4.new_markdown_cell(f"## {survey['title']}\n\n{survey['intro']}".rstrip() + earns))
    for field, prompt in survey["questions"].items():
        nb.cells.append(nbformat.v4.new_markdown_cell(prompt))
        answer = nbformat.v4.new_markdown_cell(ANSWER_PLACEHOLDER)
        answer.metadata = {"zoo": {"survey": field}}
        nb.cells.append(answer)
    return nb


EXPORT = '''\
# Save the notebook first (File > Save), then run this cell: it writes the zip you submit next to the
# notebook (on Colab it downloads it). Only the notebook inside is graded.{files_note}
from zoo_check import export_submission

export_submission("{name}.ipynb", grader{files_argument})'''
SUBMIT = """\
## Submit

Run every check above, then run the next cell: it saves your notebook{with_files} in a zip (on Colab the browser
downloads it; elsewhere it is written next to the notebook). **Upload that zip to this assignment on
Gradescope.** Your answers are graded by the checks you ran here and by hidden tests:

| question | points of the checks here | points of the hidden tests | points in all |
|---|---|---|---|
{rows}
| **total** | | | **{total:g}** |"""


def add_export_cell(nb, name, questions, survey_points=0, files=()):
    """The Submit section: where the zip goes, each question's points (``zoo.master.Question``; the survey's
    ``survey_points`` for answering it), the export cell; ``files``: what the zip carries beside the notebook
    (the master's ``zoo: submit_files``)."""
    rows = []
    for q in questions:
        if q.manual:
            rows.append(f"| {q.name} | written, graded by hand | | {q.points:g} |")
        else:
            public, hidden = (sum(points for _, points, h in q.tests if h == flag) for flag in (False, True))
            rows.append(f"| {q.name} | {public:g} | {hidden:g} | {public + hidden:g} |")
    if survey_points:
        rows.append(f"| survey | answered | | {survey_points:g} |")
    total = sum(q.points if q.manual else sum(points for _, points, _ in q.tests) for q in questions) + survey_points
    named = ", ".join(files)
    heading = nbformat.v4.new_markdown_cell(SUBMIT.format(rows="\n".join(rows), total=total,
                                                      with_files=f" and {named}" if files else ""))
    heading.metadata = {"tags": ["zoo_export"]}
    nb.cells.append(heading)
    verb = "goes" if len(files) == 1 else "go"
    cell = nbformat.v4.new_code_cell(EXPORT.format(
        name=name, files_note=f"\n# {named} {verb} in beside it, for the graders." if files else "",
        files_argument=f", files={list(files)!r}" if files else ""))
    cell.metadata = {"tags": ["zoo_export"]}
    nb.cells.append(cell)
    return nb


def normalise(nb):
    """No outputs, no execution counts, stable cell ids and notebook metadata."""
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index:03d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}, **{k: v for k, v in nb.metadata.items() if k == "otter"}}
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def notebook_bytes(nb):
    return (nbformat.writes(nb) + "\n").encode()


def fill_answers(nb, answers):
    """A copy of ``nb`` whose answer cells hold ``answers[question]`` (a solution, mutant, ...)."""
    filled = nbformat.reads(nbformat.writes(nb), as_version=4)
    for cell in filled.cells:
        question = cell.metadata.get("zoo", {}).get("question")
        if question in answers:
            cell.source = answers[question]
    return filled
