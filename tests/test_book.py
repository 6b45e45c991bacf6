"""Tests of the course book (Jupyter Book 1 site).

The site is built once per test session into a temporary directory
(``jupyter-book build <root> --path-output <tmp>``), so ``_build/`` is left
alone; a clean build takes a few seconds because notebooks are never executed.
The rendering tests open every page in headless Chromium (``apt-get install -y
chromium``), served locally with every other host made unresolvable, through
book/browser.py, as a reader on a desktop and on a phone (390 px) would: MathJax
(vendored, no CDN) typesets every formula, no raw TeX is left, no page is wider
than the phone, and no request fails.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import once_per_run

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("book_browser", ROOT / "book" / "browser.py")
browser = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(browser)

COLAB_URL = (
    "https://colab.research.google.com/github/zoo-of-models/zoo-of-models/blob/main/"
    "release/otter/recurrent/recurrent.ipynb"
)
PAGES = {
    "index": "index.html",
    "intro": "book/intro.html",
    "recurrent": "book/recurrent.html",
    "otter": "release/otter/recurrent/recurrent.html",
    "nbgrader": "release/nbgrader/recurrent/recurrent.html",
}
NOTEBOOKS = {
    "otter": "release/otter/recurrent/recurrent.ipynb",
    "nbgrader": "release/nbgrader/recurrent/recurrent.ipynb",
}
CDN_RE = re.compile(
    r"cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|unpkg\.com|ajax\.googleapis\.com|"
    r"polyfill\.io|cdn\.mathjax\.org",
    re.I,
)
# Markers of instructor-only content (master notebooks, hidden tests).
INSTRUCTOR_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "ASSIGNMENT CONFIG", "BEGIN HIDDEN TESTS")


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def _read(site: Path, page: str) -> str:
    return (site / PAGES[page]).read_text(encoding="utf8")


class _Links(HTMLParser):
    """Collect (tag, attrs) of <a>, <img>, <script> and <link> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"a", "img", "script", "link"}:
            self.elements.append((tag, {k: v or "" for k, v in attrs}))


