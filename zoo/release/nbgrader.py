"""The JupyterHub (nbgrader) flavour of a release.

Two steps, called by ``zoo release`` after the otter student notebook is ready:

- :func:`nbgrader_source` turns the otter student notebook, the solutions and the otter test files
  into an nbgrader *source* (instructor) notebook: answer cells hold the solution inside
  ``### BEGIN SOLUTION`` / ``### END SOLUTION``, each ``grader.check`` cell becomes a locked
  autograder cell with the public test functions and one with the hidden ones (inside
  ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``), every other cell is locked read-only
  except the ``otter_ignore`` ones (training, plots), which stay free.
- :func:`generate_release` runs the real ``nbgrader generate_assignment`` on it in a scratch
  course and returns the student notebook, with nbgrader's ``raise NotImplementedError()`` stub of
  each answer replaced by the question's own TODO block from the otter notebook.

The test cells need nothing but ``zoo_check.py`` next to the notebook: the otter ``@test_case``
decorators and imports are dropped and ``zoo_check.run_checks(env, functions)`` runs the checks.
"""
import ast
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import nbformat

from zoo.check import SURVEY_FIELDS

__all__ = ["TestCase", "parse_test_file", "nbgrader_source", "generate_release", "secret_lines", "find_leaks",
           "CODE_STUB", "TEXT_STUB"]

# nbgrader's defaults, pinned in the scratch course's config so that a user or system config cannot
# change what generate_assignment writes; a hub that runs generate_assignment with its defaults
# gets the same notebook except for the answer stubs.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
DELIMITERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
              "BEGIN MARK SCHEME", "END MARK SCHEME")

BEGIN_CODE = re.compile(r"^(\s*)# ---- YOUR CODE\b.*----\s*$")
END_CODE = re.compile(r"^(\s*)# ---- END YOUR CODE ----\s*$")
CHECK = re.compile(r"""^\s*grader\.check\(\s*(["'])([^"']+)\1\s*\)\s*;?\s*$""")
CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
NBGRADER_CONFIG = f"""\
c = get_config()
c.CourseDirectory.course_id = "zoo"
c.IncludeHeaderFooter.header = ""
c.IncludeHeaderFooter.footer = ""
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
c.ClearSolutions.text_stub = {TEXT_STUB!r}
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"
c.LockCells.lock_solution_cells = True
c.LockCells.lock_grade_cells = True
c.LockCells.lock_readonly_cells = True
c.LockCells.lock_all_cells = False
"""
# What grading does, true of `nbgrader autograde` (it runs every cell, training too, continuing past errors) and
# of `zoo grade-all` on submitted/ (it runs the given and answer cells only): nothing outside the answers counts.
SUBMIT_NOTE = ("## Submit\n\nRun every check above, save the notebook (File > Save), then submit it from the "
               "**Assignments** tab of the hub. When grading, the read-only cells are restored from the release and "
               "your answers are scored by the checks above and by hidden tests; the training and plotting cells "
               "earn no points, and an error in them costs none.")


# ---------------------------------------------------------------------------------------------------------------
# test files


@dataclass
class TestCase:
    __test__ = False  # not a pytest class

    name: str  # the test function's name
    points: float
    hidden: bool
    source: str  # the function's definition, without its decorator


def parse_test_file(question, text):
    """The test cases of an otter exception-based test file, as ``(imports, [TestCase])``.

    ``imports`` are the file's own module-level imports other than otter's (source lines). Every
    other module-level statement must be one of otter's ``OK_FORMAT``/``name``/``points`` lines:
    the test functions have to be self-contained, since each one lands in a notebook cell alone.
    """
    tree = ast.parse(text)
    lines = text.splitlines()
    imports, cases = [], []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if not (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "otter"):
                imports.append("\n".join(lines[node.lineno - 1:node.end_lineno]))
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id in ("OK_FORMAT", "name", "points")
                                                  for t in node.targets):
            pass
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            pass  # a docstring
        elif isinstance(node, ast.FunctionDef) and len(node.decorator_list) == 1:
            points, hidden = test_case_arguments(question, node)
            source = "\n".join(lines[node.lineno - 1:node.end_lineno])  # lineno is the `def` line
            cases.append(TestCase(node.name, points, hidden, source))
        else:
            raise ValueError(f"test file of {question!r}, line {node.lineno}: only @test_case functions and "
                             f"imports may be at module level (each test must be self-contained)")
    names = [c.name for c in cases]
    if len(set(names)) != len(names):
        raise ValueError(f"test file of {question!r} defines a test function twice: {sorted(names)}")
    if not cases:
        raise ValueError(f"test file of {question!r} has no @test_case function")
    return imports, cases


