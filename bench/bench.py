"""Timings of the instructor's pipeline, as medians over several runs (the machines here are noisy).

Prints: `zoo release` for one assignment, `zoo grade` of one filled-in submission, and executing the
same notebook bare (nbclient, the cells the grader runs), so the grading overhead reads as a ratio.
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from tqdm import tqdm

from zoo import ROOT
from zoo.master import read_master
from zoo.release.steps import fill_answers, notebook_bytes
from zoo.grading.submission import SKIPPED_TAGS


def median_seconds(run, repeats, label):
    times = []
    for _ in tqdm(range(repeats), desc=label, file=sys.stderr):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="recurrent")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    name, zoo = args.assignment, str(Path(sys.executable).with_name("zoo"))
    student = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    answers = {q.name: q.solution for q in read_master(name)[2] if not q.manual}
    filled = fill_answers(student, answers)
    with tempfile.TemporaryDirectory() as scratch:
        submission = Path(scratch, f"{name}.ipynb")
        submission.write_bytes(notebook_bytes(filled))
        bare = nbformat.from_dict(filled)
        bare.cells = [c for c in bare.cells if c.cell_type == "code"
                      and not set(c.metadata.get("tags", [])) & SKIPPED_TAGS and not c.source.startswith("grader.")]

        def execute_bare():
            NotebookClient(nbformat.from_dict(bare), timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": scratch}}).execute()

        release = median_seconds(lambda: subprocess.run([zoo, "release", name], check=True, capture_output=True),
                                 args.repeats, "zoo release")
        grade = median_seconds(lambda: subprocess.run([zoo, "grade", str(submission), "--assignment", name, "--json"],
                                                      check=True, capture_output=True), args.repeats, "zoo grade")
        plain = median_seconds(execute_bare, args.repeats, "bare notebook")
    print(f"assignment {name}, {args.repeats} runs each, median (min-max) seconds")
    for label, (median, times) in (("zoo release", release), ("zoo grade (one submission)", grade),
                                   ("bare notebook execution", plain)):
        print(f"  {label:28s} {median:6.2f}  ({min(times):.2f}-{max(times):.2f})")
    print(f"  grading overhead: zoo grade / bare execution = {grade[0] / plain[0]:.2f}x")


if __name__ == "__main__":
    main()
