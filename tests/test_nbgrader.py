"""The nbgrader (JupyterHub) flavour: source notebook, release, and a real nbgrader course."""
import json
import re
import shutil
import sys
import types

import nbformat
import pytest

from zoo import ROOT
from zoo.check import EXPECTED_FILE
from zoo.grading.gradebook import Gradebook as ZooGradebook
from zoo.hub import COURSE_NBGRADER_CONFIG
from zoo.master import read_master
from zoo.release import nbgrader as nbg
from zoo.release import otter_student, record_expected_values
from zoo.release.otter import SHIPPED_MODULES, run_otter_assign
from zoo.release.steps import notebook_bytes

def checker_source():
    return (ROOT / "zoo" / "check.py").read_text()


@pytest.fixture
def zoo_check(monkeypatch):
    module = types.ModuleType("zoo_check")
    exec(compile(checker_source(), "zoo_check.py", "exec"), module.__dict__)
    monkeypatch.setitem(sys.modules, "zoo_check", module)
    return module


# --------------------------------------------------------------------------------------------------------------
# tiny notebooks

TEST_FILE = '''\
from otter.test_files import test_case

OK_FORMAT = False

name = "double"
points = None

@test_case(points=2, hidden=False)
def test_public(env):
    """double(3) is 6."""
    from zoo_check import run_student

    def probe(env, x):
        return {"y": float(env["double"](float(x)))}
    assert run_student(env, probe, x=3)["y"] == 6, "double(3) is not 6"

@test_case(points=3, hidden=True)
def test_secret(env):
    """double works on negatives."""
    from zoo_check import run_student

    def probe(env, x):
        return {"y": float(env["double"](float(x)))}
    assert run_student(env, probe, x=-21.5)["y"] == -43.0, "double(-21.5) is not -43 (SECRET-MARK)"
'''
STUDENT_ANSWER = '''\
def double(x):
    # ---- YOUR CODE (double) ----
    raise NotImplementedError("TODO: double: return twice x")
    # ---- END YOUR CODE ----'''
SOLUTION = '''\
def double(x):
    # ---- YOUR CODE (double) ----
    twice = x + x  # SOLUTION-MARK
    return twice
    # ---- END YOUR CODE ----'''


def tagged(cell, *tags, question=None):
    if tags:
        cell.metadata["tags"] = list(tags)
    if question:
        cell.metadata["zoo"] = {"question": question}
    return cell


def tiny_student():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    cells = [tagged(code("import otter\ngrader = otter.Notebook()"), "zoo_setup"),
             md("# Tiny\n\nWrite `double`."),
             code("import math"),
             tagged(code(STUDENT_ANSWER), "otter_answer_cell", question="double"),
             code('grader.check("double")'),
             md("<!-- BEGIN QUESTION -->\n\nExplain."),
             tagged(md("_Type your answer here, replacing this text._"), "otter_answer_cell", question="essay"),
             md("<!-- END QUESTION -->\n\nNow plot."),
             tagged(code("print('training')"), "otter_ignore"),
             tagged(md("## Submit\n\nRun every check above, then export your work."), "zoo_export"),
             tagged(code("export_submission('tiny.ipynb', grader)"), "zoo_export")]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index:03d}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}, "otter": {"assignment_name": "tiny"}}
    return nb


def tiny_source(**changes):
    arguments = dict(student_nb=tiny_student(), solutions={"double": SOLUTION}, test_files={"double": TEST_FILE},
                     manual_points={"essay": 1}, manual_answers={"essay": "Because MODEL-ANSWER."})
    arguments.update(changes)
    return nbg.nbgrader_source(**arguments)


