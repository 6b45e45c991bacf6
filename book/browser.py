"""Read built book pages in headless Chromium, as a reader would: screenshots and a probe.

    .venv/bin/jupyter-book build .                              # the site, into _build/html
    .venv/bin/python book/browser.py shot intro=book/intro.html --size 390,2400
    .venv/bin/python book/browser.py probe --width 390          # every page: raw TeX, overflow, 404s

The site is served by a local server on 127.0.0.1 that records every request it cannot answer, and
Chromium runs with every other host unresolvable, so what it shows is what a reader without
internet access sees (MathJax is vendored, see ``_config.yml``). The probe adds a script to each
page that waits for MathJax, then reports, in the dumped DOM, the raw TeX delimiters left in the
text outside code and math, and the elements that stick out of the viewport. tests/test_book.py
uses the same functions. Chromium: ``apt-get install -y chromium``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Only the local server can be reached: any CDN request would fail.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PAGE_BUDGET_MS = 15000  # virtual time for a page to load and typeset (it runs faster than the clock when idle)

# Runs once MathJax has typeset the page. Text inside code, math and scripts is not prose; an element
# that sticks out counts only if the page itself scrolls with it (not inside a box that scrolls).
PROBE_JS = r"""
<script>
(function () {
  function report() {
    var skip = "CODE, PRE, KBD, SAMP, SCRIPT, STYLE, TEXTAREA, MJX-CONTAINER, MJX-ASSISTIVE-MML";
    var raw = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode, text = node.nodeValue;
      if (!/\$|\\\(|\\\[/.test(text) || node.parentElement.closest(skip)) continue;
      raw.push(text.trim().slice(0, 120));
    }
    var width = window.innerWidth, wide = [];
    document.querySelectorAll("body *").forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.right <= width + 1 || box.width === 0 || el.closest("mjx-assistive-mml")) return;
      if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return;
      for (var up = el.parentElement; up; up = up.parentElement) {
        var style = getComputedStyle(up);
        if (/(auto|scroll|hidden|clip)/.test(style.overflowX) && up.getBoundingClientRect().right <= width + 1) return;
      }
      var classes = typeof el.className === "string" && el.className ? "." + el.className.split(" ").join(".") : "";
      wide.push(el.tagName.toLowerCase() + classes + " right=" + Math.round(box.right));
    });
    // what scrolls must say so: an equation or table box that scrolls needs the shadow (book/_static/zoo.css)
    var silent = [];
    document.querySelectorAll('mjx-container[display="true"], div.pst-scrollable-table-container, div.cell_output')
      .forEach(function (el) {
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).backgroundImage.indexOf("gradient") < 0)
          silent.push(el.tagName.toLowerCase() + ": " + el.textContent.trim().slice(0, 60));
      });
    var out = document.createElement("pre");
    out.id = "zoo-probe";
    out.textContent = JSON.stringify({
      title: document.title, mathjax: document.querySelectorAll("mjx-container").length,
      mathjax_errors: document.querySelectorAll("mjx-merror, [data-mjx-error]").length,
      raw_tex: raw, viewport: width, page_width: document.documentElement.scrollWidth, wide: wide.slice(0, 10),
      silent_scroll: silent.slice(0, 10)});
    (window.parent || window).document.body.appendChild(out);
  }
  window.addEventListener("load", function () {
    var ready = window.MathJax && MathJax.startup && MathJax.startup.promise;
    (ready || Promise.resolve()).then(function () { setTimeout(report, 300); });
  });
})();
</script>
"""


# Headless Chromium will not make a window narrower than 500 px; a phone's viewport is a frame of
# that width (media queries and layout follow the frame's width, as on the phone).
FRAME = "/__zoo_frame.html"
FRAME_HTML = ('<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body style="margin:0">'
              '<iframe src="{src}" style="border:0;width:{width}px;height:100vh"></iframe></body></html>')


# One Chromium reads many pages: a driver page loads each in a frame of the viewport's width, in turn, and
# collects the report the probe writes into it (starting Chromium costs more than reading a page).
BATCH = "/__zoo_batch.html"
BATCH_HTML = """<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head><body style="margin:0"><script>
var pages = {pages}, width = {width}, reports = {{}}, next = 0, frame = null;
function load() {{
  if (next === pages.length) {{
    var out = document.createElement("pre");
    out.id = "zoo-batch";
    out.textContent = JSON.stringify(reports);
    document.body.appendChild(out);
    return;
  }}
  frame = document.createElement("iframe");
  frame.style.cssText = "border:0;height:1000px;width:" + width + "px";
  frame.src = pages[next];
  document.body.appendChild(frame);
  wait();
}}
function wait() {{
  var report = document.getElementById("zoo-probe");
  if (!report) {{ setTimeout(wait, 100); return; }}
  reports[pages[next]] = JSON.parse(report.textContent);
  report.remove();
  frame.remove();
  next += 1;
  load();
}}
load();
</script></body></html>"""


def page_url(base: str, path: str, width: int) -> str:
    """The URL that shows ``path`` in a viewport ``width`` px wide."""
    return f"{base}{FRAME}?{urlencode({'src': '/' + path, 'width': width})}"


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


class _Handler(SimpleHTTPRequestHandler):
    """Serves the site; adds the probe to pages when asked; records what it could not serve."""

    probe = False
    missing: list[str]

    def send_error(self, code, message=None, explain=None):
        self.missing.append(f"{code} {self.path}")
        super().send_error(code, message, explain)

    def do_GET(self):
        path = self.translate_path(self.path)
        if self.path.startswith(FRAME):
            query = parse_qs(urlsplit(self.path).query)
            body = FRAME_HTML.format(src=html.escape(query["src"][0]), width=int(query["width"][0])).encode()
        elif self.path.startswith(BATCH):
            query = parse_qs(urlsplit(self.path).query)
            pages = json.dumps(["/" + p for p in query["page"]]).replace("</", "<\\/")
            body = BATCH_HTML.format(pages=pages, width=int(query["width"][0])).encode()
        elif self.probe and path.endswith(".html") and os.path.isfile(path):
            body = Path(path).read_bytes().replace(b"</body>", PROBE_JS.encode() + b"</body>")
        else:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path, probe: bool = False):
    """Serve ``directory`` on 127.0.0.1; yield (base URL, list of failed requests)."""
    missing: list[str] = []
    handler = type("Handler", (_Handler,), {"probe": probe, "missing": missing})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", missing
    finally:
        server.shutdown()
        server.server_close()


def chromium_run(chromium: str, url: str, size: str, *action: str, pages: int = 1) -> str:
    with tempfile.TemporaryDirectory(prefix="zoo-chromium-") as profile:
        proc = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--virtual-time-budget={PAGE_BUDGET_MS * pages}",
                               f"--user-data-dir={profile}", f"--window-size={size}", *action, url],
                              capture_output=True, text=True, timeout=180, env={**os.environ, "TZ": "UTC"})
    if proc.returncode != 0:
        raise RuntimeError(f"chromium failed on {url}:\n{proc.stderr[-2000:]}")
    return proc.stdout


def screenshot(chromium: str, base: str, path: str, out: Path, width: int, height: int) -> None:
    """A PNG of ``path`` as a ``width`` x ``height`` px viewport shows it."""
    from PIL import Image  # matplotlib's dependency

    chromium_run(chromium, page_url(base, path, width), f"{max(width, 500)},{height}", f"--screenshot={out}")
    with Image.open(out) as image:
        image.crop((0, 0, width, height)).save(out)


def probe_pages(chromium: str, base: str, pages: list[str], width: int = 1280) -> dict:
    """What a reader's browser shows on each of ``pages`` at ``width`` px (see PROBE_JS), read by one Chromium."""
    url = f"{base}{BATCH}?{urlencode({'width': width, 'page': pages}, doseq=True)}"
    dom = chromium_run(chromium, url, f"{max(width, 500)},1000", "--dump-dom", pages=len(pages))
    found = re.search(r'<pre id="zoo-batch"[^>]*>(.*?)</pre>', dom, re.S)
    reports = json.loads(html.unescape(found.group(1))) if found else {}
    silent = [page for page in pages if "/" + page not in reports]
    if silent:
        raise RuntimeError(f"the probe did not report on {silent[0]} (MathJax never finished?)")
    return {page: reports["/" + page] for page in pages}


