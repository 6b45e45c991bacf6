"""The gradebook ``zoo grade-all`` writes: a row per student, a column per question (autograded, then
written), the total and why a submission or question scored nothing; a row with each maximum.

Written (manual) questions are scored by hand in the CSV ``zoo written`` prepares (``scores.csv``:
``student``, then ``<question>`` and ``<question> comment`` per written question); their columns stay
empty until a score is typed there. On an nbgrader course (``zoo grade-all COURSE/submitted``), the
scores given in formgrader (``COURSE/gradebook.db``) fill the written columns the CSV leaves empty.
"""
import csv
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

MAX_ROW = "(maximum)"  # the first row under the header: each column's maximum
WHY_ZERO = "why zero"


def comment_column(question):
    return f"{question} comment"


def scores_header(written):
    return ["student", *(c for q in written for c in (q, comment_column(q)))]


def read_written_scores(path, written):
    """``({student: {question: (score or None, comment)}}, [problems])`` from the scores CSV.

    ``written`` is ``{question: maximum}``; a score that is not a number from 0 to the maximum is
    left out and reported, never guessed.
    """
    scores, problems = {}, []
    path = Path(path)
    if not path.is_file():
        return scores, problems
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            student = (row.get("student") or "").strip()
            if not student:
                continue
            for question, most in written.items():
                text, comment = (row.get(question) or "").strip(), (row.get(comment_column(question)) or "").strip()
                score = None
                if text:
                    try:
                        score = float(text)
                    except ValueError:
                        pass
                    if score is None or not 0 <= score <= most:
                        problems.append(f"{path.name}: {student}, {question}: {text!r} is not a score from 0 to "
                                        f"{most:g}; left out")
                        score = None
                scores.setdefault(student, {})[question] = (score, comment)
    return scores, problems


def read_formgrader_scores(database, assignment, written):
    """``({student: {question: (score, comment)}}, [problems])``: the manual scores formgrader saved in
    nbgrader's ``gradebook.db`` for the written questions (nbgrader's cell ids are the question names)."""
    from nbgrader.api import Gradebook as NbgraderGradebook, MissingEntry

    scores = {}
    try:
        with NbgraderGradebook(f"sqlite:///{Path(database).resolve()}") as gb:
            for submission in gb.assignment_submissions(assignment):
                student = submission.student.id
                try:
                    notebook = gb.find_submission_notebook(assignment, assignment, student)
                except MissingEntry:
                    continue
                comments = {c.name: c.manual_comment or "" for c in notebook.comments}
                for grade in notebook.grades:
                    if grade.name in written and grade.manual_score is not None:
                        scores.setdefault(student, {})[grade.name] = (float(grade.manual_score),
                                                                      comments.get(grade.name, ""))
    except Exception as e:  # a gradebook of another nbgrader version, or none for this assignment
        return {}, [f"{Path(database).name}: formgrader's scores could not be read ({type(e).__name__}: {e})"]
    return scores, []