def by_grade_id(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def test_survey_completion_points_become_a_locked_autograder_cell_after_the_survey():
    from zoo.release.steps import add_survey

    survey = {"title": "About your work", "intro": "", "completion_points": 2,
              "questions": {"sources": "Sources?", "collaborators": "With whom?", "hours": "Hours?"}}
    student = add_survey(tiny_student(), survey)
    nb = tiny_source(student_nb=student, survey_points=2, notebook="tiny.ipynb")
    cell = by_grade_id(nb)["survey"]
    assert cell.metadata["nbgrader"] == {"grade": True, "grade_id": "survey", "locked": True, "points": 2,
                                         "schema_version": 3, "solution": False}
    assert nb.cells[nb.cells.index(cell) - 1].metadata["zoo"] == {"survey": "hours"}
    assert cell.source.endswith('check_survey("tiny.ipynb")') or cell.source.endswith("check_survey('tiny.ipynb')")
    assert "survey" not in by_grade_id(tiny_source(student_nb=student))  # none without completion points


def test_parse_test_file_splits_public_and_hidden_without_otter():
    imports, cases = nbg.parse_test_file("double", "import math\n" + TEST_FILE)
    assert imports == ["import math"]
    assert [(c.name, c.points, c.hidden) for c in cases] == [("test_public", 2, False), ("test_secret", 3, True)]
    assert cases[0].source.startswith("def test_public(env):") and "test_case" not in cases[0].source
    assert cases[1].source.rstrip().endswith("(SECRET-MARK)\"")


@pytest.mark.parametrize("text, message", [
    ("from otter.test_files import test_case\n\ndef helper():\n    pass\n", "only @test_case functions"),
    ("from otter.test_files import test_case\n\n@test_case(hidden=True)\ndef test_a(env):\n    pass\n", "no points"),
    ("from otter.test_files import test_case\n\nOK_FORMAT = False\n", "no @test_case"),
])
def test_parse_test_file_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        nbg.parse_test_file("q", text)


def test_solution_source_wraps_each_block_and_keeps_the_stubs():
    student = STUDENT_ANSWER + "\n\n\ndef half(x):\n    # ---- YOUR CODE (half) ----\n    raise NotImplementedError('TODO')\n    # ---- END YOUR CODE ----"
    solution = SOLUTION + "\n\n\ndef half(x):\n    # ---- YOUR CODE (half) ----\n    return x / 2\n    # ---- END YOUR CODE ----"
    source, stubs = nbg.solution_source("double", student, solution)
    assert source.count("    ### BEGIN SOLUTION") == 2 and source.count("    ### END SOLUTION") == 2
    assert "    ### BEGIN SOLUTION\n    twice = x + x  # SOLUTION-MARK\n    return twice\n    ### END SOLUTION" in source
    assert stubs == ['    raise NotImplementedError("TODO: double: return twice x")', "    raise NotImplementedError('TODO')"]
    with pytest.raises(ValueError, match="differ outside the YOUR CODE blocks: the solution has 'def double"):
        nbg.solution_source("double", STUDENT_ANSWER, SOLUTION.replace("def double(x)", "def double(x, y)"))


def test_whitespace_at_line_and_cell_ends_does_not_matter():
    """A master's solution cell that ends with a newline (or has trailing spaces) releases as the student cell."""
    clean = nbg.solution_source("double", STUDENT_ANSWER, SOLUTION)
    assert nbg.solution_source("double", STUDENT_ANSWER, "\n" + SOLUTION.replace("(x):", "(x):  ") + "\n\n") == clean
    assert nbg.solution_source("double", STUDENT_ANSWER + "\n", SOLUTION)[0] == clean[0] + "\n"


def test_a_broken_solution_names_the_assignment_the_question_and_the_reason():
    from zoo.master import MasterError

    with pytest.raises(MasterError, match=r"assignment 'tiny', cell - \(the solution of double\): the solution of "
                                          r"'double' and its student cell differ outside the YOUR CODE blocks: the "
                                          r"solution has 'def double\(x, y\):' where the student cell has"):
        tiny_source(solutions={"double": SOLUTION.replace("def double(x)", "def double(x, y)")})


def test_nbgrader_source_cells_and_metadata():
    student = tiny_student()
    before = nbformat.writes(student)
    nb = tiny_source(student_nb=student)
    assert nbformat.writes(student) == before  # the input is left alone
    nbformat.validate(nb)
    assert "otter" not in nb.metadata
    cells = by_grade_id(nb)
    assert list(cells) == ["given-cell-001", "given-cell-002", "double", "double_public", "double_hidden",
                           "given-cell-005", "essay", "given-cell-007", "given-zoo-submit"]
    meta = {k: dict(c.metadata["nbgrader"]) for k, c in cells.items()}
    assert meta["double"] == {"grade": False, "solution": True, "locked": False, "grade_id": "double", "schema_version": 3}
    assert meta["essay"] == {"grade": True, "solution": True, "locked": False, "grade_id": "essay", "points": 1,
                             "schema_version": 3}
    assert meta["double_public"] == {"grade": True, "solution": False, "locked": True, "grade_id": "double_public",
                                     "points": 2, "schema_version": 3}
    assert meta["double_hidden"]["points"] == 3 and meta["given-cell-002"]["locked"] is True
    assert "### BEGIN SOLUTION\n    twice = x + x" in cells["double"].source
    assert cells["essay"].source == "Because MODEL-ANSWER."
    public, hidden = cells["double_public"].source, cells["double_hidden"].source
    assert "def test_public(env):" in public and "run_checks(globals(), [test_public])" in public
    assert "test_secret" not in public and "@test_case" not in public + hidden and "otter" not in public + hidden
    assert hidden.split("\n")[1] == "### BEGIN HIDDEN TESTS" and hidden.endswith("### END HIDDEN TESTS")
    assert "run_checks(globals(), [test_secret])" in hidden
    # otter-only cells and markers are gone; the training cell stays free and keeps its tag
    text = json.dumps(nb)
    assert "zoo_setup" not in text and "zoo_export" not in text and not re.search(r"\bgrader\b", text)
    assert "BEGIN QUESTION" not in text and "export your work" not in text
    training = [c for c in nb.cells if c.source == "print('training')"][0]
    assert training.metadata == {"tags": ["otter_ignore"]}
    assert all("deletable" not in c.metadata for c in nb.cells)


@pytest.mark.parametrize("changes, message", [
    ({"test_files": {}}, "no test file"),
    ({"solutions": {}}, "has no solution"),
    ({"manual_points": {}}, "no points"),
    ({"test_files": {"double": TEST_FILE, "other": TEST_FILE}}, "without a grader.check cell"),
])
def test_nbgrader_source_rejects(changes, message):
    with pytest.raises(ValueError, match=message):
        tiny_source(**changes)


def test_a_delimiter_in_a_solution_is_a_broken_master():
    from zoo.master import MasterError

    with pytest.raises(MasterError, match=r"cell - \(the solution of double\): .*delimiter"):
        tiny_source(solutions={"double": SOLUTION.replace("return twice", "return twice  # END SOLUTION")})


def test_nbgrader_source_rejects_other_uses_of_grader():
    student = tiny_student()
    student.cells.insert(3, nbformat.v4.new_code_cell("grader.check_all()"))
    with pytest.raises(ValueError, match="otter's `grader`"):
        tiny_source(student_nb=student)


def run_cells(nb, answer):
    """Run the given cells of ``nb`` with ``answer`` in the answer cell; return {grade_id: exception or None}."""
    env, outcomes = {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or "otter_ignore" in cell.metadata.get("tags", []):
            continue
        try:
            exec(answer if meta.get("solution") else cell.source, env)
            outcomes[meta.get("grade_id")] = None
        except Exception as e:
            outcomes[meta.get("grade_id")] = e
    return outcomes


def test_test_cells_pass_the_solution_and_fail_a_wrong_answer(zoo_check, capsys):
    nb = tiny_source()
    assert run_cells(nb, SOLUTION) == {"given-cell-002": None, "double": None, "double_public": None,
                                       "double_hidden": None}
    assert "ok   double(3) is 6\n" in capsys.readouterr().out
    wrong = run_cells(nb, SOLUTION.replace("x + x", "2 * abs(x)"))
    assert wrong["double_public"] is None and isinstance(wrong["double_hidden"], AssertionError)
    assert "SECRET-MARK" in str(wrong["double_hidden"])
    todo = run_cells(nb, STUDENT_ANSWER)
    assert "NotImplementedError" in str(todo["double_public"]) and isinstance(todo["double_public"], AssertionError)


def test_replace_stubs_refuses_an_unexpected_stub():
    cell = nbformat.v4.new_code_cell("def f():\n    # ---- YOUR CODE (f) ----\n    pass\n    # ---- END YOUR CODE ----")
    cell.metadata = {"zoo": {"question": "f", "stubs": ["    raise NotImplementedError('TODO')"]},
                     "nbgrader": {"grade_id": "f"}}
    with pytest.raises(RuntimeError, match="expected nbgrader's code stub"):
        nbg.replace_stubs(cell)


def test_find_leaks_matches_whole_lines_and_long_fragments():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("    return h_t, c_t\nx = 1")])
    nb.cells[0].metadata["zoo"] = {"note": "prefix twice = x + x  # SOLUTION-MARK suffix"}
    secrets = {"return h_t", "return h_t, c_t", "twice = x + x  # SOLUTION-MARK", "y = 2"}
    assert nbg.find_leaks(nb, secrets) == ["return h_t, c_t", "twice = x + x  # SOLUTION-MARK"]


