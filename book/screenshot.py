"""Screenshot built book pages with headless Chromium (for a visual check).

    .venv/bin/jupyter-book build .          # first build the site into _build/html
    .venv/bin/python book/screenshot.py     # then: _build/screenshots/recurrent.png

The site is served from a local ``python -m http.server`` on a free port, and
Chromium runs with every external host unresolvable, so the screenshots show
what a reader without internet access sees (MathJax is vendored, see
``_config.yml``).  Chromium: ``apt-get install -y chromium``.

Options: ``--html DIR`` (default ``_build/html``), ``--out DIR`` (default
``_build/screenshots``), ``--size W,H`` (default ``1280,2000``; use e.g.
``1280,9000`` to capture a whole chapter), and page specs ``NAME=PATH`` to
screenshot other pages, e.g. ``intro=book/intro.html``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = {"recurrent": "book/recurrent.html"}

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
    "--virtual-time-budget=10000",
]


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    sys.exit("chromium not found: install it with `apt-get install -y chromium`")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1; yield the base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the local http.server did not start")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def screenshot(chromium: str, url: str, out: Path, size: str = "1280,2000") -> None:
    with tempfile.TemporaryDirectory(prefix="zoo-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
               f"--window-size={size}", f"--screenshot={out}", url]
        subprocess.run(cmd, check=True, timeout=120, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env={**os.environ, "TZ": "UTC"})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "screenshots")
    parser.add_argument("--size", default="1280,2000", help="window size W,H")
    parser.add_argument("pages", nargs="*", help="NAME=PATH (default: recurrent=book/recurrent.html)")
    args = parser.parse_args(argv)

    pages = dict(p.split("=", 1) for p in args.pages) if args.pages else PAGES
    if not (args.html / "index.html").exists():
        sys.exit(f"{args.html} has no index.html: build the book first (jupyter-book build .)")
    chromium = find_chromium()
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.html) as base:
        for name, path in pages.items():
            out = args.out / f"{name}.png"
            screenshot(chromium, f"{base}/{path}", out, args.size)
            print(f"wrote {out}")


if __name__ == "__main__":
    main()
