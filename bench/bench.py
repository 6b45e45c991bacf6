"""Timings of the instructor's pipeline against the targets of issue 13, as medians over several runs.

    .venv/bin/python bench/bench.py [--assignment recurrent] [--runs 5]

Prints the median wall-clock time and, for the releases, CPU time (user + system, children included) of:

- ``zoo release NAME`` with nothing changed (target < 1 s): the content hash answers, nothing is re-run;
- ``zoo release NAME`` after an edit of the master (target < 5 s), in a scratch copy of the course: a line added
  to a markdown cell (the stored values and the solution check are reused: nothing graded changed) and a
  comment added to a code cell (everything is rebuilt); ``--force``; and where one full build spends its
  time: otter assign, recording the expected values, the solution check, nbgrader generate (they overlap);
- the release part of ``make`` with nothing changed: ``zoo release`` of every assignment, all up to date
  (``make`` in all: < 15 s together with bench/book.py's "nothing changed" build). It is skipped, not run,
  when an assignment is out of date: it would then release it;
- ``zoo grade`` of the filled-in submission and the bare execution of the same notebook's graded cells
  (nbclient, no tests), one after the other in each run, and the median of their ratios (target < 1.5x).

The batch's ratio is bench/grade_all.py's. On a machine shared with other jobs the wall clock also
measures the others: the load average is printed, the CPU times do not depend on it, and the ratios
compare runs made one after the other. (A jailed worker's CPU time never reaches us: it is killed.)
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import zoo.release
from zoo import ROOT
from zoo.digest import is_stale
from zoo.grading.submission import is_graded
from zoo.master import assignment_names, read_master
from zoo.release.steps import fill_answers, notebook_bytes

ZOO = str(Path(sys.executable).with_name("zoo"))


def cpu_seconds():
    """User + system time of this process and of its children that have ended."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def timed(run):
    """``(wall seconds, CPU seconds)`` of ``run()``."""
    cpu, start = cpu_seconds(), time.perf_counter()
    run()
    return time.perf_counter() - start, cpu_seconds() - cpu


def median_line(label, runs, target=None, cpu=True):
    """One printed line: the medians of ``[(wall, cpu)]``, the target and every run's wall time. ``cpu=False``
    where the runs' CPU time cannot be collected (a jailed worker is killed, its time is not reported to us)."""
    wall = statistics.median(w for w, _ in runs)
    used = f" {statistics.median(c for _, c in runs):6.2f} s CPU" if cpu else ""
    aim = f"target < {target:g} s; " if target else ""
    return f"  {label:34s} {wall:6.2f} s wall{used}   ({aim}runs: " + ", ".join(f"{w:.1f}" for w, _ in runs) + ")"


def load():
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def execute_bare(nb, folder):
    """Execute ``nb``'s graded cells in a plain kernel, no tests; a cell that raises does not stop it, and a kernel
    the notebook kills ends the run (the time until then counts)."""
    bare = nbformat.from_dict(nb)
    bare.cells = [c for c in bare.cells if is_graded(c)]
    try:
        NotebookClient(bare, timeout=60, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
    except Exception:
        pass


def solved(name):
    student = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    return fill_answers(student, {q.name: q.solution for q in read_master(name)[2] if not q.manual})


@contextmanager
def step_timers(steps, where=zoo.release):
    """Time each function of ``where`` named in ``steps`` (``{name: label}``) while in the block: ``{label: (wall, cpu)}``."""
    found, originals = {}, {name: getattr(where, name) for name in steps}

    def timing(name):
        def run(*args, **kwargs):
            result = []
            found[steps[name]] = timed(lambda: result.append(originals[name](*args, **kwargs)))
            return result[0]
        return run

    for name in steps:
        setattr(where, name, timing(name))
    try:
        yield found
    finally:
        for name, original in originals.items():
            setattr(where, name, original)


RELEASE_STEPS = {"run_otter_assign": "otter assign", "record_expected_values": "recording the expected values",
                 "check_solutions_pass": "the solution check (grading it)", "nbgrader_files": "nbgrader generate"}


def scratch_course(folder):
    """A copy of this course (masters, settings, releases) in ``folder``: the edits of the timed releases stay out of
    the real one."""
    for part in ("assignments", "release", "autograder"):
        shutil.copytree(ROOT / part, folder / part)
    for settings in ("_config.yml", "_toc.yml", "requirements.txt"):
        shutil.copy(ROOT / settings, folder / settings)
    return folder


def edit_master(course, name, cell_type, count):
    """Add a line to the first ``cell_type`` cell of ``name``'s master: a sentence to markdown, a comment to code."""
    path = course / "assignments" / name / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == cell_type)
    cell.source += f"\n{'# ' if cell_type == 'code' else ''}Edited for bench/bench.py, time {count}."
    nbformat.write(nb, path)