def test_case_arguments(question, node):
    decorator = node.decorator_list[0]
    name = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = name.attr if isinstance(name, ast.Attribute) else getattr(name, "id", None)
    if name != "test_case" or not isinstance(decorator, ast.Call):
        raise ValueError(f"test file of {question!r}: {node.name} is not decorated with @test_case(...)")
    arguments = dict(zip(("name", "points", "hidden", "success_message", "failure_message"),
                         (ast.literal_eval(a) for a in decorator.args)))
    arguments.update({k.arg: ast.literal_eval(k.value) for k in decorator.keywords})
    points = arguments.get("points")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
        raise ValueError(f"test file of {question!r}: {node.name} has no points (points={points!r})")
    return points, bool(arguments.get("hidden", False))


def plural(points):
    return f"{points:g} point" + ("" if points == 1 else "s")


def test_cell_source(question, imports, cases, hidden):
    """The source of the public or hidden autograder cell of ``question``."""
    points = sum(c.points for c in cases)
    body = ["from zoo_check import run_checks", *imports, "", ""]
    for case in cases:
        body += [case.source, "", ""]
    body.append(f"run_checks(globals(), [{', '.join(c.name for c in cases)}])")
    if not hidden:
        return "\n".join([f"# Checks of {question} ({plural(points)}): run this cell after your answer above.",
                          *body])
    return "\n".join([f"# Hidden tests of {question} ({plural(points)}): the autograder runs them when grading.",
                      "### BEGIN HIDDEN TESTS", *body, "### END HIDDEN TESTS"])


# ---------------------------------------------------------------------------------------------------------------
# the source notebook


def tags(cell):
    return list(cell.metadata.get("tags", []))


def question_of(cell):
    return cell.metadata.get("zoo", {}).get("question")


