"""``zoo verify``: prove through the grading path that the tests accept and reject what they should."""
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from tqdm import tqdm

from zoo import ROOT
from zoo.grading.grader import grade
from zoo.master import read_master
from zoo.release.steps import fill_answers, notebook_bytes
from zoo.variants import read_variants


def expectations(name):
    """``(label, answers to fill in, check(result) -> problem or None)`` for every case to grade."""
    _, _, questions = read_master(name)
    solutions = {q.name: q.solution for q in questions if not q.manual}

    def full_marks(result):
        lost = [f"{q['name']} ({q['visibility']}) {q['score']:g}/{q['max']:g}" for q in result["questions"]
                if q["score"] < q["max"]]
        return f"lost points: {', '.join(lost)}" if lost else None

    def zero(result):
        scored = [q["name"] for q in result["questions"] if q["score"] > 0]
        return f"scores points unfilled: {', '.join(scored)}" if scored else None

    def loses(question):
        def check(result):
            own = [q for q in result["questions"] if q["name"] == question]
            if not own:
                return f"no question named {question}"
            if sum(q["score"] for q in own) >= sum(q["max"] for q in own):
                return f"gets full marks on {question}"
            others = full_marks({"questions": [q for q in result["questions"] if q["name"] != question]})
            return others and f"other questions: {others}"
        return check

    cases = [("solutions get full marks", solutions, full_marks), ("unfilled release scores 0", {}, zero)]
    for m in read_variants(name, "mutants"):
        cases.append((f"mutant {m.slug} loses points on {m.question}", {**solutions, m.question: m.source},
                       loses(m.question)))
    for a in read_variants(name, "alternatives"):
        cases.append((f"alternative {a.slug} gets full marks", {**solutions, a.question: a.source}, full_marks))
    return cases


def verify(name, jobs=2):
    """Grade every case; print a line each; return True when all hold. Refuses (False, and says why) a
    broken master, and a release that is missing or older than what it is built from."""
    from zoo.digest import is_stale
    from zoo.grading.tests import bundle_path
    from zoo.master import MasterError

    try:
        cases = expectations(name)
    except (MasterError, ValueError) as e:
        print(f"zoo verify: {name}: broken master: {e}")
        return False
    release = ROOT / "release" / "otter" / name / f"{name}.ipynb"
    if not release.is_file() or not bundle_path(name).is_file():
        print(f"zoo verify: {name} was never released: run `zoo release {name}`")
        return False
    if is_stale(name):
        print(f"zoo verify: {name}: the release is older than the master, its mutants and alternatives, "
              f"_config.yml or the zoo package: run `zoo release {name}` first")
        return False
    student = nbformat.read(release, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        def run(case):
            label, answers, check = case
            path = Path(scratch, f"{abs(hash(label))}.ipynb")
            path.write_bytes(notebook_bytes(fill_answers(student, answers)))
            return check(grade(path, name))

        with ThreadPoolExecutor(jobs) as pool:
            problems = list(tqdm(pool.map(run, cases), total=len(cases), desc=f"verify {name}", file=sys.stderr))
    for (label, _, _), problem in zip(cases, problems):
        print(f"{'FAIL' if problem else 'ok  '}  {name}: {label}" + (f": {problem}" if problem else ""))
    failed = sum(p is not None for p in problems)
    print(f"{name}: {len(cases) - failed} of {len(cases)} verification cases hold")
    return failed == 0
