"""Reading and validating a master notebook (otter-assign format)."""
import re
from dataclasses import dataclass, field

import nbformat
import yaml

from zoo import ROOT


class MasterError(Exception):
    """A broken master: the message names the assignment, the cell and the reason."""

    def __init__(self, assignment, cell, reason):
        super().__init__(f"assignment {assignment!r}, cell {cell}: {reason}")


@dataclass
class Question:
    name: str
    manual: bool = False
    points: float = 0  # for a manual question: graded by hand
    solution_cell: int = None  # index in the master of the code solution cell
    solution: str = ""  # the solution code with every marker removed
    tests: list = field(default_factory=list)  # (cell index, points, hidden)
    time_limit: float = None  # seconds for all its tests; None: the assignment's or the course's default
    gpu: bool = False  # its tests run on the GPU worker where there is one


def master_path(name):
    return ROOT / "assignments" / name / f"{name}.ipynb"


def assignment_names():
    return sorted(p.parent.name for p in (ROOT / "assignments").glob("*/*.ipynb") if p.stem == p.parent.name)


def marker(cell):
    """The otter-assign marker of a raw cell ('BEGIN QUESTION', 'END TESTS', ...) or None."""
    if cell.cell_type != "raw":
        return None
    m = re.match(r"\s*#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)\b", cell.source)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    return "ASSIGNMENT CONFIG" if re.match(r"\s*#\s*ASSIGNMENT CONFIG", cell.source) else None


def strip_solution_markers(source):
    """The solution as the instructor wrote it: marker lines and prompt blocks removed."""
    kept, in_prompt = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.endswith("# BEGIN PROMPT"):
            in_prompt = True
        elif stripped.endswith("# END PROMPT"):
            in_prompt = False
        elif not in_prompt and not re.fullmatch(r"# (BEGIN SOLUTION( NO PROMPT)?|END SOLUTION)", stripped):
            kept.append(line)
    return "\n".join(kept)


# The course-wide grading limits (480 s leaves room in Gradescope's 10 minutes for starting up). An
# assignment overrides them under ``zoo:`` in its ASSIGNMENT CONFIG, a question its ``time_limit``
# under BEGIN QUESTION.
GRADING_DEFAULTS = {"time_limit": 60, "cell_time_limit": 60, "submission_time_limit": 480, "memory_limit_mb": 2048}


def positive(name, index, config, key):
    value = config.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
        raise MasterError(name, index, f"{key} must be a positive number of {'MB' if 'mb' in key else 'seconds'}, "
                                       f"not {value!r}")
    return value


def submit_files(name, files):
    """The files a student submits beside the notebook (``zoo: submit_files:``): plain names in its folder."""
    if not isinstance(files, list) or not all(isinstance(f, str) and f and "/" not in f and "\\" not in f
                                              and not f.startswith(".") and not f.endswith(".ipynb") for f in files):
        raise MasterError(name, 0, f"submit_files must list plain file names (no folders, no notebooks), not {files!r}")
    return files


def colab_packages(name, packages):
    """``name==version`` of the packages Colab lacks that the notebook needs besides otter-grader (``zoo:
    colab_packages:``), at the versions installed here from requirements.txt: the set-up cell installs them."""
    from importlib import metadata

    if not isinstance(packages, list) or not all(isinstance(p, str) and re.fullmatch(r"[A-Za-z0-9][\w.-]*", p)
                                                 for p in packages):
        raise MasterError(name, 0, f"colab_packages must list package names, not {packages!r}")
    try:
        return [f"{package}=={metadata.version(package)}" for package in packages]
    except metadata.PackageNotFoundError as e:
        raise MasterError(name, 0, f"colab_packages: {e.args[0]} is not installed here: pin it in requirements.txt "
                                   "(Colab installs that version)") from None


TEST_CONFIG = re.compile(r'"""\s*#\s*BEGIN TEST CONFIG\n(.*?)"""\s*#\s*END TEST CONFIG', re.S)


