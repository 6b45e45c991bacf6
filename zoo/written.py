"""``zoo written``: the written (hand-graded) questions of a batch, read question by question.

For each written question of the master, one page holds the question, its word limit, the rubric and
the model answer from the master, then every student's answer (with its word count, an over-limit
flag and the figures pasted into the answer cell). Scores and comments are typed into ``scores.csv``
beside the pages; ``zoo grade-all`` merges them into the gradebook and ``zoo feedback`` shows the
comments to the students. Running ``zoo written`` again adds new students and keeps what was typed.
"""
import ast
import csv
import html
from dataclasses import dataclass
from pathlib import Path

import yaml

from zoo.check import ANSWER_PLACEHOLDERS
from zoo.grading.batch import find_submissions
from zoo.grading.gradebook import comment_column, read_written_scores, scores_header
from zoo.grading.pages import markdown, page
from zoo.grading.submission import BadSubmission, read_submission, source_of
from zoo.master import marker, read_master


@dataclass
class WrittenQuestion:
    name: str
    points: float
    prompt: str  # the question's text in the master (markdown)
    model_answer: str
    rubric: str = ""  # ``rubric:`` under BEGIN QUESTION, for the graders
    word_limit: int = None


def word_limits(nb):
    """``{question: words}`` as the master passes them to ``zoo_check.check_word_limits`` (a dict
    literal, or a name bound to one in the same cell)."""
    limits = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or "check_word_limits" not in cell.source:
            continue
        tree = ast.parse(cell.source)
        named = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name)}
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", None)) == "check_word_limits":
                given = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "limits"), None)
                given = named.get(given.id, given) if isinstance(given, ast.Name) else given
                limits.update(ast.literal_eval(given) if given is not None else {})
    return limits


def written_questions(assignment):
    """The master's written questions, in its order, with what the graders need to see."""
    nb, _, questions = read_master(assignment)
    limits = word_limits(nb)
    found, current, in_solution = [], None, False
    manual = {q.name: q for q in questions if q.manual}
    for cell in nb.cells:
        m = marker(cell)
        if m == "BEGIN QUESTION":
            config = yaml.safe_load(cell.source.split("\n", 1)[1]) or {}
            question = manual.get(config.get("name"))
            current = question and WrittenQuestion(question.name, float(question.points), "", question.solution,
                                                   str(config.get("rubric") or "").strip(), limits.get(question.name))
            if current:
                found.append(current)
        elif m == "END QUESTION":
            current = None
        elif m in ("BEGIN SOLUTION", "END SOLUTION"):
            in_solution = m == "BEGIN SOLUTION"
        elif current and cell.cell_type == "markdown" and not in_solution:
            current.prompt += cell.source + "\n\n"
    return found


def count_words(text):
    """Words as the student's own check counts them (``zoo_check.check_word_limits``)."""
    return 0 if text.strip() in ANSWER_PLACEHOLDERS else len(text.split())


def answer_cell(nb, question):
    """The student's answer cell of ``question``: by ``metadata.zoo.question``, or nbgrader's ``grade_id``."""
    for cell in nb.cells:
        metadata = cell.get("metadata", {})
        if (metadata.get("zoo") or {}).get("question") == question or \
                (metadata.get("nbgrader") or {}).get("grade_id") == question:
            return cell
    return None


def answer_html(cell, folder, problem=None):
    if problem:
        return f'<p class="empty">the submission could not be read: {html.escape(problem)}</p>'
    if cell is None:
        return '<p class="empty">no answer cell for this question in the notebook</p>'
    text = source_of(cell)
    if count_words(text) == 0:
        return '<p class="empty">not answered</p>'
    return markdown(text, cell.get("attachments"), folder)


def question_page(assignment, question, answers, scores):
    """One question's page: the master's part, then every student's answer."""
    limit = f", at most {question.word_limit} words" if question.word_limit else ""
    parts = [f"<h1>{html.escape(assignment)}: {html.escape(question.name)}</h1>",
             f'<p class="meta">{question.points:g} points{limit}; {len(answers)} students. Type scores and '
             "comments into <code>scores.csv</code> beside this page.</p>",
             f'<div class="box master"><h2>Question</h2>{markdown(question.prompt)}',
             f"<h2>Rubric</h2>{markdown(question.rubric)}" if question.rubric else
             '<p class="meta">(No rubric in the master: add <code>rubric: |</code> under its BEGIN QUESTION.)</p>',
             f"<h2>Model answer</h2>{markdown(question.model_answer)}</div>"]
    for student, (cell, folder, problem) in answers.items():
        words = count_words(source_of(cell)) if cell is not None else 0
        over = question.word_limit and words > question.word_limit
        flag = f' <span class="over">over the limit of {question.word_limit}</span>' if over else ""
        score, comment = scores.get(student, {}).get(question.name, (None, ""))
        graded = f"; scored {score:g} / {question.points:g}" if score is not None else ""
        parts += [f'<h2 id="{html.escape(student)}">{html.escape(student)}</h2>',
                  f'<p class="meta">{words} words{flag}{graded}</p>', answer_html(cell, folder, problem)]
        if comment:
            parts.append(f'<p class="meta">comment: {html.escape(comment)}</p>')
    return page(f"{assignment}: {question.name}", "\n".join(parts))


def write_scores_sheet(path, questions, students):
    """``scores.csv`` with a row per student; scores and comments already typed are kept."""
    typed, _ = read_written_scores(path, {q.name: q.points for q in questions})
    raw = {}
    if path.is_file():  # the typed text as it is (a score not yet valid is the grader's to fix, not ours to drop)
        with open(path, newline="") as f:
            raw = {row["student"]: row for row in csv.DictReader(f) if row.get("student")}
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(scores_header([q.name for q in questions]))
        for student in sorted(set(students) | set(raw)):
            row = raw.get(student, {})
            writer.writerow([student, *(row.get(c, "") for q in questions for c in (q.name, comment_column(q.name)))])
    return typed


def write_written(folder, assignment, out=None):
    """Write the pages and the scores sheet of ``assignment``'s written questions; return the out folder."""
    out = Path(out or f"written_{assignment}")
    out.mkdir(parents=True, exist_ok=True)
    questions = written_questions(assignment)
    notebooks = {}
    for student, path in find_submissions(folder, assignment).items():
        try:
            # image files beside the notebook count only in a student's own folder (nbgrader, Gradescope)
            notebooks[student] = (read_submission(path, assignment), path if Path(path).is_dir() else None, None)
        except BadSubmission as e:
            notebooks[student] = (None, None, str(e))
    scores = write_scores_sheet(out / "scores.csv", questions, notebooks)
    links = []
    for question in questions:
        answers = {s: (answer_cell(nb, question.name) if nb else None, where, problem)
                   for s, (nb, where, problem) in sorted(notebooks.items())}
        (out / f"{question.name}.html").write_text(question_page(assignment, question, answers, scores))
        links.append(f'<li><a href="{question.name}.html">{html.escape(question.name)}</a> ({question.points:g} points)</li>')
    index = (f"<h1>{html.escape(assignment)}: written questions</h1><ul>{''.join(links)}</ul>"
             f"<p>{len(notebooks)} submissions. Scores and comments: <code>scores.csv</code>.</p>")
    (out / "index.html").write_text(page(f"{assignment}: written questions", index))
    return out, questions, notebooks
