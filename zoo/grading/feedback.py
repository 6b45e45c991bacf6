"""``zoo feedback``: one page per student from a graded batch (``grades.json``, written by ``zoo grade-all``):
the scores, what every failed check said, the written questions' scores and comments once typed in."""
import html
import json
import re
from pathlib import Path

from zoo.grading.batch import default_written_scores, find_submissions
from zoo.grading.gradebook import Gradebook
from zoo.grading.pages import page
from zoo.grading.tests import load_bundle


def failed_checks(feedback):
    """The ``failed: ...`` entries of a question's feedback, each with its explanation; other lines
    (a submission that could not be read, a time-out) are kept as they are."""
    entries = re.split(r"\n(?=(?:passed|failed): )", feedback)
    return [e for e in entries if not e.startswith("passed: ")]


def student_page(book, student, result):
    rows, details = [], []
    for q in result["questions"]:
        mark = "full" if q["score"] >= q["max"] else "lost"
        rows.append(f'<tr><td>{html.escape(q["name"])}</td><td>{q["visibility"]} tests</td>'
                    f'<td class="{mark}">{q["score"]:g} / {q["max"]:g}</td></tr>')
        if q["score"] < q["max"]:
            checks = "".join(f"<pre>{html.escape(entry)}</pre>" for entry in failed_checks(q["feedback"]))
            details.append(f"<h2>{html.escape(q['name'])} ({q['visibility']} tests)</h2>{checks}")
    total, most = result["score"], result["max"]
    for name, points in book.written.items():
        score, comment = book.written_scores.get(student, {}).get(name, (None, ""))
        shown = "not graded yet" if score is None else f"{score:g} / {points:g}"
        rows.append(f"<tr><td>{html.escape(name)}</td><td>written</td><td>{shown}</td></tr>")
        total, most = total + (score or 0), most + points
        if comment:
            details.append(f"<h2>{html.escape(name)} (written)</h2><p>{html.escape(comment)}</p>")
    problems = [f"the grader failed on your submission ({result['grader_error']}); your instructor is told"] \
        if result.get("grader_error") else []
    problems += result.get("notes", []) + [f"cell {label} raised {error}" for label, error in result.get("cell_errors", {}).items()]
    body = [f"<h1>{html.escape(book.assignment)}: {html.escape(student)}</h1>",
            f"<p><strong>Total: {total:g} / {most:g}</strong></p>",
            "<table><tr><th>question</th><th></th><th>score</th></tr>", *rows, "</table>"]
    if problems:
        body += ["<h2>About your notebook</h2><ul>", *(f"<li>{html.escape(p)}</li>" for p in problems), "</ul>"]
    body += details or ["<p>Every check passed.</p>"]
    return page(f"{book.assignment}: {student}", "\n".join(body))


def file_name(student):
    """A file name for a student id (Gradescope's can be 'a@uni.edu, b@uni.edu')."""
    return re.sub(r"[^\w.@-]+", "_", student).strip("_") or "student"


def write_feedback(folder, assignment, grades="grades.csv", written=None, out=None, bundle=None):
    """Write ``<out>/<student>.html`` for every graded submission in ``folder``; return (out, pages,
    the students not graded yet)."""
    results = json.loads(Path(grades).with_suffix(".json").read_text())
    book = Gradebook.for_assignment(assignment, load_bundle(assignment, bundle))
    book.merge_written(written if written is not None else default_written_scores(grades, assignment))
    out = Path(out or f"feedback_{assignment}")
    out.mkdir(parents=True, exist_ok=True)
    students = find_submissions(folder, assignment)
    pages = []
    for student in sorted(s for s in students if s in results):
        path = out / f"{file_name(student)}.html"
        path.write_text(student_page(book, student, results[student]))
        pages.append(path)
    return out, pages, sorted(s for s in students if s not in results)