def release_figures(name, runs):
    with tempfile.TemporaryDirectory() as scratch:
        course = scratch_course(Path(scratch))
        release = [ZOO, "--course", str(course), "release", name]

        def edited(cell_type, count):
            edit_master(course, name, cell_type, count)
            return timed(lambda: subprocess.run(release, check=True, capture_output=True))

        # a markdown edit first, so that the code edits start from a bundle made from the current code cells
        prose = [edited("markdown", count) for count in range(runs)]
        code = [edited("code", count) for count in range(runs)]
        unchanged = [timed(lambda: subprocess.run(release, check=True, capture_output=True)) for _ in range(runs)]
        forced = [timed(lambda: subprocess.run([*release, "--force"], check=True, capture_output=True))
                  for _ in range(runs)]
    print(f"zoo release {name} ({load()}), median of {runs} runs:")
    print(median_line("nothing changed", unchanged, 1))
    print(median_line("a markdown cell changed", prose, 5))
    print(median_line("a code cell changed", code, 5))
    print(median_line("--force (everything rebuilt)", forced))
    with step_timers(RELEASE_STEPS) as steps:
        total = timed(lambda: zoo.release.build(name, reuse=False))
    print(f"  one full build in this process, {total[0]:.1f} s wall {total[1]:.1f} s CPU; its steps (they overlap):")
    for label, (wall, cpu) in sorted(steps.items(), key=lambda item: -item[1][0]):
        print(f"    {label:32s} {wall:6.2f} s wall {cpu:6.2f} s CPU")


def make_figure(runs):
    names = assignment_names()
    stale = [name for name in names if is_stale(name)]
    if stale:
        hashing = timed(lambda: [is_stale(name) for name in names])
        print(f"make with nothing changed, release part: not run, out of date: {', '.join(stale)} (run `zoo release` "
              f"first); hashing the {len(names)} assignments' inputs takes {hashing[0]:.2f} s wall {hashing[1]:.2f} s CPU")
        return
    times = [timed(lambda: subprocess.run([ZOO, "release"], check=True, capture_output=True)) for _ in range(runs)]
    print(f"make with nothing changed, release part ({len(names)} assignments, {load()}):")
    print(median_line("zoo release (all up to date)", times) + "  + bench/book.py's nothing changed; < 15 s in all")


def grading_figures(name, runs):
    notebook = solved(name)
    with tempfile.TemporaryDirectory() as scratch:
        submission = Path(scratch, f"{name}.ipynb")
        submission.write_bytes(notebook_bytes(notebook))
        graded, bare = [], []
        for _ in range(runs):  # side by side: each ratio compares two runs under the same load
            graded.append(timed(lambda: subprocess.run([ZOO, "grade", str(submission), "--assignment", name, "--json"],
                                                       check=True, capture_output=True)))
            bare.append(timed(lambda: execute_bare(notebook, scratch)))
    print(f"grading {name}'s solution ({load()}), median of {runs} runs:")
    print(median_line("zoo grade (one submission)", graded, cpu=False))
    print(median_line("bare execution (graded cells)", bare, cpu=False))
    ratios = [g / b for (g, _), (b, _) in zip(graded, bare)]
    print(f"  grading / bare: {statistics.median(ratios):.2f}x (target < 1.5x; runs: "
          + ", ".join(f"{r:.2f}" for r in ratios) + ")")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="recurrent")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("release", "make", "grade"), help="print one group of figures")
    args = parser.parse_args()
    if args.only in (None, "release"):
        release_figures(args.assignment, args.runs)
    if args.only in (None, "make"):
        make_figure(args.runs)
    if args.only in (None, "grade"):
        grading_figures(args.assignment, args.runs)


if __name__ == "__main__":
    main()