def nbgrader_meta(grade_id, *, grade, solution, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    return meta


def code_blocks(source):
    """``[(begin line index, end line index)]`` of the ``# ---- YOUR CODE`` blocks of ``source``."""
    lines, blocks, begin = source.split("\n"), [], None
    for index, line in enumerate(lines):
        if BEGIN_CODE.match(line):
            if begin is not None:
                raise ValueError(f"nested YOUR CODE markers at line {index + 1}")
            begin = index
        elif END_CODE.match(line):
            if begin is None:
                raise ValueError(f"END YOUR CODE without YOUR CODE at line {index + 1}")
            blocks.append((begin, index))
            begin = None
    if begin is not None:
        raise ValueError("a YOUR CODE block is never closed")
    return blocks


def split_blocks(source):
    """``(scaffold, bodies)``: the lines outside the YOUR CODE blocks (markers kept), and each block's body."""
    lines = source.split("\n")
    scaffold, bodies, previous = [], [], 0
    for begin, end in code_blocks(source):
        scaffold += lines[previous:begin + 1]
        bodies.append("\n".join(lines[begin + 1:end]))
        previous = end
    scaffold += lines[previous:]
    return scaffold, bodies


def layout(lines):
    """What matters of a cell's lines outside its YOUR CODE blocks: trailing spaces and blank lines at
    either end do not."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def solution_source(question, student_source, solution):
    """The student cell with each YOUR CODE body replaced by the solution's, inside ``### BEGIN SOLUTION`` /
    ``### END SOLUTION``; ``ValueError`` when the two differ elsewhere (beyond whitespace at line and cell ends)."""
    scaffold, stubs = split_blocks(student_source)
    solution_scaffold, _ = split_blocks(solution)
    if not stubs:
        raise ValueError(f"the answer cell of {question!r} has no '# ---- YOUR CODE' block")
    theirs, ours = layout(solution_scaffold), layout(scaffold)
    if theirs != ours:
        first = next((i for i, (a, b) in enumerate(zip(theirs, ours)) if a != b), min(len(theirs), len(ours)))
        got, want = (lines[first] if first < len(lines) else "(nothing)" for lines in (theirs, ours))
        raise ValueError(f"the solution of {question!r} and its student cell differ outside the YOUR CODE blocks: "
                         f"the solution has {got!r} where the student cell has {want!r}")
    solution_lines, lines, out, previous = solution.split("\n"), student_source.split("\n"), [], 0
    for (begin, end), (solution_begin, solution_end) in zip(code_blocks(student_source), code_blocks(solution)):
        indent = BEGIN_CODE.match(lines[begin]).group(1)
        out += lines[previous:begin + 1] + [f"{indent}### BEGIN SOLUTION", *solution_lines[solution_begin + 1:solution_end],
                                            f"{indent}### END SOLUTION"]
        previous = end
    out += lines[previous:]
    return "\n".join(out), stubs


def broken_master(student_nb, question, reason):
    """A ``MasterError`` naming the assignment, the master's solution cell of ``question`` and ``reason``."""
    from zoo.master import MasterError, read_master

    name = student_nb.metadata.get("otter", {}).get("assignment_name", "?")
    try:
        index = next(q.solution_cell for q in read_master(name)[2] if q.name == question)
    except (MasterError, StopIteration):  # a notebook that is no master's (the tests' tiny ones)
        index = "-"
    return MasterError(name, f"{index} (the solution of {question})", reason)


def check_delimiters(where, text):
    for delimiter in DELIMITERS:
        if delimiter in text:
            raise ValueError(f"{where} contains {delimiter!r}, which nbgrader reads as a delimiter")


def cell_id(text):
    cleaned = re.sub(r"[^a-zA-Z0-9_-]", "-", text)[:64]
    return cleaned or "cell"


SURVEY_CHECK = """\
# The survey above earns {points} once every answer is written: save the notebook (File > Save) first.
from zoo_check import check_survey

check_survey({notebook!r})"""


def nbgrader_source(student_nb, solutions, test_files, manual_points, manual_answers=None, survey_points=0,
                    notebook=None):
    """The nbgrader source (instructor) notebook of an assignment.

    ``student_nb``: the otter student notebook after the zoo steps (answer cells tagged
    ``otter_answer_cell`` with ``metadata.zoo.question``, ``grader.check("q")`` cells, a
    ``zoo_setup`` first cell and ``zoo_export`` last cells); ``solutions``: question -> full
    solution cell source; ``test_files``: question -> otter test file text (public and hidden
    cases); ``manual_points``: manual question -> points; ``manual_answers`` (optional): manual
    question -> model answer (markdown), shown to graders in the source notebook only.
    ``survey_points``: where not 0, a locked autograder cell ``survey`` after the survey gives them when
    every field of the saved ``notebook`` is answered. The input notebook is not modified.
    """
    manual_answers = manual_answers or {}
    cells, grade_ids, seen_answers, seen_checks = [], set(), set(), set()
    source_cells = [c for c in student_nb.cells if not {"zoo_setup", "zoo_setup_note"} & set(tags(c))]
    exports = [i for i, c in enumerate(source_cells) if "zoo_export" in tags(c)]
    if exports:  # the Submit heading and the export cell: nbgrader hubs submit from the Assignments tab
        submit = nbformat.v4.new_markdown_cell(SUBMIT_NOTE)
        submit.id = "zoo-submit"
        source_cells = [submit if i == exports[0] else c for i, c in enumerate(source_cells) if i not in exports[1:]]

    def add(cell, grade_id=None, **meta):
        if grade_id is not None:
            if grade_id in grade_ids:
                raise ValueError(f"two nbgrader cells would have grade_id {grade_id!r}")
            grade_ids.add(grade_id)
            cell.metadata["nbgrader"] = nbgrader_meta(grade_id, **meta)
        cells.append(cell)

    for index, original in enumerate(source_cells):
        cell = copy.deepcopy(original)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell_tags = tags(cell)
        question = question_of(cell)
        check = CHECK.match(cell.source) if cell.cell_type == "code" else None
        cell.metadata.pop("deletable", None)
        cell.metadata.pop("editable", None)
        if "otter_answer_cell" in cell_tags:
            if question is None:
                raise ValueError(f"cell {index}: answer cell without metadata.zoo.question")
            if question in seen_answers:
                raise ValueError(f"question {question!r} has two answer cells")
            seen_answers.add(question)
            cell.metadata["tags"] = [t for t in cell_tags if t != "otter_answer_cell"]
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
            cell.id = cell_id(question)
            if cell.cell_type == "markdown":
                if question not in manual_points:
                    raise ValueError(f"manual question {question!r} has no points in manual_points")
                cell.source = manual_answers.get(question, cell.source)
                check_delimiters(f"the answer of {question!r}", cell.source)
                cell.metadata["zoo"] = {"question": question}
                add(cell, question, grade=True, solution=True, locked=False, points=manual_points[question])
            else:
                if question not in solutions:
                    raise ValueError(f"question {question!r} has no solution")
                try:
                    check_delimiters(f"the solution of {question!r}", solutions[question])
                    cell.source, stubs = solution_source(question, cell.source, solutions[question])
                except ValueError as e:
                    raise broken_master(student_nb, question, str(e)) from None
                cell.metadata["zoo"] = {"question": question, "stubs": stubs}
                add(cell, question, grade=False, solution=True, locked=False)
        elif check:
            question = check.group(2)
            if question not in test_files:
                raise ValueError(f"cell {index} runs grader.check({question!r}) but there is no test file for it")
            if question in seen_checks:
                raise ValueError(f"question {question!r} has two check cells")
            seen_checks.add(question)
            check_delimiters(f"the test file of {question!r}", test_files[question])
            imports, cases = parse_test_file(question, test_files[question])
            for hidden, suffix in ((False, "public"), (True, "hidden")):
                chosen = [c for c in cases if c.hidden == hidden]
                if chosen:
                    grade_id = f"{question}_{suffix}"
                    test = nbformat.v4.new_code_cell(test_cell_source(question, imports, chosen, hidden))
                    test.id = cell_id(grade_id)
                    add(test, grade_id, grade=True, solution=False, locked=True,
                        points=sum(c.points for c in chosen))
        else:
            if cell.cell_type == "code" and re.search(r"\bgrader\s*\.", cell.source):
                raise ValueError(f"cell {index} uses otter's `grader`, which does not exist on nbgrader hubs")
            if cell.cell_type == "markdown":  # otter's PDF-export markers mean nothing here
                cell.source = re.sub(r"^<!-- (BEGIN|END) QUESTION -->\n*", "", cell.source, flags=re.M).strip("\n")
            check_delimiters(f"cell {index}", cell.source)
            if "otter_ignore" in cell_tags or cell.cell_type == "raw" or "survey" in cell.metadata.get("zoo", {}):
                add(cell)
                if cell.metadata.get("zoo", {}).get("survey") == SURVEY_FIELDS[-1] and survey_points:
                    survey_check = nbformat.v4.new_code_cell(SURVEY_CHECK.format(points=plural(survey_points),
                                                                                 notebook=notebook))
                    survey_check.id = cell_id("survey")
                    add(survey_check, "survey", grade=True, solution=False, locked=True, points=survey_points)
            else:
                given_id = cell.get("id") if CELL_ID.match(cell.get("id") or "") else f"cell-{index:03d}"
                cell.id = given_id
                add(cell, f"given-{given_id}", grade=False, solution=False, locked=True)
    missing = set(test_files) - seen_checks
    if missing:
        raise ValueError(f"test files without a grader.check cell: {sorted(missing)}")
    missing = (set(solutions) | set(manual_points)) - seen_answers
    if missing:
        raise ValueError(f"questions without an answer cell: {sorted(missing)}")
    ids = [c.id for c in cells if c.get("id")]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate cell ids: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {k: copy.deepcopy(v) for k, v in student_nb.metadata.items() if k in ("kernelspec", "language_info")}
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


# ---------------------------------------------------------------------------------------------------------------
# the release


def scratch_environment(scratch):
    """The environment for nbgrader: no user or system Jupyter config, only the scratch course's."""
    env = dict(os.environ)
    env.update(JUPYTER_NO_CONFIG="1", JUPYTER_CONFIG_DIR=str(Path(scratch, "jupyter-config")))
    env.pop("JUPYTER_CONFIG_PATH", None)
    # nbgrader's gradebook runs the `alembic` script, which sits next to this interpreter
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_nbgrader(course, *arguments):
    """Run ``nbgrader <arguments>`` in ``course`` (its nbgrader_config.py, nothing else); raise on failure."""
    run = subprocess.run([sys.executable, "-m", "nbgrader", *arguments], cwd=course, capture_output=True, text=True,
                         env=scratch_environment(course))
    return checked(run, arguments)


def checked(run, arguments):
    if run.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(arguments)} failed:\n{run.stdout}{run.stderr}".rstrip())
    return run


