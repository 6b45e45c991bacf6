"""Tests of the course book (Jupyter Book 1 site).

The site is built once per test session into a temporary directory
(``jupyter-book build <root> --path-output <tmp>``), so ``_build/`` is left
alone; a clean build takes a few seconds because notebooks are never executed.
The rendering test opens the chapter in headless Chromium (``apt-get install -y
chromium``) served from a local ``http.server``, with every other host made
unresolvable, and checks that MathJax (vendored, no CDN) typeset the page.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

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


def _jupyter_book() -> list[str]:
    exe = Path(sys.executable).with_name("jupyter-book")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("jupyter-book")
    if found:
        return [found]
    pytest.fail("jupyter-book not found: install requirements.txt (jupyter-book==1.0.4.post1)")


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """Build the book into a temporary directory; return its ``html`` folder."""
    out = tmp_path_factory.mktemp("book")
    for nb in NOTEBOOKS.values():
        assert (ROOT / nb).exists(), f"{nb} is missing: run the release first"
    proc = subprocess.run(
        [*_jupyter_book(), "build", str(ROOT), "--path-output", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"jupyter-book build failed:\n{log[-5000:]}"
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert not warnings, "the book build has warnings:\n" + "\n".join(warnings)
    html_dir = out / "_build" / "html"
    assert (html_dir / "index.html").exists(), log[-3000:]
    return html_dir


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


def test_pages_exist(site):
    for name, page in PAGES.items():
        assert (site / page).is_file(), f"{name}: {page} was not built"
    intro = _read(site, "intro")
    for topic in ("Colab", "JupyterHub", "nbgrader"):
        assert topic in intro
    for chapter in yaml.safe_load((ROOT / "_toc.yml").read_text())["chapters"]:
        assert (site / f"{chapter['file']}.html").is_file(), f"{chapter['file']} was not built"
        assert f'href="{Path(chapter["file"]).name}.html"' in intro, f"the intro does not link {chapter['file']}"


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
            text = path.read_text(encoding="utf8", errors="replace")
            for marker in INSTRUCTOR_MARKERS:
                assert marker not in text, f"{rel} contains {marker!r}: solutions leaked"


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
# Rendering in a real browser
# ---------------------------------------------------------------------------


def _chromium() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("headless Chromium is required for this test: install it with "
                "`apt-get install -y chromium` (Debian), then rerun.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Text(HTMLParser):
    """Text of a DOM dump outside <script>, <style> and MathJax output."""

    SKIP = {"script", "style", "mjx-container"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.mjx = 0
        self.errors = 0

    def handle_starttag(self, tag, attrs):
        if tag == "mjx-container":
            self.mjx += 1
        if tag == "mjx-merror" or any(k == "data-mjx-error" for k, _ in attrs):
            self.errors += 1
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def test_math_renders_offline_in_chromium(site):
    chromium = _chromium()
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "http.server failed"
                time.sleep(0.05)
        with tempfile.TemporaryDirectory(prefix="zoo-chromium-") as profile:
            proc = subprocess.run(
                [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                 # nothing but the local server is reachable: a CDN request would fail
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--virtual-time-budget=10000", "--dump-dom",
                 urljoin(f"http://127.0.0.1:{port}/", PAGES["recurrent"])],
                capture_output=True, text=True, timeout=180,
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    dom = proc.stdout
    assert proc.returncode == 0 and "<html" in dom, f"chromium failed:\n{proc.stderr[-3000:]}"

    parser = _Text()
    parser.feed(dom)
    text = "".join(parser.parts)
    source = (ROOT / "book" / "recurrent.md").read_text()
    n_display = source.count("$$") // 2
    assert parser.mjx >= 20 + n_display, f"only {parser.mjx} mjx-container elements: MathJax did not run"
    assert 'display="true"' in dom, "no display equation was typeset"
    assert parser.errors == 0, "MathJax reported TeX errors"
    assert "$$" not in text, "raw $$ TeX left in the page"
    for delim in ("\\[", "\\(", "\\begin{aligned}", "\\frac"):
        assert delim not in text, f"raw TeX {delim!r} left in the page"
