"""Small, separately testable steps over the student notebook produced by ``otter assign``."""
import base64
import io
import textwrap
import zipfile

import nbformat

OTTER_VERSION = "7.0.0"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so a second release changes no byte


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


SETUP = '''\
# Run this cell first. On Colab it installs the one package Colab lacks (pinned); anywhere, it
# unpacks this notebook's public checks (tests/ and zoo_check.py) next to it, so the notebook
# needs no other file. Re-running it is harmless.
import base64, io, os, subprocess, sys, zipfile

if "google.colab" in sys.modules:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "otter-grader=={otter}"], check=True)
PUBLIC_CHECKS = (
{blob}
)
with zipfile.ZipFile(io.BytesIO(base64.b64decode(PUBLIC_CHECKS))) as checks:
    checks.extractall()

import otter

grader = otter.Notebook("{name}.ipynb" if os.path.exists("{name}.ipynb") else None)'''


def add_setup_cell(nb, name, public_files):
    """Put first a cell that installs otter on Colab and unpacks ``public_files`` ({path: bytes})."""
    encoded = base64.b64encode(deterministic_zip(public_files)).decode()
    blob = "\n".join(f'    "{line}"' for line in textwrap.wrap(encoded, 96))
    cell = nbformat.v4.new_code_cell(SETUP.format(otter=OTTER_VERSION, blob=blob, name=name))
    cell.metadata = {"tags": ["zoo_setup", "hide-input"]}
    nb.cells.insert(0, cell)
    return nb


EXPORT = '''\
# Save the notebook first (File > Save), then run this cell: it writes the zip you submit
# (on Colab it downloads it). Only the notebook is graded.
from zoo_check import export_submission

export_submission("{name}.ipynb", grader)'''


def add_export_cell(nb, name):
    heading = nbformat.v4.new_markdown_cell("## Submit\n\nRun every check above, then export your work.")
    heading.metadata = {"tags": ["zoo_export"]}
    nb.cells.append(heading)
    cell = nbformat.v4.new_code_cell(EXPORT.format(name=name))
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