def read_master(name):
    """Parse and validate ``assignments/<name>/<name>.ipynb``; return (notebook, config, questions)."""
    path = master_path(name)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as e:
        raise MasterError(name, "-", f"cannot read {path}: {e}") from None
    cells = nb.cells
    if not cells or marker(cells[0]) != "ASSIGNMENT CONFIG":
        raise MasterError(name, 0, "the first cell must be the raw '# ASSIGNMENT CONFIG' cell")
    config = yaml.safe_load(cells[0].source.split("\n", 1)[1]) or {}
    if config.get("name") != name:
        raise MasterError(name, 0, f"config name is {config.get('name')!r}, expected {name!r}")
    grading = config.get("zoo") or {}
    unknown = set(grading) - {*GRADING_DEFAULTS, "submit_files", "colab_packages"} if isinstance(grading, dict) else None
    if not isinstance(grading, dict) or unknown:
        raise MasterError(name, 0, f"'zoo:' takes {', '.join(GRADING_DEFAULTS)}, submit_files, colab_packages; "
                                   f"got {sorted(unknown) if unknown else grading!r}")
    config["zoo"] = {key: positive(name, 0, grading, key) or default for key, default in GRADING_DEFAULTS.items()}
    config["submit_files"] = submit_files(name, grading.get("submit_files") or [])
    config["colab_packages"] = colab_packages(name, grading.get("colab_packages") or [])
    questions, open_blocks, question = [], [], None
    for index, cell in enumerate(cells[1:], start=1):
        m = marker(cell)
        if m and m.startswith("BEGIN"):
            block = m.split()[1]
            if block == "QUESTION":
                if open_blocks:
                    raise MasterError(name, index, f"BEGIN QUESTION inside an open {open_blocks[-1]} block")
                meta = yaml.safe_load(cell.source.split("\n", 1)[1]) or {}
                if not meta.get("name"):
                    raise MasterError(name, index, "BEGIN QUESTION without a name")
                question = Question(meta["name"], manual=bool(meta.get("manual")), points=meta.get("points", 0),
                                    time_limit=positive(name, index, meta, "time_limit"), gpu=bool(meta.get("gpu")))
                questions.append(question)
            elif question is None:
                raise MasterError(name, index, f"BEGIN {block} outside a question")
            open_blocks.append(block)
        elif m and m.startswith("END"):
            block = m.split()[1]
            if not open_blocks or open_blocks[-1] != block:
                expected = f"END {open_blocks[-1]}" if open_blocks else "no END marker"
                raise MasterError(name, index, f"END {block} where {expected} was expected (missing marker?)")
            open_blocks.pop()
            if block == "QUESTION":
                check_question(name, index, question)
                question = None
        elif open_blocks and open_blocks[-1] == "SOLUTION" and cell.cell_type == "code":
            if "# BEGIN PROMPT" not in cell.source or "# BEGIN SOLUTION" not in cell.source:
                raise MasterError(name, index, f"solution of {question.name!r} needs a '# BEGIN SOLUTION NO PROMPT' "
                                               "block and a '\"\"\" # BEGIN PROMPT' block that raises NotImplementedError")
            question.solution_cell, question.solution = index, strip_solution_markers(cell.source)
        elif open_blocks and open_blocks[-1] == "SOLUTION" and question.manual:
            question.solution = cell.source  # the model answer, for the graders
        elif open_blocks and open_blocks[-1] == "TESTS" and cell.cell_type == "code":
            m = TEST_CONFIG.match(cell.source.strip())
            test_config = yaml.safe_load(m.group(1)) if m else {}
            points = test_config.get("points")
            if not isinstance(points, (int, float)) or points <= 0:
                raise MasterError(name, index, f"a test of {question.name!r} has no points (set 'points:' in its TEST CONFIG)")
            question.tests.append((index, points, bool(test_config.get("hidden"))))
    if open_blocks:
        raise MasterError(name, len(cells) - 1, f"BEGIN {open_blocks[-1]} is never closed")
    return nb, config, questions


def check_question(name, index, question):
    if question.manual:
        return
    if question.solution_cell is None:
        raise MasterError(name, index, f"question {question.name!r} has no code solution cell")
    if not question.tests:
        raise MasterError(name, index, f"question {question.name!r} has no tests")
