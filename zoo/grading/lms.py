"""``zoo export``: the gradebook's totals in the CSV shapes learning-management systems import.

- Canvas (Grades > Import): the identity columns ``Student, ID, SIS User ID, SIS Login ID, Section``,
  a ``Points Possible`` row, then one column per assignment. Canvas matches rows on its own IDs, so
  pass Canvas's gradebook export as ``roster``: each student is matched to a roster row by SIS Login
  ID, SIS User ID, ID or name (an e-mail also by the part before the ``@``) and keeps that row's IDs.
- Moodle (Grades > Import > CSV file): a column identifying the student (mapped at import to the
  username, e-mail or ID number), one with the grade and one with the feedback.
"""
import csv
from pathlib import Path

from zoo.grading.gradebook import MAX_ROW, WHY_ZERO

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def read_gradebook(path):
    """``(maximum total, {student: (total, why zero)})`` from ``grades.csv``."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    maximum = next(float(r["total"]) for r in rows if r["student"] == MAX_ROW)
    return maximum, {r["student"]: (float(r["total"]), r.get(WHY_ZERO, "")) for r in rows if r["student"] != MAX_ROW}


def keys(text):
    """What an id may match in a roster: itself and, for an e-mail, its user name."""
    text = (text or "").strip().lower()
    return {k for k in (text, text.split("@")[0]) if k}


def canvas_rows(gradebook, assignment, roster=None):
    """``(rows, students not in the roster)``: the Canvas import CSV as lists."""
    maximum, totals = read_gradebook(gradebook)
    header = [*CANVAS_IDENTITY, assignment]
    rows = [header, ["    Points Possible", "", "", "", "", f"{maximum:g}"]]
    if roster is None:
        rows += [[student, "", "", student, "", f"{total:g}"] for student, (total, _) in sorted(totals.items())]
        return rows, []
    with open(roster, newline="") as f:
        people = [r for r in csv.DictReader(f) if not (r.get("Student") or "").strip().startswith(("Points Possible", "Muted"))]
    index = {}
    for person in people:
        for column in ("SIS Login ID", "SIS User ID", "ID", "Student"):
            for key in keys(person.get(column)):
                index.setdefault(key, person)
    unmatched = []
    for student, (total, _) in sorted(totals.items()):
        person = next((index[k] for k in sorted(keys(student)) if k in index), None)
        if person is None:
            unmatched.append(student)
        else:
            rows.append([person.get(c, "") for c in CANVAS_IDENTITY] + [f"{total:g}"])
    return rows, unmatched


def moodle_rows(gradebook, assignment):
    _, totals = read_gradebook(gradebook)
    return [["student", assignment, f"{assignment} feedback"],
            *([student, f"{total:g}", why] for student, (total, why) in sorted(totals.items()))]


def write_export(gradebook, assignment, lms, out=None, roster=None):
    """Write the ``lms`` (canvas or moodle) import file; return (its path, students left out)."""
    rows, unmatched = canvas_rows(gradebook, assignment, roster) if lms == "canvas" else (moodle_rows(gradebook, assignment), [])
    out = Path(out or Path(gradebook).with_name(f"{Path(gradebook).stem}_{lms}.csv"))
    with open(out, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    return out, unmatched