def late_by(delay):
    minutes = int(delay / timedelta(minutes=1))
    days, hours = divmod(minutes // 60, 24)
    return (f"{days} d " if days else "") + (f"{hours} h " if hours or days else "") + f"{minutes % 60} min"


def question_reason(result, question):
    """Why an autograded question scored 0, in a few words."""
    feedback = "\n".join(q["feedback"] for q in result["questions"] if q["name"] == question)
    raised = [error for label, error in result.get("cell_errors", {}).items() if label.endswith(f"({question})")]
    if any(f"no answer cell for {question}" in note for note in result.get("notes", [])):
        return "no answer cell"
    if "NotImplementedError" in feedback:
        return "unfilled"
    if raised:
        return f"its cell raised {raised[0].splitlines()[0][:80]}"
    if "timed out" in feedback:
        return "timed out"
    return "failed every check"


@dataclass
class Gradebook:
    assignment: str
    autograded: list  # question names, in the notebook's order
    autograded_max: list
    written: dict = field(default_factory=dict)  # {manual question: points}
    written_scores: dict = field(default_factory=dict)  # {student: {question: (score or None, comment)}}
    problems: list = field(default_factory=list)  # what could not be merged

    @classmethod
    def for_assignment(cls, assignment, bundle):
        """The columns of ``assignment``: its bundle's autograded questions (``zoo.grading.tests.Bundle``), the
        survey's completion points where the course gives any, and its master's written questions (none where
        the course has no master, as on a grading machine holding only the bundle)."""
        from zoo.master import MasterError, master_path, read_master

        written = {}
        if master_path(assignment).exists():
            try:
                written = {q.name: float(q.points) for q in read_master(assignment)[2] if q.manual}
            except MasterError:
                pass  # `zoo release` reports a broken master; the autograded columns stand on the bundle
        names, maxima = [q.name for q in bundle.questions], [q.points(False) + q.points(True) for q in bundle.questions]
        if bundle.survey_points:
            names, maxima = [*names, "survey"], [*maxima, bundle.survey_points]
        return cls(assignment, names, maxima, written)

    def merge_written(self, path, formgrader=None):
        """The written scores typed in ``path`` (``zoo written``'s CSV); where it has none, those given in
        formgrader (``formgrader``: the course's ``gradebook.db``)."""
        self.written_scores, self.problems = read_written_scores(path, self.written)
        if formgrader is not None and Path(formgrader).is_file() and self.written:
            given, problems = read_formgrader_scores(formgrader, self.assignment, self.written)
            self.problems += problems
            for student, per_question in given.items():
                typed = self.written_scores.setdefault(student, {})
                for question, score in per_question.items():
                    if typed.get(question, (None, ""))[0] is None:
                        typed[question] = score

    def flagged(self, results):
        """What the instructor must look at: grader failures (never the student's fault) and scores not merged."""
        lines = [f"{s}: the grader failed ({r['grader_error']}); grade this submission again or by hand"
                 for s, r in sorted(results.items()) if r.get("grader_error")]
        lines += [f"{s}: written scores for a student with no graded submission"
                  for s in sorted(set(self.written_scores) - set(results))]
        return lines + self.problems

    def autograded_scores(self, result):
        per = dict.fromkeys(self.autograded, 0.0)
        for q in result["questions"]:
            per[q["name"]] = per.get(q["name"], 0.0) + q["score"]
        return [per[q] for q in self.autograded]

    def row(self, student, result, submitted=None, due=None):
        """``(autograded scores, written scores or None, total, why zero)`` of one student."""
        auto = self.autograded_scores(result)
        written = [self.written_scores.get(student, {}).get(q, (None, ""))[0] for q in self.written]
        total = sum(auto) + sum(w for w in written if w is not None)
        reasons = []
        if result.get("malformed"):
            reasons.append(f"malformed: {result['malformed']}")
        elif result.get("grader_error"):
            reasons.append(f"grader error: {result['grader_error']}")
        else:
            reasons += [f"{q}: {question_reason(result, q)}" for q, score, most in
                        zip(self.autograded, auto, self.autograded_max) if score == 0 and most > 0]
        if due is not None and submitted is not None and submitted > due:
            reasons = [f"late: submitted {late_by(submitted - due)} after the due date (would score {total:g})"]
            auto, written, total = [0.0] * len(auto), [0.0 if w is not None else None for w in written], 0.0
        return auto, written, total, "; ".join(reasons)

    def write(self, out, results, times, due=None):
        """Write the gradebook CSV; return ``{student: [autograded scores..., their total]}`` for the report
        (as graded: how hard a question was does not depend on who was late)."""
        number = lambda value: "" if value is None else f"{value:g}"  # noqa: E731
        with open(out, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["student", *self.autograded, *self.written, "total", WHY_ZERO])
            maxima = [*self.autograded_max, *self.written.values()]
            writer.writerow([MAX_ROW, *map(number, maxima), number(sum(maxima)), ""])
            for student in sorted(results):
                auto, written, total, why = self.row(student, results[student], times.get(student), due)
                writer.writerow([student, *map(number, auto), *map(number, written), number(total), why])
        graded = {s: self.autograded_scores(r) for s, r in results.items()}
        return {s: [*scores, sum(scores)] for s, scores in graded.items()}
