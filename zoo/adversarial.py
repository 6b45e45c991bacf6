"""The adversarial catalogue (``tests/adversarial/*.py``): submissions that try to change the verdict.

Each case is one cell, with a header:

    # attack: what the cell tries
    # answer: stub | solution     what the attacked question's answer cell holds (stub: unanswered)
    # expect: zero | public       the attacked question's most points: nothing, or its public points
    # feedback: a regular expression the feedback, cell errors or notes must match
    # edit: rename | delete-given | reorder | edit-given | strip-metadata   (optional, the notebook's shape)
    # only: <assignment>          (optional: the case uses that assignment's names)
    # danger: yes                 (optional: outside a jail it would harm the machine; never run unjailed)

The attacked question is the assignment's first graded question; the cell runs right after its
answer cell, with ``ANSWER_NAMES`` (what the answer cell defines) and ``wrap_outputs(transform)``
(make every function and method of the answer return ``transform(tensor)`` for its tensors)
defined. Every other question must keep full marks: an attack costs only the question it is in.
"""
import ast
import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from zoo import ROOT
from zoo.grading.grader import grade
from zoo.grading.jail import jail_prefix
from zoo.grading.submission import question_of, source_of
from zoo.master import read_master
from zoo.release.steps import fill_answers, notebook_bytes

CATALOGUE = ROOT / "tests" / "adversarial"
FIELDS = ("attack", "answer", "expect", "feedback", "edit", "only", "danger")

PRELUDE = '''\
ANSWER_NAMES = {names!r}


def wrap_outputs(transform):
    import functools

    import torch

    def convert(value):
        if isinstance(value, torch.Tensor):
            return transform(value)
        return type(value)(convert(v) for v in value) if isinstance(value, (tuple, list)) else value

    def wrapped(function):
        return functools.wraps(function)(lambda *args, **kwargs: convert(function(*args, **kwargs)))

    for name in ANSWER_NAMES:
        thing = globals()[name]
        if isinstance(thing, type):
            for attribute, value in list(vars(thing).items()):
                if callable(value) and not attribute.startswith("__"):
                    setattr(thing, attribute, wrapped(value))
        elif callable(thing):
            globals()[name] = wrapped(thing)


'''


@dataclass
class Attack:
    slug: str
    attack: str
    answer: str
    expect: str
    feedback: str
    cell: str
    edit: str = None
    only: str = None
    danger: str = None


def read_attacks(folder=CATALOGUE):
    attacks = []
    for path in sorted(Path(folder).glob("*.py")):
        text = path.read_text()
        header = dict(re.findall(r"^# (\w+): (.*)$", text.split("\n\n", 1)[0], re.M))
        missing = {"attack", "answer", "expect", "feedback"} - set(header)
        if missing or set(header) - set(FIELDS) or header["answer"] not in ("stub", "solution") \
                or header["expect"] not in ("zero", "public"):
            raise ValueError(f"{path}: the header needs # attack/answer (stub|solution)/expect (zero|public)/feedback, "
                             f"optionally # edit, # only and # danger; got {sorted(header)}")
        attacks.append(Attack(path.stem, cell=text, **header))
    return attacks


def defined_names(source):
    return [node.name for node in ast.parse(source).body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]


def rename(nb, target):
    return nb  # the notebook stays; its file name changes (submission_filename)


def submission_filename(name, attack):
    return "my work (final).ipynb" if attack.edit == "rename" else f"{name}.ipynb"


def allowed_points(attack, public):
    return 0 if attack.expect == "zero" else public


def delete_given(nb, target):
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or question_of(c)]
    return nb


def reorder(nb, target):
    nb.cells.reverse()
    return nb


def edit_given(nb, target):
    first = next(c for c in nb.cells if c.cell_type == "code" and not question_of(c)
                 and "zoo_setup" not in c.metadata.get("tags", []))
    first.source += "\nimport torch\ntorch.allclose = torch.equal = lambda *args, **kwargs: True\n"
    return nb


def strip_metadata(nb, target):
    for cell in nb.cells:
        cell.metadata.pop("zoo", None)
    return nb


EDITS = {"rename": rename, "delete-given": delete_given, "reorder": reorder, "edit-given": edit_given,
         "strip-metadata": strip_metadata}


def attacked_question(questions):
    """The question every attack on an assignment targets, given its master's questions: the first graded one."""
    return next(q.name for q in questions if not q.manual)


def attacked_notebook(name, attack, release=None):
    """``(notebook, attacked question)``: the release with every answer but one solved, and the attack."""
    release = release or nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    questions = [q for q in read_master(name)[2] if not q.manual]
    target = attacked_question(questions)
    answers = {q.name: q.solution for q in questions if q.name != target or attack.answer == "solution"}
    nb = fill_answers(release, answers)
    position = next(i for i, c in enumerate(nb.cells) if question_of(c) == target)
    names = defined_names(source_of(nb.cells[position]))
    nb.cells.insert(position + 1, nbformat.v4.new_code_cell(PRELUDE.format(names=names) + attack.cell))
    if attack.edit:
        nb = EDITS[attack.edit](nb, target)
    return nb, target


