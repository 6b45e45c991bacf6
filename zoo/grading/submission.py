"""Reading a submission (a notebook, or the zip a notebook exports) and picking the cells to grade."""
import json
import re
import symtable
import zipfile
from dataclasses import dataclass
from pathlib import Path


class BadSubmission(Exception):
    """The submission cannot be read: the message says why, in the student's terms."""


def read_submission(path, assignment):
    """The submitted notebook, or ``BadSubmission`` with a clear reason."""
    import nbformat  # imported here: seconds the grader spends while its worker starts (grader.grade)

    path = Path(path)
    if path.is_dir():  # a student's folder (nbgrader, Gradescope): the assignment's notebook, or the one file
        files = [p for p in sorted(path.rglob("*")) if p.suffix in (".ipynb", ".zip") and ".ipynb_checkpoints" not in p.parts]
        named = [p for p in files if p.name == f"{assignment}.ipynb"]
        if not files:
            raise BadSubmission(f"the folder {path.name} holds no notebook (.ipynb) or zip")
        if len(files) > 1 and not named:
            raise BadSubmission(f"the folder {path.name} holds several notebooks and none is {assignment}.ipynb")
        path = (named or files)[0]
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


def missing_files(path, names):
    """Which of ``names`` the submission lacks: in its zip, in its folder (any level), or beside its notebook."""
    if not names:  # most assignments list none: nothing to read
        return []
    path = Path(path)
    if path.is_dir():
        present = {p.name for p in path.rglob("*") if p.is_file()}
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            present = {Path(n).name for n in zf.namelist()}
    else:  # a loose notebook, perhaps in a folder of a whole class: only what lies beside it
        present = {name for name in names if (path.parent / name).is_file()}
    return [name for name in names if name not in present]


SKIPPED_TAGS = {"otter_ignore", "zoo_setup", "zoo_export"}
YOUR_CODE = re.compile(r"^\s*# ---- YOUR CODE \(.*\) ----\s*$", re.M)


def source_of(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def is_graded(cell):
    """A code cell the grader runs: not training, setup, check or export cells."""
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return False
    tags = set(cell.get("metadata", {}).get("tags", []))
    return not tags & SKIPPED_TAGS and not source_of(cell).lstrip().startswith("grader.check(")


def question_of(cell):
    zoo = cell.get("metadata", {}).get("zoo", {})
    return zoo.get("question") if isinstance(zoo, dict) else None


def given_by_nbgrader(cell):
    """A cell the nbgrader flavour gives (its checks, its locked cells): never the student's work."""
    nbgrader = cell.get("metadata", {}).get("nbgrader", {})
    return isinstance(nbgrader, dict) and bool(nbgrader) and not nbgrader.get("solution")


@dataclass(frozen=True)
class Cell:
    """A cell the grader runs."""
    label: str  # its key in ``cell_errors`` and its name in tracebacks: "9 (lstm_forward)"
    source: str
    about: str  # how feedback names it: "the answer cell of lstm_forward, cell 9"
    question: str = None  # the question it answers, for an answer cell


DEFINITION = re.compile(r"^(?:class|def)\s+(\w+)|^(\w+)\s*=", re.M)


def names_defined(source):
    """The global names a cell binds (classes, functions, variables, imports); by pattern where it does not parse."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        table = symtable.symtable(TransformerManager().transform_cell(source), "<cell>", "exec")
    except (SyntaxError, ValueError):
        return {a or b for a, b in DEFINITION.findall(source)}
    return {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}


def cells_to_run(release, submitted):
    """``(cells, notes)``: the ``Cell`` s to run and what the grader had to decide.

    The given cells always come from the release, so a student who edits, deletes or reorders them
    changes nothing; the student contributes the answer cells (found by ``metadata.zoo.question``,
    or by the cell's ``YOUR CODE`` markers when the metadata is gone) and any code cells they added,
    which run after the given or answer cell they follow.
    """
    given = [c for c in release.cells if is_graded(c)]
    mine = [(i, c) for i, c in enumerate(submitted.cells) if is_graded(c)]
    release_sources = {source_of(c).strip() for c in release.cells}
    answers, notes = {}, []
    for cell in given:
        question = question_of(cell)
        if question is None:
            continue
        tagged = [(i, c) for i, c in mine if question_of(c) == question]
        markers = YOUR_CODE.findall(source_of(cell))
        found = tagged or [(i, c) for i, c in mine if markers and all(m in source_of(c) for m in markers)]
        if found:
            answers[question] = found[0]
        else:
            notes.append(f"no answer cell for {question} in your notebook: it was graded as unanswered")
    answer_indices = {i for i, _ in answers.values()}
    given_position = {source_of(c).strip(): k for k, c in enumerate(given)}
    answer_position = {answers[question_of(c)][0]: k for k, c in enumerate(given) if question_of(c) in answers}
    added, anchor = {}, -1
    for i, cell in mine:
        text = source_of(cell).strip()
        if i in answer_position:
            anchor = answer_position[i]
        elif text in given_position:
            anchor = given_position[text]
        elif text not in release_sources and i not in answer_indices and not given_by_nbgrader(cell):
            added.setdefault(anchor, []).append(Cell(f"{i} (added by you)", source_of(cell), f"cell {i}, which you added"))
    present = {source_of(c).strip() for _, c in mine}
    cells = list(added.get(-1, []))
    for k, cell in enumerate(given):
        question = question_of(cell)
        if question in answers:
            i, answer = answers[question]
            cells.append(Cell(f"{i} ({question})", source_of(answer), f"the answer cell of {question}, cell {i}",
                              question))
        else:
            first = source_of(cell).strip().splitlines()[0] if source_of(cell).strip() else ""
            about = (f"the answer cell of {question} as released (your notebook has none)" if question
                     else f"the given cell {first[:40]!r}")
            cells.append(Cell(f"given {k}", source_of(cell), about, question))
            if question is None and source_of(cell).strip() not in present:
                notes.append(f"a given cell ({first[:60]!r}) was changed or deleted in your notebook: "
                             "the original was run (then your version, where you kept one)")
        cells.extend(added.get(k, []))
    return cells, notes