# What ``python -m nbgrader`` runs, its arguments read from stdin once nbgrader (and the release's own step of
# generate_assignment) is imported.
STARTED_NBGRADER = """\
import json, sys
from nbgrader.apps.nbgraderapp import main
import zoo.release.nbgrader_stubs
sys.argv = ["nbgrader", *json.loads(sys.stdin.readline())]
main()
"""


class StartedNbgrader:
    """An ``nbgrader`` command in a scratch course folder (``.course``, empty), started before its arguments are
    known: nbgrader's imports (about 1.5 s) overlap what the caller does meanwhile (``otter assign``, writing the
    course). ``run(*arguments)`` once; leaving the ``with`` block ends the process and removes the folder."""

    def __init__(self, name):
        self.scratch = tempfile.mkdtemp(prefix=f"zoo-nbgrader-{name}-")
        self.course = Path(self.scratch, "course")
        self.course.mkdir()
        self.process = subprocess.Popen([sys.executable, "-c", STARTED_NBGRADER], cwd=self.course, text=True,
                                        env=scratch_environment(self.course), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, *arguments):
        stdout, stderr = self.process.communicate(json.dumps(arguments) + "\n")
        return checked(subprocess.CompletedProcess(arguments, self.process.returncode, stdout, stderr), arguments)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.scratch, ignore_errors=True)


