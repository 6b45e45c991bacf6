"""``zoo grade-all``: grade a folder of submissions in parallel, resumably; write a gradebook and a report.

Layouts understood (``find_submissions``):
- nbgrader's ``submitted/``: ``<student>/<assignment>/<files>``;
- a Gradescope export: ``submission_<id>/<files>`` with ``submission_metadata.yml`` naming the students;
- a plain folder: ``<student>.ipynb`` or ``<student>.zip`` (or ``<student>/<files>``).
"""
import csv
import hashlib
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import yaml
from tqdm.auto import tqdm

from zoo.grading.grader import grade
from zoo.grading.tests import bundle_path, load_bundle


def gradescope_students(folder):
    """``{submission folder name: student}`` from a Gradescope export's ``submission_metadata.yml``."""
    metadata = yaml.safe_load((folder / "submission_metadata.yml").read_text()) or {}
    students = {}
    for submission, info in metadata.items():
        submitters = (info or {}).get(":submitters") or (info or {}).get("submitters") or []
        names = [s.get(":email") or s.get(":name") or s.get("email") or s.get("name") for s in submitters]
        students[submission] = ", ".join(n for n in names if n) or submission
    return students


def find_submissions(folder, assignment):
    """``{student: path}`` of every submission in ``folder`` (a notebook, a zip, or a folder holding one)."""
    folder = Path(folder)
    if (folder / "submission_metadata.yml").exists():
        names = gradescope_students(folder)
        return {names.get(p.name, p.name): p for p in sorted(folder.glob("submission_*")) if p.is_dir()}
    found = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            found[path.name] = path / assignment if (path / assignment).is_dir() else path  # nbgrader or plain
        elif path.suffix in (".ipynb", ".zip"):
            found[path.stem] = path
    return found


def fingerprint(path):
    """A hash of what would be graded: the file, or every file of the folder."""
    digest = hashlib.sha256()
    files = sorted(p for p in Path(path).rglob("*") if p.is_file()) if Path(path).is_dir() else [Path(path)]
    for file in files:
        digest.update(str(file.relative_to(path) if Path(path).is_dir() else "").encode() + file.read_bytes())
    return digest.hexdigest()


def grade_one(student, path, assignment, bundle):
    try:
        result = grade(path, assignment, bundle=bundle)
    except Exception as e:  # a grader failure on one submission never stops the batch
        result = {"assignment": assignment, "score": 0.0, "max": 0.0, "questions": [], "cell_errors": {},
                  "notes": [f"the grader failed on this submission: {type(e).__name__}: {e}"], "seconds": 0.0}
    return student, result


def grade_all(folder, assignment, jobs=2, out="grades.csv", bundle=None):
    """Grade what is new or changed since the last run; write the gradebook, the results and the report."""
    bundle = Path(bundle or bundle_path(assignment))
    out = Path(out)
    store = out.with_suffix(".json")  # every result with its feedback: what a second run reuses
    previous = json.loads(store.read_text()) if store.exists() else {}
    bundle_hash = hashlib.sha256(bundle.read_bytes()).hexdigest()
    submissions = find_submissions(folder, assignment)
    keys = {student: f"{bundle_hash}:{fingerprint(path)}" for student, path in submissions.items()}
    results = {s: previous[s] for s in submissions if s in previous and previous[s].get("key") == keys[s]}
    todo = [s for s in submissions if s not in results]
    start = time.monotonic()
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        futures = [pool.submit(grade_one, s, submissions[s], assignment, bundle) for s in todo]
        for future in tqdm(as_completed(futures), total=len(futures), desc=f"grading {assignment}", unit="submission"):
            student, result = future.result()
            results[student] = {**result, "key": keys[student]}
            store.write_text(json.dumps(results, indent=1))  # after each one: an interrupted run resumes here
    wall = time.monotonic() - start
    tests = load_bundle(assignment, bundle).questions
    questions, maximum = [q.name for q in tests], [q.points(False) + q.points(True) for q in tests]
    rows = gradebook(results, questions)
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", *questions, "total"])
        writer.writerows([student, *(f"{v:g}" for v in row)] for student, row in sorted(rows.items()))
    timing = {"graded": len(todo), "reused": len(submissions) - len(todo), "wall_seconds": wall,
              "median_seconds": statistics.median([results[s]["seconds"] for s in todo]) if todo else 0.0}
    from zoo.grading.report import write_report

    timing["report"] = str(write_report(out, assignment, questions, rows, maximum, timing))
    return rows, timing


def gradebook(results, questions):
    """``{student: [score per question..., total]}``."""
    rows = {}
    for student, result in results.items():
        per = dict.fromkeys(questions, 0.0)
        for q in result["questions"]:
            per[q["name"]] = per.get(q["name"], 0.0) + q["score"]
        rows[student] = [per[q] for q in questions] + [sum(per.values())]
    return rows