def test_extra_files_must_stay_inside_the_assignment(tmp_path):
    with pytest.raises(ValueError, match="relative path"):
        nbg.write_course(tmp_path / "course", tiny_source(), "tiny", {"../evil.py": b""})


def test_generate_release_of_a_tiny_notebook():
    from nbgrader.utils import compute_checksum

    source = tiny_source()
    released = nbg.generate_release(source, "tiny", {"zoo_check.py": b"", "data/x.txt": b"1"})
    again = nbg.generate_release(source, "tiny", {"zoo_check.py": b"", "data/x.txt": b"1"})
    assert notebook_bytes(released) == notebook_bytes(again)  # deterministic
    cells = by_grade_id(released)
    assert cells["double"].source == STUDENT_ANSWER
    assert cells["double"].metadata["zoo"] == {"question": "double"}
    assert cells["double"].metadata["nbgrader"]["checksum"] == compute_checksum(cells["double"])
    assert cells["essay"].source == nbg.TEXT_STUB
    assert cells["double_hidden"].source == "# Hidden tests of double (3 points): the autograder runs them when grading."
    assert [c.id for c in released.cells] == [c.id for c in source.cells]
    text = notebook_bytes(released).decode()
    for mark in ("SOLUTION-MARK", "SECRET-MARK", "MODEL-ANSWER", "test_secret", "BEGIN", "END SOLUTION"):
        assert mark not in text