def write_course(course, source_nb, name, files):
    """A course folder at ``course`` whose ``source/<name>/`` holds ``source_nb`` and ``files``."""
    course = Path(course)
    assignment = course / "source" / name
    assignment.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    nbformat.write(source_nb, assignment / f"{name}.ipynb")
    for relative, content in (files or {}).items():
        content = content.encode() if isinstance(content, str) else content
        path = PurePosixPath(relative)
        if path.is_absolute() or ".." in path.parts or path.suffix == ".ipynb":
            raise ValueError(f"extra file {relative!r}: must be a relative path inside the assignment, not a notebook")
        (assignment / path).parent.mkdir(parents=True, exist_ok=True)
        (assignment / path).write_bytes(content)
    return course


def replace_stubs(cell):
    """Put back each YOUR CODE block's TODO (``metadata.zoo.stubs``) where nbgrader put its code stub."""
    stubs = cell.metadata["zoo"].pop("stubs")
    lines, out, previous = cell.source.split("\n"), [], 0
    blocks = code_blocks(cell.source)
    if len(blocks) != len(stubs):
        raise RuntimeError(f"answer cell {cell.metadata['nbgrader']['grade_id']!r}: {len(blocks)} YOUR CODE blocks "
                           f"after nbgrader, {len(stubs)} before")
    for (begin, end), stub in zip(blocks, stubs):
        indent = BEGIN_CODE.match(lines[begin]).group(1)
        expected = [indent + line for line in CODE_STUB.split("\n")]
        if lines[begin + 1:end] != expected:
            raise RuntimeError(f"answer cell {cell.metadata['nbgrader']['grade_id']!r}: expected nbgrader's code stub "
                               f"{expected!r} in its YOUR CODE block, found {lines[begin + 1:end]!r}")
        out += lines[previous:begin + 1] + ([stub] if stub else [])
        previous = end
    out += lines[previous:]
    cell.source = "\n".join(out)


