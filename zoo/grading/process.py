"""The homework-process survey of a graded batch: ``process.csv`` and the hours per assignment.

Every release closes with the course's survey (``zoo.release.steps.add_survey``): markdown answer
cells marked ``metadata.zoo.survey`` (sources, collaborators, hours). ``zoo grade-all`` collects them
here, one row per student and assignment; free text is kept as written and the hours are parsed
where they can be ("about 5-6h" is 5.5, "six" is 6). An answer that cannot be read as hours is
listed in the report, never an error.
"""
import csv
import re
from pathlib import Path

import numpy as np

from zoo.check import ANSWER_PLACEHOLDERS, SURVEY_FIELDS, survey_answers
from zoo.grading.submission import BadSubmission, read_submission

COLUMNS = ["student", "assignment", "hours", "hours_as_written", "sources", "collaborators"]
NUMBER_WORDS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2, "a dozen": 12})
NUMBER = r"(\d+(?:\.\d+)?)"
HOUR = r"\s*(?:h|hrs?|hours?)?\.?"
MINUTES = r"\s*(?:m|min|mins|minutes?)\b"
MOST_HOURS = 200  # more than this in one assignment is a typo or a joke, not a measurement


def parse_hours(text):
    """Hours as a number from a free answer, or None where it cannot be read.

    Understood: "6", "6.5", "6,5", "~6h", "six hours", "five and a half", "5-6h", "between 5 and 6",
    "2h30", "2:30", "90 minutes", "half an hour"; a range counts as its middle. Several unrelated
    numbers ("3 on Monday, 4 today") are ambiguous: None.
    """
    text = (text or "").strip().lower()
    if not text or text in {p.lower() for p in ANSWER_PLACEHOLDERS}:
        return None
    tens, units = "|".join(("twenty", "thirty", "forty", "fifty")), "|".join(list(NUMBER_WORDS)[1:10])
    text = re.sub(rf"\b({tens})[- ]({units})\b", lambda m: str(NUMBER_WORDS[m[1]] + NUMBER_WORDS[m[2]]), text)
    for word, value in sorted(NUMBER_WORDS.items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"\b{word}\b", str(value), text)
    text = re.sub(r"(\d),(\d)", r"\1.\2", text)
    text = re.sub(r"(\d+) and a half\b", r"\1.5", text)
    text = re.sub(r"\bhalf an? hour\b", "0.5 hours", text)
    numbers = re.findall(NUMBER, text)
    hours_minutes = (re.search(rf"{NUMBER}\s*(?:h|hrs?|hours?)\.?\s*(?:and\s*)?(\d{{1,2}})(?:{MINUTES}|(?!\s*h|\d))", text)
                     or re.search(rf"\b{NUMBER}:(\d\d)\b", text))
    span = re.search(rf"{NUMBER}{HOUR}\s*(?:-|–|—|to|or)\s*{NUMBER}|between {NUMBER}{HOUR} and {NUMBER}", text)
    if hours_minutes and len(numbers) == 2:
        return checked(float(hours_minutes.group(1)) + float(hours_minutes.group(2)) / 60)
    if span and len(numbers) == 2:
        value = sum(float(n) for n in span.groups() if n) / 2
    elif len(numbers) == 1:
        value = float(numbers[0])
    else:
        return None
    return checked(value / 60 if re.search(rf"{NUMBER}{MINUTES}", text) else value)


def checked(hours):
    return round(hours, 2) if 0 < hours <= MOST_HOURS else None


def survey_rows(submissions, assignment):
    """A ``process.csv`` row per submission (``{student: path}``, as ``batch.find_submissions`` gives)."""
    rows = []
    for student, path in sorted(submissions.items()):
        try:
            answers = survey_answers(read_submission(path, assignment))
        except BadSubmission:
            answers = dict.fromkeys(SURVEY_FIELDS, "")
        hours = parse_hours(answers["hours"])
        rows.append({"student": student, "assignment": assignment, "hours": "" if hours is None else f"{hours:g}",
                     "hours_as_written": answers["hours"], "sources": answers["sources"],
                     "collaborators": answers["collaborators"]})
    return rows