# --------------------------------------------------------------------------------------------------------------
# the real recurrent assignment

NAME = "recurrent"


@pytest.fixture(scope="module")
def recurrent():
    """Everything `zoo release` hands to the nbgrader steps, and what they make of it."""
    _, _, questions = read_master(NAME)
    otter = run_otter_assign(NAME)
    checker = checker_source().encode()
    # the files a student folder gets beside the notebook, as `zoo release` ships them
    shipped = {**{name: path.read_bytes() for name, path in SHIPPED_MODULES.items()}, "zoo_check.py": checker,
               EXPECTED_FILE: record_expected_values(NAME, questions, otter)}
    student = otter_student(NAME, questions, otter, shipped)
    answers = {q.name: q.solution for q in questions if q.manual}
    inputs = dict(student_nb=student, solutions={q.name: q.solution for q in questions if not q.manual},
                  test_files=otter.tests, manual_points={q.name: q.points for q in questions if q.manual})
    source = nbg.nbgrader_source(**inputs, manual_answers=answers)
    released = nbg.generate_release(source, NAME, shipped)
    return types.SimpleNamespace(**inputs, manual_answers=answers, source=source, released=released,
                                 shipped=shipped)


def test_release_shows_the_otter_todo_blocks(recurrent):
    student = {c.metadata["zoo"]["question"]: c for c in recurrent.student_nb.cells
               if "question" in c.metadata.get("zoo", {})}  # not the survey's answer cells
    released = by_grade_id(recurrent.released)
    for question in recurrent.solutions:
        assert released[question].source == student[question].source
    assert set(released) >= {f"{q}_{kind}" for q in recurrent.test_files for kind in ("public", "hidden")}
    assert released["bptt_derivation"].metadata["nbgrader"]["points"] == 4


def test_release_leaks_no_solution_and_no_hidden_test(recurrent):
    secrets = nbg.secret_lines(recurrent.student_nb, recurrent.solutions, recurrent.test_files,
                               recurrent.manual_answers)
    assert len(secrets) > 80 and "delta_a_next = delta_a" in secrets  # the check is not vacuous
    assert len(nbg.find_leaks(recurrent.source, secrets)) == len(secrets)  # ... and finds them where they are
    assert nbg.find_leaks(recurrent.released, secrets) == []
    # every non-blank line of every solution body is a secret unless the student notebook already shows it
    student_text = "\n".join(c.source for c in recurrent.student_nb.cells)
    for solution in recurrent.solutions.values():
        for body in nbg.split_blocks(solution)[1]:
            for line in filter(None, (l.strip() for l in body.split("\n"))):
                assert line in secrets or line in student_text


def fill(nb, answers):
    filled = nbformat.reads(nbformat.writes(nb), as_version=4)
    for cell in filled.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return filled


