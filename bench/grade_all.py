"""Batch grading against bare execution: ``zoo grade-all`` on 100 submissions with 2 jobs, as medians over runs.

    .venv/bin/python bench/grade_all.py [--assignment recurrent] [--submissions 100] [--runs 3]

The batch is made from the masters: the solutions, the unfilled release, every mutant and
alternative, and every catalogue attack that a bare kernel can finish and survive (not an infinite
loop or an hour's sleep, which never end bare; not ``os._exit`` now or from a thread later, nor
patched builtins, which leave nbclient waiting for a dead or broken kernel; nor the attacks marked dangerous, which would kill this
machine's processes or fill its memory outside the jail), repeated to 100 students. "Bare" executes
the same notebooks' graded cells with nbclient, 2 at a time, and no tests. Each run grades the batch,
then executes it bare, so each ratio compares two runs under the same load (target: below 1x).
"""
import argparse
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice
from pathlib import Path

import nbformat
from tqdm import tqdm

from bench import execute_bare, load, median_line, timed
from zoo import ROOT
from zoo.adversarial import attacked_notebook, read_attacks
from zoo.grading.batch import grade_all
from zoo.master import read_master
from zoo.release.steps import fill_answers, notebook_bytes
from zoo.variants import read_variants

NEVER_END_BARE = {"infinite_loop", "sleep_for_an_hour", "os_exit", "background_thread", "patch_builtins"}


def batch(name):
    """``[(kind, notebook)]``: every distinct submission the bench grades."""
    release = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    solutions = {q.name: q.solution for q in read_master(name)[2] if not q.manual}
    notebooks = [("correct", fill_answers(release, solutions)), ("unfilled", release)]
    for kind in ("mutants", "alternatives"):
        notebooks += [(kind, fill_answers(release, {**solutions, v.question: v.source}))
                      for v in read_variants(name, kind)]
    notebooks += [("adversarial", attacked_notebook(name, a, release)[0])
                  for a in read_attacks() if a.only in (None, name) and a.slug not in NEVER_END_BARE and not a.danger and a.edit != "rename"]
    return notebooks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="recurrent")
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="_build/bench/grades.csv")
    args = parser.parse_args()
    name = args.assignment
    chosen = list(islice(cycle(batch(name)), args.submissions))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    graded, bare = [], []
    print(f"{name}: {len(chosen)} submissions, {args.jobs} jobs ({load()} at the start)", flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        folder, run_dir = Path(scratch, "submissions"), Path(scratch, "bare")
        folder.mkdir()
        run_dir.mkdir()
        for k, (kind, nb) in enumerate(chosen):
            (folder / f"student{k:03d}-{kind}.ipynb").write_bytes(notebook_bytes(nb))
        for _ in range(args.runs):
            for stale in (out, out.with_suffix(".json")):
                stale.unlink(missing_ok=True)  # grade everything: no results reused
            graded.append(timed(lambda: grade_all(folder, name, jobs=args.jobs, out=out)))
            with ThreadPoolExecutor(args.jobs) as pool:
                bare.append(timed(lambda: list(tqdm(pool.map(lambda item: execute_bare(item[1], run_dir), chosen),
                                                    total=len(chosen), desc="bare execution", file=sys.stderr))))
    kinds = {kind: sum(1 for k, _ in chosen if k == kind) for kind, _ in chosen}
    print(f"  ({', '.join(f'{v} {k}' for k, v in kinds.items())}), median of {args.runs} runs ({load()} at the end):")
    print(median_line("zoo grade-all", graded, cpu=False))
    print(median_line("bare execution", bare, cpu=False))
    ratios = [g / b for (g, _), (b, _) in zip(graded, bare)]
    print(f"  grade-all / bare: {statistics.median(ratios):.2f}x (target < 1x; runs: "
          + ", ".join(f"{r:.2f}" for r in ratios) + ")")
    print(f"  gradebook {out}, report {out.with_name(out.stem + '_report.md')}")


if __name__ == "__main__":
    main()