# Appended to the config of generate_release's course: the TODO blocks go back right after ClearSolutions.
PUT_BACK_TODO_BLOCKS = """
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import ClearSolutions
steps = GenerateAssignment.class_traits()["preprocessors"].default()
steps.insert(steps.index(ClearSolutions) + 1, "zoo.release.nbgrader_stubs.PutBackTodoBlocks")
c.GenerateAssignment.preprocessors = steps
"""


def generate_release(source_nb, name, files=None, nbgrader=None):
    """The student notebook that ``nbgrader generate_assignment`` makes of ``source_nb``, with the TODO blocks.

    Runs the real nbgrader (``nbgrader``: a ``StartedNbgrader`` to use, or one is started here) in a scratch
    course (``source/<name>/<name>.ipynb`` plus ``files``, ``{relative path: bytes}``), with one step added
    (``nbgrader_stubs.PutBackTodoBlocks``): in each answer cell, the question's TODO block replaces nbgrader's
    code stub before the checksums are computed. The result depends on nothing but the inputs (no timestamps;
    cell ids are the source's).
    """
    with nbgrader or StartedNbgrader(name) as started:
        course = write_course(started.course, source_nb, name, files)
        with open(course / "nbgrader_config.py", "a") as config:
            config.write(PUT_BACK_TODO_BLOCKS)
        started.run("generate_assignment", name, "--no-db")
        released = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
    if any("stubs" in cell.metadata.get("zoo", {}) for cell in released.cells):  # traitlets only logs a bad config
        raise RuntimeError(f"nbgrader generate_assignment {name}: the TODO blocks were not put back (its config "
                           f"did not add PutBackTodoBlocks)")
    nbformat.validate(released)
    return released


# ---------------------------------------------------------------------------------------------------------------
# leak checks


def secret_lines(student_nb, solutions, test_files, manual_answers=None):
    """The lines a student must never see: solution bodies, hidden tests and model answers.

    Only lines that are not already public (in the otter student notebook or a public test) count,
    so that ``import numpy as np`` or a probe shared by a public and a hidden test is not a secret.
    """
    public = set()
    for cell in student_nb.cells:
        public.update(line.strip() for line in cell.source.split("\n"))
    secrets = set()
    for question, solution in solutions.items():
        for body in split_blocks(solution)[1]:
            secrets.update(line.strip() for line in body.split("\n"))
    for question, text in test_files.items():
        _, cases = parse_test_file(question, text)
        for case in cases:
            lines = {line.strip() for line in case.source.split("\n")}
            (secrets if case.hidden else public).update(lines)
    for answer in (manual_answers or {}).values():
        secrets.update(line.strip() for line in answer.split("\n"))
    return {line for line in secrets - public if line and line not in ("#", '"""', "'''")}


def strings_of(value):
    """Every string in a JSON-like value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_of(item)


def find_leaks(released_nb, secrets):
    """The secret lines that occur anywhere in ``released_nb`` (sources, outputs, metadata).

    A secret counts as leaked where it is a whole line (stripped) of any string of the notebook,
    or, from 25 characters on, anywhere inside one (short ones like ``return out`` would match
    unrelated longer lines).
    """
    texts = list(strings_of(released_nb))
    lines = {line.strip() for text in texts for line in text.split("\n")}
    return sorted(line for line in secrets
                  if line in lines or (len(line) >= 25 and any(line in text for text in texts)))