def test_a_real_nbgrader_course_grades_the_release(recurrent, tmp_path, monkeypatch, one_torch_thread_per_kernel):
    from nbgrader.api import Gradebook

    monkeypatch.setenv("PATH", nbg.scratch_environment(tmp_path)["PATH"])  # the Gradebook runs `alembic`

    course = tmp_path / "course"
    (course / "source" / NAME).mkdir(parents=True)
    # nbgrader runs the training cells too: its 30 s per cell is too short on a shared 2-core machine
    (course / "nbgrader_config.py").write_text('c = get_config()\nc.CourseDirectory.course_id = "zoo101"\n'
                                               'c.Execute.timeout = 600\n' + COURSE_NBGRADER_CONFIG)
    nbformat.write(recurrent.source, course / "source" / NAME / f"{NAME}.ipynb")
    for name, content in recurrent.shipped.items():
        (course / "source" / NAME / name).write_bytes(content)
    nbg.run_nbgrader(course, "generate_assignment", NAME)

    # the hub's own release differs from ours only in the answer stubs
    hub = nbformat.read(course / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    assert [c.id for c in hub.cells] == [c.id for c in recurrent.released.cells]
    for ours, theirs in zip(recurrent.released.cells, hub.cells):
        if ours.metadata.get("zoo", {}).get("question") not in recurrent.solutions:
            assert (ours.source, ours.metadata) == (theirs.source, theirs.metadata)

    # the blank notebook also edits a hidden-test cell (quick to grade: its training cells fail at once)
    hidden = by_grade_id(recurrent.released)["lstm_forward_hidden"].source
    submissions = {"solved": fill(recurrent.released, {**recurrent.solutions, **recurrent.manual_answers}),
                   "blank": fill(recurrent.released, {"lstm_forward_hidden": hidden + "\npass"})}
    for student, nb in submissions.items():
        folder = course / "submitted" / student / NAME
        folder.mkdir(parents=True)
        (folder / f"{NAME}.ipynb").write_bytes(notebook_bytes(nb))
        for name in recurrent.shipped:
            shutil.copy(course / "release" / NAME / name, folder / name)
    run = nbg.run_nbgrader(course, "autograde", NAME)
    # untouched hidden-test cells raise no alarm (zoo.hub.OverwriteCells); the edited one does, and is restored
    changed = re.findall(r"Attribute 'checksum' for cell (\w+) has changed", run.stdout + run.stderr)
    assert changed == ["lstm_forward_hidden"], run.stderr[-3000:]
    graded = by_grade_id(nbformat.read(course / "autograded" / "blank" / NAME / f"{NAME}.ipynb", as_version=4))
    assert graded["lstm_forward_hidden"].source == by_grade_id(recurrent.source)["lstm_forward_hidden"].source

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "zoo101") as gb:
        assignment = gb.find_assignment(NAME)
        max_code = sum(points for q, text in recurrent.test_files.items()
                       for points in (c.points for c in nbg.parse_test_file(q, text)[1]))
        assert assignment.max_code_score == max_code == 21
        solved, blank = (gb.find_submission_notebook(NAME, NAME, s) for s in ("solved", "blank"))
        grades = {s: {g.name: (g.auto_score, g.max_score) for g in nb.grades} for s, nb in
                  (("solved", solved), ("blank", blank))}
        code = [g for g in grades["solved"] if g != "bptt_derivation"]
        assert {g: grades["solved"][g][0] for g in code} == {g: grades["solved"][g][1] for g in code}
        assert solved.code_score == max_code and blank.code_score == 0
        assert all(grades["blank"][g][0] == 0 for g in code)
        # the written answer: a blank one scores 0 by itself, a written one waits for a human
        assert grades["blank"]["bptt_derivation"] == (0, 4) and grades["solved"]["bptt_derivation"] == (None, 4)
        assert solved.needs_manual_grade and not blank.needs_manual_grade
        gb.find_grade("bptt_derivation", NAME, NAME, "solved").manual_score = 3  # as formgrader saves it
        gb.db.commit()
    # `zoo grade-all COURSE/submitted` takes the written scores given in formgrader
    book = ZooGradebook(NAME, ["rnn_forward"], [6.0], {"bptt_derivation": 4.0})
    book.merge_written(tmp_path / "no_scores.csv", formgrader=course / "gradebook.db")
    assert book.written_scores == {"solved": {"bptt_derivation": (3.0, "")}} and not book.problems