def probe_site(html_dir: Path, pages: list[str], width: int, jobs: int = 2) -> tuple[dict, list[str]]:
    """Probe every page of the site, ``jobs`` Chromiums side by side; return ({page: report}, failed requests)."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("chromium not found: install it with `apt-get install -y chromium`")
    with serve(html_dir, probe=True) as (base, missing):
        with ThreadPoolExecutor(jobs) as pool:
            shares = [pages[i::jobs] for i in range(jobs) if pages[i::jobs]]
            reports = {}
            for share in pool.map(lambda share: probe_pages(chromium, base, share, width), shares):
                reports.update(share)
    return {page: reports[page] for page in pages}, missing


def site_pages(html_dir: Path) -> list[str]:
    """Every reader-facing page of the built site (not Sphinx's search page or the downloads)."""
    return sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html")
                  if not p.relative_to(html_dir).parts[0].startswith("_") and p.name != "search.html")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["shot", "probe"])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("--size", default="1280,2000", help="window size W,H (shot)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width (probe)")
    parser.add_argument("pages", nargs="*", help="shot: NAME=PATH; probe: PATH (default: every page)")
    args = parser.parse_intermixed_args(argv)
    if not (args.html / "index.html").exists():
        sys.exit(f"{args.html} has no index.html: build the book first (jupyter-book build .)")
    if args.command == "probe":
        reports, missing = probe_site(args.html, args.pages or site_pages(args.html), args.width)
        for page, report in reports.items():
            print(page, json.dumps(report))
        print("failed requests:", sorted(set(missing)))
        return
    chromium = find_chromium() or sys.exit("chromium not found: `apt-get install -y chromium`")
    args.out.mkdir(parents=True, exist_ok=True)
    pages = dict(p.split("=", 1) for p in args.pages) if args.pages else {"recurrent": "book/recurrent.html"}
    with serve(args.html) as (base, _):
        for name, path in pages.items():
            out = args.out / f"{name}.png"
            screenshot(chromium, base, path, out, *map(int, args.size.split(",")))
            print(f"wrote {out}")


if __name__ == "__main__":
    main()