def _elements(text: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Links()
    parser.feed(text)
    return parser.elements


def _hrefs(text: str) -> list[str]:
    return [a["href"] for tag, a in _elements(text) if tag == "a" and "href" in a]


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def test_config_never_executes_and_excludes_instructor_files():
    cfg = _config()
    assert cfg["title"] == "A Zoo of Models"
    assert str(cfg["execute"]["execute_notebooks"]) in {"off", "False"}
    excluded = set(cfg["exclude_patterns"])
    for name in (".venv", "_build", "node_modules", "assignments", "autograder", "tests",
                 "bench", "zoo", "README.md"):
        assert name in excluded, f"{name} is not in exclude_patterns"
    assert cfg["only_build_toc_files"] is True
    toc = (ROOT / "_toc.yml").read_text()
    assert "assignments" not in toc


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


def _toc_chapters() -> list[dict]:
    """The entries of _toc.yml's "Chapters" part: a page with its two exercise pages as sections."""
    parts = yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"]
    return next(part["chapters"] for part in parts if part["caption"] == "Chapters")


def test_pages_exist(site):
    for name, page in PAGES.items():
        assert (site / page).is_file(), f"{name}: {page} was not built"
    intro = _read(site, "intro")
    for topic in ("Colab", "JupyterHub", "nbgrader"):
        assert topic in intro
    for chapter in _toc_chapters():
        assert (site / f"{chapter['file']}.html").is_file(), f"{chapter['file']} was not built"
        assert f'href="{Path(chapter["file"]).name}.html"' in intro, f"the intro does not link {chapter['file']}"
    for page in ("syllabus", "grading", "exercises", "notation", "references", "instructor", "license"):
        assert (site / "book" / f"{page}.html").is_file(), f"book/{page}.md was not built"


def test_no_cdn_and_local_mathjax(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(PAGES)
    for page in pages:
        text = page.read_text(encoding="utf8")
        hit = CDN_RE.search(text)
        assert hit is None, f"{page.relative_to(site)} references a CDN: {hit.group(0)}"
        # Every script, stylesheet and image is loaded from the site itself.
        for tag, attrs in _elements(text):
            url = attrs.get("src") if tag in {"script", "img"} else (
                attrs.get("href") if tag == "link" and attrs.get("rel") == "stylesheet" else None)
            if url:
                assert "://" not in url and not url.startswith("//"), (
                    f"{page.relative_to(site)} loads {url} from another host")
    recurrent = _read(site, "recurrent")
    scripts = [a["src"] for tag, a in _elements(recurrent) if tag == "script" and a.get("src")]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert mathjax, "the chapter page does not load MathJax"
    for src in mathjax:
        path = (site / PAGES["recurrent"]).parent / src.split("?")[0]
        assert path.resolve().is_file(), f"MathJax script {src} is not in the build"
    fonts = site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2"
    assert (fonts / "MathJax_Main-Regular.woff").is_file(), "MathJax fonts are not in the build"


def test_no_instructor_files_in_site(site):
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        assert not re.search(r"(^|/)(assignments|autograder|zoo|tests|bench|\.venv)(/|$)", rel), (
            f"{rel} should not be part of the site")
        if path.is_file() and path.suffix in {".html", ".ipynb", ".md", ".txt", ".js", ".py"}:
            if "_static" in path.parts:
                continue
            if path.stem == "instructor":  # the guide documents the markers; checked below
                continue
            text = path.read_text(encoding="utf8", errors="replace")
            for marker in INSTRUCTOR_MARKERS:
                assert marker not in text, f"{rel} contains {marker!r}: solutions leaked"
    # The instructor guide's example assignment must not be one the course grades.
    guide = html.unescape((site / "book" / "instructor.html").read_text())
    for name, questions in _masters().items():
        for q in questions:
            for line in _solution_block(q.solution):
                assert line not in guide, f"the instructor guide shows a line of {name}.{q.name}'s solution"


def _solution_block(solution: str) -> list[str]:
    """The lines of a solution that the student writes (25 characters or more: distinctive)."""
    body = solution.split("# ---- YOUR CODE", 1)[-1].split("# ---- END YOUR CODE", 1)[0]
    return [line.strip() for line in body.splitlines()[1:] if len(line.strip()) >= 25]


def test_recurrent_page_links(site):
    page = site / PAGES["recurrent"]
    text = page.read_text(encoding="utf8")
    hrefs = _hrefs(text)

    # Open in Colab: the otter flavour.
    assert COLAB_URL in hrefs, "the chapter does not link the Colab notebook"
    # JupyterHub: an nbgitpuller link to the nbgrader flavour on the configured hub.
    hub = _config()["launch_buttons"]["jupyterhub_url"].rstrip("/")
    hub_links = [h for h in hrefs if h.startswith(f"{hub}/hub/user-redirect/git-pull?")]
    assert hub_links, "the chapter does not link the JupyterHub (nbgitpuller) notebook"
    query = parse_qs(urlsplit(hub_links[0]).query)
    assert query["repo"] == ["https://github.com/zoo-of-models/zoo-of-models"]
    assert query["branch"] == ["main"]
    assert query["urlpath"][0].endswith("zoo-of-models/" + NOTEBOOKS["nbgrader"])
    assert "&amp;" not in html.unescape(text.split(hub)[1].split('"')[0]), "double-escaped link"

    # Downloads: both notebooks, copied into the site, byte for byte.
    downloads = [a["href"] for tag, a in _elements(text)
                 if tag == "a" and "download" in a.get("class", "").split()]
    assert len(downloads) >= 2, f"expected two download links, got {downloads}"
    found = {}
    for href in downloads:
        target = (page.parent / href).resolve()
        assert target.is_file(), f"download link {href} does not resolve in the build"
        json.loads(target.read_text(encoding="utf8"))  # a notebook, i.e. valid JSON
        for flavour, nb in NOTEBOOKS.items():
            if target.read_bytes() == (ROOT / nb).read_bytes():
                found[flavour] = href
    assert set(found) == set(NOTEBOOKS), f"download links do not match the notebooks: {found}"
    assert len(set(found.values())) == 2

    # Figures: present and copied into the site.
    images = [a["src"] for tag, a in _elements(text) if tag == "img"]
    figures = [s for s in images if s.endswith(".svg") and "open-" not in s]
    assert len(figures) >= 2, f"expected at least two figures, got {images}"
    for src in images:
        assert (page.parent / src).resolve().is_file(), f"image {src} missing from the build"


def test_launch_buttons_route_flavours(site):
    """Colab opens the otter flavour and JupyterHub the nbgrader one, on both pages."""
    hub = _config()["launch_buttons"]["jupyterhub_url"].rstrip("/")
    for flavour in NOTEBOOKS:
        hrefs = [html.unescape(h) for h in _hrefs(_read(site, flavour))]
        colab = [h for h in hrefs if h.startswith("https://colab.research.google.com/")]
        assert colab == [COLAB_URL], f"{flavour} page: Colab links {colab}"
        hubs = [h for h in hrefs if h.startswith(hub)]
        assert len(hubs) == 1, f"{flavour} page: JupyterHub links {hubs}"
        urlpath = parse_qs(urlsplit(hubs[0]).query)["urlpath"][0]
        assert urlpath.endswith(NOTEBOOKS["nbgrader"]), f"{flavour} page: hub opens {urlpath}"
        # The download button offers the page's own notebook.
        assert any(h.endswith(f"_sources/{NOTEBOOKS[flavour]}") for h in hrefs)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _normalise_svg(text: str) -> str:
    return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.1f}", text)


def test_figures_are_reproducible(tmp_path):
    script = ROOT / "book" / "figures" / "make_figures.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    made = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert len(made) >= 2
    for name in made:
        committed = ROOT / "book" / "figures" / name
        assert committed.exists(), f"book/figures/{name} is not committed"
        new, old = (tmp_path / name).read_text(), committed.read_text()
        if new != old:  # tolerate last-digit float noise from another BLAS
            assert _normalise_svg(new) == _normalise_svg(old), (
                f"book/figures/{name} is stale: run `python book/figures/make_figures.py`")


# ---------------------------------------------------------------------------
# The course pages, generated from the chapters and the masters
# ---------------------------------------------------------------------------


def _masters():
    from zoo.master import read_master

    chapters = [c["file"].split("/")[-1] for c in _toc_chapters()]
    return {name: read_master(name)[2] for name in chapters}


def _points(question) -> float:
    return question.points if question.manual else sum(points for _, points, _ in question.tests)


def _text(html_text: str) -> str:
    """The words of a page, one space apart (none before punctuation)."""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", html_text)))
    return re.sub(r" ([:,.;)])", r"\1", text)


def test_syllabus_and_grading_match_the_masters(site):
    syllabus = _text((site / "book" / "syllabus.html").read_text())
    grading = _text((site / "book" / "grading.html").read_text())
    total = 0
    for number, (name, questions) in enumerate(_masters().items(), start=1):
        code = sum(_points(q) for q in questions if not q.manual)
        written = sum(_points(q) for q in questions if q.manual)
        total += code + written
        assert re.search(rf"\b{number} [^|]*? {code:g} \+ {written:g}\b", syllabus), (
            f"the syllabus does not give chapter {number} ({name}) {code:g} + {written:g} points")
        assert f"assignment {name}: {code + written:g} points: {code:g} autograded" in grading
        for q in questions:
            kind = "by hand (written)" if q.manual else "autograded (code)"
            assert f"{q.name} {kind} {_points(q):g}" in grading, f"grading page: {name}.{q.name}"
    assert f"Total {sum(_chapter_hours())} {total:g}" in syllabus
    policies = _config()["course"]["policies"]
    for text in policies.values():
        assert " ".join(text.split())[:60] in grading, "the grading page does not show the course policies"


def _chapter_hours() -> list[int]:
    hours = []
    for chapter in _toc_chapters():
        text = (ROOT / f"{chapter['file']}.md").read_text()
        hours.append(yaml.safe_load(text.split("---\n")[1])["chapter"]["hours"])
    return hours


def test_exercise_index_links_every_question_to_its_section(site):
    page = site / "book" / "exercises.html"
    # Each row links a question's name: <a ... href="TARGET#ANCHOR"><span ...><code ...><span class="pre">NAME
    # (two chapters may name a question alike: a link counts for the chapter whose page it targets)
    links = {(href.split("#")[0].rsplit("/", 1)[-1].removesuffix(".html"), question): href
             for href, question in re.findall(
                 r'href="([^"]*release/otter/[^"]+)"[^>]*>(?:<span[^>]*>)?<code[^>]*><span class="pre">(\w+)</span>',
                 page.read_text())}
    for name, questions in _masters().items():
        for q in questions:
            href = links.get((name, q.name))
            assert href and href.split("#")[0].endswith(f"release/otter/{name}/{name}.html"), (
                f"the exercise index does not link {name}.{q.name} to its exercise page: {href}")
            target, anchor = href.split("#")
            target_html = (page.parent / target).resolve().read_text()
            assert f'id="{anchor}"' in target_html, f"{name}.{q.name} links to a missing anchor #{anchor}"


def test_chapters_have_overview_summary_and_further_reading(site):
    for chapter in _toc_chapters():
        text = _text((site / f"{chapter['file']}.html").read_text())
        for part in ("This chapter at a glance", "You will learn to", "Before you start", "Time. About",
                     "Summary", "Further reading"):
            assert part in text, f"{chapter['file']} has no {part!r}"


def test_citations_link_to_the_references_page(site):
    references = (site / "book" / "references.html").read_text()
    bib = (ROOT / "book" / "references.bib").read_text()
    keys = re.findall(r"@\w+\{(\w+),", bib)
    assert len(keys) >= 12
    for key in keys:
        entry = bib.split(f"{{{key},")[1].split("\n}")[0]
        assert "doi =" in entry or "arxiv.org" in entry or "url =" in entry, f"{key} has no DOI or link"
    assert references.count('class="citation') >= len(keys) or len(re.findall(r'id="id\d+"', references)) >= len(keys)
    cited = set()
    for chapter in _toc_chapters():
        source = (ROOT / f"{chapter['file']}.md").read_text()
        cited |= {k for group in re.findall(r"\{cite:[tp]\}`([^`]+)`", source) for k in group.split(",")}
        built = (site / f"{chapter['file']}.html").read_text()
        assert "references.html#" in built, f"{chapter['file']} cites nothing on the references page"
    assert cited <= set(keys), f"cited but not in references.bib: {cited - set(keys)}"
    for paper in ("hochreiter1997", "cho2014", "bahdanau2015", "luong2015", "vaswani2017", "dosovitskiy2021",
                  "he2022", "schroff2015", "olah2020", "raghu2021", "radford2019", "elliott2016"):
        assert paper in cited, f"{paper} is not cited by any chapter"


def test_titles_are_distinct_and_navigation_goes_chapter_by_chapter(site):
    titles = {}
    for page in browser.site_pages(site):
        found = re.search(r"<title>(.*?)</title>", (site / page).read_text(), re.S)
        if found is None:  # index.html: Jupyter Book's redirect to the intro
            assert 'http-equiv="Refresh"' in (site / page).read_text(), f"{page} has no title"
            continue
        titles.setdefault(html.unescape(found.group(1)).strip(), []).append(page)
    duplicates = {t: p for t, p in titles.items() if len(p) > 1}
    assert not duplicates, f"pages share a title: {duplicates}"
    # One search field, in the sidebar (pydata-sphinx-theme 0.17 adds another to the top bar).
    for page in browser.site_pages(site):
        text = (site / page).read_text()
        assert text.count('class="search-button-field') <= 1, f"{page} has two search bars"

    chapters = _toc_chapters()
    for i, chapter in enumerate(chapters):
        name = chapter["file"].split("/")[-1]
        order = [chapter["file"], f"release/otter/{name}/{name}", f"release/nbgrader/{name}/{name}"]
        order += [chapters[i + 1]["file"]] if i + 1 < len(chapters) else []
        for here, there in zip(order, order[1:]):
            text = (site / f"{here}.html").read_text()
            nxt = re.search(r'<a class="right-next"\s+href="([^"]+)"', text)
            assert nxt, f"{here} has no Next link"
            assert (site / here).parent.joinpath(nxt.group(1)).resolve() == (site / f"{there}.html").resolve(), (
                f"Next from {here} goes to {nxt.group(1)}, not {there}")
        for flavour, label in (("otter", "(Colab / Gradescope)"), ("nbgrader", "(JupyterHub / nbgrader)")):
            text = (site / f"release/{flavour}/{name}/{name}.html").read_text()
            h1 = _text(re.search(r'<h1><span class="section-number">(.*?)</h1>', text, re.S).group(1))
            assert h1.startswith(f"{i + 1}.") and "Exercise:" in h1 and label in h1, h1
            # The hidden setup cell is not on the page, so nothing comes before the title.
            assert "tag_zoo_setup" not in text and "Show code cell source" not in text.split("<h1>")[0]


def test_numbers_run_per_chapter(site):
    for number, chapter in enumerate(_toc_chapters(), start=1):
        text = _text((site / f"{chapter['file']}.html").read_text())
        assert f"{number}. " in text[:4000], f"{chapter['file']} has no chapter number"
        figures = re.findall(r"Fig\. (\d+)\.(\d+)", text)
        assert figures, f"{chapter['file']}: no numbered figure"
        assert {int(c) for c, _ in figures} == {number}, f"{chapter['file']}: figure numbers {figures}"
        assert ("1", "1") in {(n, k) for n, k in figures} or int(figures[0][1]) == 1
        equations = re.findall(r'class="eqno">\((\d+)\.(\d+)\)', (site / f"{chapter['file']}.html").read_text())
        assert not equations or {int(c) for c, _ in equations} == {number}, f"{chapter['file']}: {equations}"


def test_figures_open_full_size(site):
    """On a phone a figure shrinks to the column: every one is a link to its full-size image."""
    for chapter in _toc_chapters():
        page = site / f"{chapter['file']}.html"
        for figure in re.findall(r"<figure.*?</figure>", page.read_text(), re.S):
            link = re.search(r'<a class="reference internal image-reference" href="([^"]+)"', figure)
            assert link, f"{chapter['file']}: a figure is not a link to its image"
            assert (page.parent / link.group(1)).resolve().is_file()


def test_favicon_logo_index_and_mathjax_menu_files(site):
    intro = _read(site, "intro")
    icons = [a["href"] for tag, a in _elements(intro) if tag == "link" and "icon" in a.get("rel", "")]
    assert icons and all((site / "book" / href).resolve().is_file() for href in icons), icons
    logos = [a["src"] for tag, a in _elements(intro) if tag == "img" and "logo" in a.get("class", "")]
    assert logos and all((site / "book" / src).resolve().is_file() for src in logos), logos
    # The glossary's terms are the index: genindex is not empty.
    genindex = _text((site / "genindex.html").read_text())
    for term in ("Back-propagation through time", "Perplexity", "Triplet loss"):
        assert term in genindex, f"genindex lacks {term!r}"
    # What MathJax's accessibility menu loads on demand is vendored (tex-chtml-full's dependencies).
    mathjax = site / "_static" / "mathjax"
    for path in ("a11y/semantic-enrich.js", "a11y/sre.js", "a11y/explorer.js", "a11y/complexity.js",
                 "input/mml.js", "sre/mathmaps/en.json"):
        assert (mathjax / path).is_file(), f"_static/mathjax/{path} is not vendored"


# ---------------------------------------------------------------------------
# Rendering in a real browser, on a desktop and on a phone
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_reports(site, tmp_path_factory):
    """Every page read by Chromium at 1280 px and at 390 px, once for the run: ({width: {page: report}},
    failed requests)."""
    if browser.find_chromium() is None:
        pytest.fail("headless Chromium is required for this test: install it with "
                    "`apt-get install -y chromium` (Debian), then rerun.")

    def read(_):
        pages = browser.site_pages(site)
        reports, failed = {}, []
        for width in (1280, 390):
            reports[width], missing = browser.probe_site(site, pages, width)
            failed += missing
        return reports, failed

    reports, failed = once_per_run(tmp_path_factory, "chromium", read)
    return {int(width): by_page for width, by_page in reports.items()}, failed


def test_math_renders_offline_on_every_page(chromium_reports):
    reports, failed = chromium_reports
    assert not failed, f"requests the site cannot answer: {sorted(set(failed))}"
    for page, report in reports[1280].items():
        assert report["mathjax_errors"] == 0, f"{page}: MathJax reported TeX errors"
        assert not report["raw_tex"], f"{page}: raw TeX left in the text: {report['raw_tex']}"
    recurrent = reports[1280][PAGES["recurrent"]]
    n_display = (ROOT / "book" / "recurrent.md").read_text().count("$$") // 2
    assert recurrent["mathjax"] >= 20 + n_display, f"only {recurrent['mathjax']} formulas typeset on the chapter"


def test_no_page_is_wider_than_a_phone(chromium_reports):
    reports, _ = chromium_reports
    wide = {page: (r["page_width"], r["wide"][:3]) for page, r in reports[390].items()
            if r["page_width"] > r["viewport"]}
    assert not wide, f"pages wider than a 390 px phone (width, what sticks out): {wide}"
    for page, report in reports[390].items():
        assert not report["raw_tex"], f"{page} at 390 px: raw TeX {report['raw_tex']}"


def test_what_scrolls_on_a_phone_shows_that_it_does(chromium_reports):
    """An equation or a table wider than a phone scrolls in its own box with a shadow on the side where there
    is more: an equation cut off without one reads as a complete, wrong equation."""
    reports, _ = chromium_reports
    silent = {page: r["silent_scroll"] for page, r in reports[390].items() if r["silent_scroll"]}
    assert not silent, f"boxes that scroll at 390 px with no sign of it: {silent}"
