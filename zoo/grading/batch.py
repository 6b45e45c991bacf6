"""``zoo grade-all``: grade a folder of submissions in parallel, resumably; write a gradebook and a report.

Layouts understood (``find_submissions``):
- nbgrader's ``submitted/``: ``<student>/<assignment>/<files>`` (and ``timestamp.txt``);
- a Gradescope export: ``submission_<id>/<files>`` with ``submission_metadata.yml`` naming the students;
- a plain folder: ``<student>.ipynb`` or ``<student>.zip`` (or ``<student>/<files>``).
"""
import hashlib
import json
import os
import signal
import statistics
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import timezone
from pathlib import Path

import psutil
import yaml
from dateutil import parser as dates
from tqdm.auto import tqdm

from zoo.grading.grader import grade
from zoo.grading.gradebook import Gradebook
from zoo.grading.process import write_process
from zoo.grading.submission import BadSubmission, read_submission
from zoo.grading.tests import bundle_path, load_bundle


class GradingInterrupted(Exception):
    """Ctrl-C: what was graded is written; the same command resumes."""

    def __init__(self, graded, total):
        super().__init__(f"interrupted: {graded} of {total} graded; run the same command to resume")
        self.graded, self.total = graded, total


def gradescope_metadata(folder):
    return yaml.safe_load((folder / "submission_metadata.yml").read_text()) or {}


def gradescope_students(folder):
    """``{submission folder name: student}`` from a Gradescope export's ``submission_metadata.yml``."""
    students = {}
    for submission, info in gradescope_metadata(folder).items():
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


def as_utc(value):
    """A timestamp as written by nbgrader or Gradescope, in UTC (a time without zone is taken as UTC)."""
    moment = value if hasattr(value, "tzinfo") else dates.parse(str(value))
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def submission_times(folder, submissions):
    """``{student: when it was submitted}`` where the layout records it (nbgrader's ``timestamp.txt``,
    Gradescope's ``:created_at``); a plain folder records nothing (file times are not evidence)."""
    folder = Path(folder)
    times = {}
    if (folder / "submission_metadata.yml").exists():
        created = {name: (info or {}).get(":created_at") for name, info in gradescope_metadata(folder).items()}
        times = {s: as_utc(created[p.name]) for s, p in submissions.items() if created.get(p.name)}
    else:
        for student, path in submissions.items():
            stamp = Path(path) / "timestamp.txt"
            if stamp.is_file() and stamp.read_text().strip():
                times[student] = as_utc(stamp.read_text().strip())
    return times


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
                  "notes": [], "seconds": 0.0, "grader_error": f"{type(e).__name__}: {e}"}
    try:  # the gradebook names why a submission scored nothing: it could not be read
        read_submission(path, assignment)
    except BadSubmission as e:
        result["malformed"] = str(e)
    return student, result


def write_atomically(path, text):
    """Write ``path`` whole or not at all: an interrupted write never leaves half a file to resume from."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text)
    os.replace(partial, path)


def stop_workers():
    """Kill every worker this process started and what they started: each runs in a session of its own
    (``Sandbox``), out of the reach of the Ctrl-C the terminal sends to the grader."""
    for child in psutil.Process().children():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):  # gone already, or not a session of ours
            pass


def grade_all(folder, assignment, jobs=2, out="grades.csv", bundle=None, written=None, due=None):
    """Grade what is new or changed since the last run; write the gradebook, the results and the report.

    ``written``: the CSV of written-question scores (``zoo written``), merged into the gradebook;
    ``due``: submissions after it score 0 (the gradebook says by how much they were late).
    On Ctrl-C: kills the workers, writes what is graded and raises ``GradingInterrupted``.
    """
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
    pool = ThreadPoolExecutor(max(1, jobs))
    interrupted = False
    try:
        futures = [pool.submit(grade_one, s, submissions[s], assignment, bundle) for s in todo]
        for future in tqdm(as_completed(futures), total=len(futures), desc=f"grading {assignment}", unit="submission"):
            student, result = future.result()
            results[student] = {**result, "key": keys[student]}
            write_atomically(store, json.dumps(results, indent=1))  # after each one: an interrupted run resumes here
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the gradebook in half
        interrupted = True
        pool.shutdown(wait=False, cancel_futures=True)
        stop_workers()
    else:
        pool.shutdown()
    wall = time.monotonic() - start
    graded = [s for s in todo if s in results]
    timing = {"graded": len(graded), "reused": len(results) - len(graded), "wall_seconds": wall,
              "median_seconds": statistics.median([results[s]["seconds"] for s in graded]) if graded else 0.0}
    book = Gradebook.for_assignment(assignment, load_bundle(assignment, bundle))
    book.merge_written(written if written is not None else default_written_scores(out, assignment),
                       formgrader=Path(folder).resolve().parent / "gradebook.db")  # an nbgrader course's
    rows = book.write(out, results, submission_times(folder, submissions), due)
    write_process(out, assignment, submissions)  # the survey's answers: process.csv, read by the report
    if interrupted:  # the report (seconds of plotting) waits for a complete run
        signal.signal(signal.SIGINT, signal.default_int_handler)
        raise GradingInterrupted(len(results), len(submissions))
    from zoo.grading.report import write_report

    timing["report"] = str(write_report(out, assignment, book.autograded, rows, book.autograded_max, timing,
                                        flagged=book.flagged(results)))
    return rows, timing


def default_written_scores(out, assignment):
    """Where ``zoo written`` puts the CSV that graders type scores into, by default."""
    return Path(out).parent / f"written_{assignment}" / "scores.csv"
