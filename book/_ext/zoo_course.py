"""Sphinx extension: the course pages of the book, generated from the chapters and the masters.

A chapter is a page of ``_toc.yml`` whose front matter has a ``chapter:`` block::

    ---
    chapter:
      assignment: recurrent          # assignments/<name>/<name>.ipynb, released to release/*/<name>/
      hours: 8                       # a student's time: reading, exercise, training
      prerequisites: [...]
      objectives: [...]
    ---

Adding a chapter's page and its ``_toc.yml`` entry is all it takes to get

* ``{chapter-overview}``: the box at the top of the chapter (objectives, prerequisites, time, what
  is graded);
* ``{syllabus}``: the chapters in order with their exercises, hours and points;
* ``{grading-overview}``: points per assignment and question, autograded or written, and the
  course policies (``course.policies`` in ``_config.yml``, the course's one settings file);
* ``{exercise-index}``: every graded question, with a link to its place in the exercise page.

Questions and points come from the masters (``zoo.master.read_master``); only names, points and
kinds reach the site, never a solution or a test. The extension also names the two exercise pages
of a chapter apart ("Exercise: ... (Colab / Gradescope)", "... (JupyterHub / nbgrader)") so that the
navigation and the search never show two pages with one title, and leaves the notebooks' hidden
setup cell (tag ``zoo_setup``) out of the pages: it only unpacks the checks and is noise on the site.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nbformat
import yaml
from docutils import nodes
from myst_parser.mdit_to_docutils.base import default_slugify
from sphinx.util.docutils import SphinxDirective

from zoo.master import master_path, read_master

FLAVOURS = {"otter": "Colab / Gradescope", "nbgrader": "JupyterHub / nbgrader"}
EXERCISE_PAGE = re.compile(r"release/(otter|nbgrader)/([^/]+)/\2$")


# ---------------------------------------------------------------------------
# What the course is made of
# ---------------------------------------------------------------------------


def toc_files(srcdir: Path) -> list[str]:
    """Every page of ``_toc.yml`` in reading order."""
    def walk(entry):
        if "file" in entry:
            yield entry["file"]
        for key in ("parts", "chapters", "sections"):
            for child in entry.get(key, []):
                yield from walk(child)
    toc = yaml.safe_load((srcdir / "_toc.yml").read_text())
    return [toc["root"], *walk(toc)]


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}


def chapters(srcdir: Path) -> list[dict]:
    """The chapters in reading order: their front matter's ``chapter:`` block, with ``doc``,
    ``number`` and ``title`` added."""
    found = []
    for doc in toc_files(srcdir):
        path = srcdir / f"{doc}.md"
        meta = front_matter(path).get("chapter") if path.is_file() else None
        if meta:
            title = next(line[2:].strip() for line in path.read_text().splitlines() if line.startswith("# "))
            found.append({**meta, "doc": doc, "number": len(found) + 1, "title": title, "path": path})
    return found


def questions(srcdir: Path, assignment: str) -> list[dict]:
    """The graded questions of an assignment: name, kind, points, public/hidden points, anchor."""
    master, release = master_path(assignment), release_notebook(srcdir, assignment)
    return read_questions(master, master.stat().st_mtime_ns, release, release.stat().st_mtime_ns)


@functools.lru_cache(maxsize=None)
def read_questions(master: Path, master_mtime: int, release: Path, release_mtime: int) -> list[dict]:
    """Parsed once per build, however many pages show the assignment (keyed by the files' times)."""
    _, _, found = read_master(master.stem)
    anchors = question_anchors(release)
    rows = []
    for q in found:
        public = sum(points for _, points, hidden in q.tests if not hidden)
        hidden = sum(points for _, points, hidden in q.tests if hidden)
        rows.append({"name": q.name, "kind": "written" if q.manual else "code",
                     "points": q.points if q.manual else public + hidden,
                     "public": public, "hidden": hidden, "anchor": anchors.get(q.name, "")})
    return rows


def question_anchors(notebook: Path) -> dict[str, str]:
    """For each question, the anchor of the heading its answer cell sits under in the Colab
    flavour of the exercise page (MyST's heading slugs, ``myst_heading_anchors``)."""
    nb = nbformat.read(notebook, as_version=4)
    anchors, heading, slugs = {}, "", set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"(#{1,3}) (.+)", line)
                if m:
                    slug = default_slugify(re.sub(r"[*_`$\\]", "", m.group(2)))
                    base, i = slug, 1
                    while slug in slugs:
                        slug, i = f"{base}-{i}", i + 1
                    slugs.add(slug)
                    heading = slug
        name = cell.metadata.get("zoo", {}).get("question")
        if name and name not in anchors:
            anchors[name] = heading
    return anchors