def read_process(path):
    if not Path(path).exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_process(out, assignment, submissions):
    """Put this assignment's rows into ``process.csv`` beside the gradebook ``out``; keep other assignments'.

    Returns the path. One file for the course, so that the report compares the assignments' hours.
    """
    path = Path(out).with_name("process.csv")
    rows = [row for row in read_process(path) if row["assignment"] != assignment]
    rows += survey_rows(submissions, assignment)
    rows.sort(key=lambda row: (row["assignment"], row["student"]))
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def hours_by_assignment(rows):
    """``{assignment: (hours that parsed, [(student, answer as written) that did not])}``; blanks are neither."""
    summary = {}
    for row in rows:
        parsed, unread = summary.setdefault(row["assignment"], ([], []))
        if row["hours"]:
            parsed.append(float(row["hours"]))
        elif row["hours_as_written"].strip():
            unread.append((row["student"], row["hours_as_written"]))
    return summary


def hours_section(out):
    """The report's section on the hours per assignment (from ``process.csv`` beside ``out``), with its histogram.

    Returns markdown lines; writes ``<out>_hours.png`` (one histogram per assignment, the median and
    the quartiles marked) when any hours were given.
    """
    summary = hours_by_assignment(read_process(Path(out).with_name("process.csv")))
    if not summary:
        return []
    lines = ["## Hours spent (the survey, `process.csv`)", "",
             "| assignment | answers | median | quartiles (25%-75%) | unreadable |", "|---|---|---|---|---|"]
    for assignment, (hours, unread) in sorted(summary.items()):
        if hours:
            q1, median, q3 = np.percentile(hours, [25, 50, 75])
            lines.append(f"| {assignment} | {len(hours)} | {median:g} h | {q1:g}-{q3:g} h | {len(unread)} |")
        else:
            lines.append(f"| {assignment} | 0 | | | {len(unread)} |")
    unread = [(a, s, text) for a, (_, bad) in sorted(summary.items()) for s, text in bad]
    if unread:
        lines += ["", "Answers not read as hours (left out above; `process.csv` keeps them as written):", ""]
        lines += [f"- {assignment}, {student}: {text!r}" for assignment, student, text in unread]
    if any(hours for hours, _ in summary.values()):
        figure = Path(out).with_name(Path(out).stem + "_hours.png")
        hours_histogram({a: h for a, (h, _) in summary.items() if h}, figure)
        lines += ["", f"![hours]({figure.name})"]
    return lines + [""]


def hours_histogram(hours, figure):
    """One histogram of hours per assignment, on a shared axis; the median solid, the quartiles dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    names = sorted(hours)
    top = max(max(h) for h in hours.values())
    bins = np.linspace(0, max(np.ceil(top), 1), min(int(np.ceil(top)), 30) + 1)
    fig, axes = plt.subplots(len(names), 1, figsize=(6, 1.2 + 1.4 * len(names)), sharex=True, squeeze=False)
    for ax, name in zip(axes[:, 0], names):
        ax.hist(hours[name], bins=bins, color="#0072B2", edgecolor="white")
        q1, median, q3 = np.percentile(hours[name], [25, 50, 75])
        ax.axvline(median, color="#D55E00")
        for quartile in (q1, q3):
            ax.axvline(quartile, color="#D55E00", linestyle="--", linewidth=1)
        ax.set(ylabel="students", title=f"{name}: median {median:g} h, quartiles {q1:g}-{q3:g} h ({len(hours[name])})")
    axes[-1, 0].set(xlabel="hours spent (survey)")
    for ax in axes[:, 0]:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # students are counted in whole numbers
    fig.tight_layout()
    fig.savefig(figure, dpi=120)
    plt.close(fig)
    return figure