def judge(attack, result, target):
    """``(got, problems)``: the attacked question's score and what broke the catalogue's promise."""
    own = [q for q in result["questions"] if q["name"] == target]
    others = [q for q in result["questions"] if q["name"] != target]
    score, public = sum(q["score"] for q in own), sum(q["max"] for q in own if q["visibility"] == "public")
    allowed = allowed_points(attack, public)
    problems = []
    if score > allowed:
        problems.append(f"{target} scored {score:g}, at most {allowed:g} allowed")
    lost = [f"{q['name']} ({q['visibility']}) {q['score']:g}/{q['max']:g}" for q in others if q["score"] < q["max"]]
    if lost:
        problems.append("other questions lost points: " + ", ".join(lost))
    said = "\n".join([q["feedback"] for q in own] + list(result["cell_errors"].values()) + result["notes"])
    if not re.search(attack.feedback, said):
        problems.append(f"the feedback does not say /{attack.feedback}/: {said[:300]!r}")
    return f"{target} {score:g}/{sum(q['max'] for q in own):g}, others {'full' if not lost else 'LOST'}", problems


def run_attack(name, attack, bundle=None):
    nb, target = attacked_notebook(name, attack)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, submission_filename(name, attack))
        path.write_bytes(notebook_bytes(nb))
        result = grade(path, name, bundle=bundle)
    got, problems = judge(attack, result, target)
    expected = f"{target} {'0' if attack.expect == 'zero' else '<= public'}, others full"
    return {"assignment": name, "attack": attack.slug, "expected": expected, "got": got, "problems": problems,
            "seconds": result["seconds"]}


def run_catalogue(names, bundles=None, jobs=2):
    """Grade every applicable attack against every assignment in ``names``; one row per pair."""
    if jail_prefix() is None:
        raise RuntimeError("the catalogue needs the grader's jail (unshare and setpriv, util-linux): some attacks "
                           "would kill processes or fill the memory of this machine without it")
    pairs = [(n, a) for n in names for a in read_attacks() if a.only in (None, n)]
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(lambda pair: run_attack(*pair, bundle=(bundles or {}).get(pair[0])), pairs))


def run_catalogue_nbgrader(name, scratch, timeout=15, slugs=None):
    """The catalogue through a real nbgrader course (``nbgrader autograde``, one student per attack).

    Attacks marked ``danger`` are not run: nbgrader executes the notebook in a kernel of the
    grading machine, so they would kill its processes or exhaust its memory.
    """
    from zoo.release.nbgrader import NBGRADER_CONFIG, run_nbgrader, scratch_environment

    course = Path(scratch) / "course"
    source = ROOT / "autograder" / name / "nbgrader"
    (course / "source").mkdir(parents=True)
    shutil.copytree(source, course / "source" / name)
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG + f"c.Execute.timeout = {timeout}\n")
    run_nbgrader(course, "generate_assignment", name)
    release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
    attacks = [a for a in read_attacks() if a.only in (None, name) and not a.danger and a.slug in (slugs or [a.slug])]
    targets = {}
    for attack in attacks:
        nb, targets[attack.slug] = attacked_notebook(name, attack, release)
        folder = course / "submitted" / attack.slug / name
        shutil.copytree(course / "release" / name, folder)
        (folder / f"{name}.ipynb").unlink()
        (folder / submission_filename(name, attack)).write_bytes(notebook_bytes(nb))
    path = os.environ["PATH"]
    os.environ["PATH"] = scratch_environment(course)["PATH"]  # the Gradebook runs `alembic`
    try:
        return [autograde(course, name, attack, targets[attack.slug]) for attack in attacks]
    finally:
        os.environ["PATH"] = path


def autograde(course, name, attack, target):
    """One student's ``nbgrader autograde`` and what the gradebook then holds, judged like ``judge``."""
    from nbgrader.api import Gradebook

    from zoo.release.nbgrader import run_nbgrader

    try:
        run_nbgrader(course, "autograde", name, "--student", attack.slug)
        failure = None
    except RuntimeError as e:
        failure = str(e).strip().splitlines()[-1][:200]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "zoo") as gb:
        try:
            grades = gb.find_submission_notebook(name, name, attack.slug).grades
            scores = {g.name: (g.score, g.max_score) for g in grades if g.name.endswith(("_public", "_hidden"))}
        except Exception:
            scores = {}
    own = sum(score for grade_id, (score, _) in scores.items() if grade_id.startswith(target + "_"))
    public = sum(most for grade_id, (_, most) in scores.items() if grade_id == target + "_public")
    allowed = allowed_points(attack, public)
    others_full = bool(scores) and all(score == most for grade_id, (score, most) in scores.items()
                                       if not grade_id.startswith(target + "_"))
    defended = failure is None and own <= allowed and others_full
    got = failure or f"{target} {own:g}, others {'full' if others_full else 'LOST'}"
    return {"attack": attack.slug, "expected": f"{target} <= {allowed:g}, others full", "got": got,
            "defended": defended}