def release_notebook(srcdir: Path, assignment: str) -> Path:
    return srcdir / "release" / "otter" / assignment / f"{assignment}.ipynb"


def exercise_link(doc: str, assignment: str, anchor: str = "") -> str:
    """A MyST link target from page ``doc`` to the Colab flavour of the exercise."""
    depth = doc.count("/")
    return "../" * depth + f"release/otter/{assignment}/{assignment}.ipynb" + (f"#{anchor}" if anchor else "")


def page_link(doc: str, target: str) -> str:
    return "../" * doc.count("/") + f"{target}.md"


def points(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------------------
# Directives: each writes MyST Markdown and parses it in place
# ---------------------------------------------------------------------------


class CourseDirective(SphinxDirective):
    has_content = False

    def markdown(self) -> str:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.srcdir)
        self.env.note_dependency(str(srcdir / "_toc.yml"))
        self.env.note_dependency(str(srcdir / "_config.yml"))
        container = nodes.container(classes=["zoo-course"])
        self.state.nested_parse(self.markdown().splitlines(), self.content_offset, container)
        return [container]

    def depend_on(self, assignment: str) -> list[dict]:
        """The assignment's questions; rebuild this page when its master or release changes."""
        srcdir = Path(self.env.srcdir)
        self.env.note_dependency(str(master_path(assignment)))
        self.env.note_dependency(str(release_notebook(srcdir, assignment)))
        return questions(srcdir, assignment)

    def chapters(self) -> list[dict]:
        found = chapters(Path(self.env.srcdir))
        for chapter in found:
            self.env.note_dependency(str(chapter["path"]))
        return found

    def policies(self) -> dict:
        settings = yaml.safe_load((Path(self.env.srcdir) / "_config.yml").read_text()) or {}
        return (settings.get("course") or {}).get("policies") or {}


def graded_summary(rows: list[dict]) -> str:
    code = sum(r["points"] for r in rows if r["kind"] == "code")
    written = sum(r["points"] for r in rows if r["kind"] == "written")
    return (f"{points(code + written)} points: {points(code)} autograded "
            f"({sum(r['kind'] == 'code' for r in rows)} code questions), "
            f"{points(written)} graded by hand ({sum(r['kind'] == 'written' for r in rows)} written)")


class ChapterOverview(CourseDirective):
    """The box at the top of a chapter, from its front matter."""

    def markdown(self) -> str:
        path = Path(self.env.doc2path(self.env.docname))
        meta = front_matter(path)["chapter"]
        rows = self.depend_on(meta["assignment"])
        lines = [":::{admonition} This chapter at a glance", ":class: seealso", "",
                 "**You will learn to**", ""]
        lines += [f"- {item}" for item in meta["objectives"]]
        lines += ["", "**Before you start**", ""]
        lines += [f"- {item}" for item in meta["prerequisites"]]
        link = exercise_link(self.env.docname, meta["assignment"])
        lines += ["", f"**Time.** About {meta['hours']} hours: reading the chapter, the "
                  f"[exercise]({link}) and its training runs.", "",
                  f"**Graded.** {graded_summary(rows)}; every question is listed in the "
                  f"[index of exercises]({page_link(self.env.docname, 'book/exercises')}).", ":::"]
        return "\n".join(lines)


