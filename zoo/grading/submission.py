"""Reading a submission (a notebook, or the zip a notebook exports) and picking the cells to grade."""
import json
import zipfile
from pathlib import Path

import nbformat


class BadSubmission(Exception):
    """The submission cannot be read: the message says why, in the student's terms."""


def read_submission(path, assignment):
    """The submitted notebook, or ``BadSubmission`` with a clear reason."""
    path = Path(path)
    if not path.is_file():
        raise BadSubmission(f"{path} does not exist")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            notebooks = [n for n in zf.namelist() if n.endswith(".ipynb") and not n.startswith("__MACOSX")]
            preferred = [n for n in notebooks if Path(n).name == f"{assignment}.ipynb"]
            if not notebooks:
                raise BadSubmission(f"the zip {path.name} holds no notebook (.ipynb)")
            if len(notebooks) > 1 and not preferred:
                raise BadSubmission(f"the zip {path.name} holds several notebooks and none is {assignment}.ipynb")
            text = zf.read((preferred or notebooks)[0])
    else:
        text = path.read_bytes()
    if not text.strip():
        raise BadSubmission(f"{path.name} is empty: save the notebook before submitting")
    try:
        nb = nbformat.reads(text.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as e:
        raise BadSubmission(f"{path.name} is not a valid notebook (not JSON): {e}") from None
    except Exception as e:
        raise BadSubmission(f"{path.name} is not a valid notebook: {e}") from None
    if nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        raise BadSubmission(f"{path.name} is not an nbformat 4 notebook")
    return nb


SKIPPED_TAGS = {"otter_ignore", "zoo_setup", "zoo_export"}


def graded_cells(nb):
    """``(label, source)`` of every code cell the grader runs: not training, setup, check or export cells."""
    cells = []
    for index, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & SKIPPED_TAGS or source.lstrip().startswith("grader.check("):
            continue
        question = cell.get("metadata", {}).get("zoo", {}).get("question")
        cells.append((f"{index}" + (f" ({question})" if question else ""), source))
    return cells
