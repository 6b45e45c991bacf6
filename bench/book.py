"""How long the book takes to build: clean, and again when nothing changed (`make book` does the second).

    .venv/bin/python bench/book.py [--runs 3]

Each run builds the site into a fresh temporary folder (``jupyter-book build . --path-output DIR``,
so ``_build/`` is left alone), then builds it again into the same folder, where Sphinx reuses its
saved environment and rewrites nothing. Prints the median over the runs of the wall-clock time and
of the CPU time (user + system of the build and its children): on a machine shared with other jobs
the wall clock also measures the others, the CPU time does not. The targets are 60 s clean and
10 s unchanged (issue 19).
"""
import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")


def timed_build(out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``jupyter-book build`` into ``out``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(JUPYTER_BOOK), "build", str(ROOT), "--path-output", str(out), "--quiet"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clean, unchanged = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="zoo-book-") as out:
            clean.append(timed_build(Path(out)))
            unchanged.append(timed_build(Path(out)))
    pages = len(list(ROOT.glob("book/*.md"))) + 2 * len(list(ROOT.glob("release/otter/*/*.ipynb")))
    print(f"book build, {pages} pages, median of {args.runs} runs:")
    for label, runs, target in (("clean", clean, 60), ("nothing changed", unchanged, 10)):
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"  {label:16} {wall:6.1f} s wall, {cpu:6.1f} s CPU   (target < {target} s; runs: "
              + ", ".join(f"{w:.1f}" for w, _ in runs) + " s wall)")


if __name__ == "__main__":
    main()