class Syllabus(CourseDirective):
    def markdown(self) -> str:
        lines = ["| # | Chapter | You build (exercise questions) | Hours | Points (code + written) |",
                 "| --- | --- | --- | --- | --- |"]
        total_hours = total_points = 0
        for ch in self.chapters():
            rows = self.depend_on(ch["assignment"])
            code = sum(r["points"] for r in rows if r["kind"] == "code")
            written = sum(r["points"] for r in rows if r["kind"] == "written")
            built = ", ".join(f"`{r['name']}`" for r in rows)
            lines.append(f"| {ch['number']} | [{ch['title']}]({page_link(self.env.docname, ch['doc'])}) | "
                         f"{built} | {ch['hours']} | {points(code)} + {points(written)} |")
            total_hours += ch["hours"]
            total_points += code + written
        lines.append(f"| | **Total** | | **{total_hours}** | **{points(total_points)}** |")
        return "\n".join(lines)


class GradingOverview(CourseDirective):
    def markdown(self) -> str:
        lines = []
        for ch in self.chapters():
            rows = self.depend_on(ch["assignment"])
            lines += [f"**{ch['number']}. {ch['title']}**, assignment `{ch['assignment']}`: "
                      f"{graded_summary(rows)}.", "",
                      "| Question | Graded | Points | of which in hidden tests |", "| --- | --- | --- | --- |"]
            for r in rows:
                graded = "by hand (written)" if r["kind"] == "written" else "autograded (code)"
                hidden = points(r["hidden"]) if r["kind"] == "code" else "–"
                lines.append(f"| `{r['name']}` | {graded} | {points(r['points'])} | {hidden} |")
            lines.append("")
        return "\n".join(lines)


class Policies(CourseDirective):
    """The course's policies, as set in ``course.policies`` of ``_config.yml``."""

    def markdown(self) -> str:
        policies = self.policies()
        return "\n".join(f"**{name.replace('_', ' ').capitalize()}.** {text.strip()}\n"
                         for name, text in policies.items())


class ExerciseIndex(CourseDirective):
    def markdown(self) -> str:
        lines = ["| Chapter | Question | Type | Points |", "| --- | --- | --- | --- |"]
        for ch in self.chapters():
            for r in self.depend_on(ch["assignment"]):
                link = exercise_link(self.env.docname, ch["assignment"], r["anchor"])
                lines.append(f"| {ch['number']}. {ch['title']} | [`{r['name']}`]({link}) | {r['kind']} | "
                             f"{points(r['points'])} |")
        return "\n".join(lines)


# ---------------------------------------------------------------------------
# Exercise pages
# ---------------------------------------------------------------------------


def name_exercise_pages(app, doctree: nodes.document) -> None:
    """Give an exercise page a title of its own: "Exercise: <title> (<flavour>)"."""
    m = EXERCISE_PAGE.match(app.env.docname)
    if not m:
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    if title is not None:
        text = f"Exercise: {title.astext()} ({FLAVOURS[m.group(1)]})"
        title.children = [nodes.Text(text)]


def drop_setup_cells(app, doctree: nodes.document) -> None:
    for cell in list(doctree.findall(nodes.container)):
        if "tag_zoo_setup" in cell.get("classes", []):
            cell.parent.remove(cell)


def setup(app):
    app.add_directive("chapter-overview", ChapterOverview)
    app.add_directive("syllabus", Syllabus)
    app.add_directive("grading-overview", GradingOverview)
    app.add_directive("course-policies", Policies)
    app.add_directive("exercise-index", ExerciseIndex)
    # Before Sphinx's title collector (priority 500) records the page titles.
    app.connect("doctree-read", name_exercise_pages, priority=400)
    app.connect("doctree-read", drop_setup_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
