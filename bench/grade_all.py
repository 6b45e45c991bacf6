"""Batch grading against bare execution: ``zoo grade-all`` on 100 submissions with 2 jobs.

The batch is made from the masters: the solutions, the unfilled release, every mutant and
alternative, and every catalogue attack that a bare kernel can finish and survive (not an infinite
loop or an hour's sleep, which never end bare; not ``os._exit`` now or from a thread later, nor
patched builtins, which leave nbclient waiting for a dead or broken kernel; nor the attacks marked dangerous, which would kill this
machine's processes or fill its memory outside the jail), repeated to 100 students. "Bare" executes
the same notebooks' graded cells with nbclient, 2 at a time, and no tests.
"""
import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from tqdm import tqdm

from zoo import ROOT
from zoo.adversarial import attacked_notebook, read_attacks
from zoo.grading.batch import grade_all
from zoo.grading.submission import is_graded
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


def execute_bare(nb, folder):
    bare = nbformat.from_dict(nb)
    bare.cells = [c for c in bare.cells if is_graded(c)]
    start = time.perf_counter()
    try:
        NotebookClient(bare, timeout=60, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(folder)}}).execute()
    except Exception:  # a kernel the notebook killed: the time until then counts
        pass
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignment", default="recurrent")
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", default="_build/bench/grades.csv")
    args = parser.parse_args()
    name = args.assignment
    chosen = list(islice(cycle(batch(name)), args.submissions))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in (out, out.with_suffix(".json")):
        stale.unlink(missing_ok=True)  # grade everything: no results reused
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "submissions")
        folder.mkdir()
        for k, (kind, nb) in enumerate(chosen):
            (folder / f"student{k:03d}-{kind}.ipynb").write_bytes(notebook_bytes(nb))
        start = time.perf_counter()
        rows, timing = grade_all(folder, name, jobs=args.jobs, out=out)
        graded_wall = time.perf_counter() - start
        run_dir = Path(scratch, "bare")
        run_dir.mkdir()
        start = time.perf_counter()
        with ThreadPoolExecutor(args.jobs) as pool:
            bare_times = list(tqdm(pool.map(lambda item: execute_bare(item[1], run_dir), chosen), total=len(chosen),
                                   desc="bare execution", file=sys.stderr))
        bare_wall = time.perf_counter() - start
    kinds = {kind: sum(1 for k, _ in chosen if k == kind) for kind, _ in chosen}
    print(f"{name}: {len(chosen)} submissions ({', '.join(f'{v} {k}' for k, v in kinds.items())}), {args.jobs} jobs")
    print(f"  zoo grade-all   wall {graded_wall:7.1f} s   median {timing['median_seconds']:.2f} s per submission")
    print(f"  bare execution  wall {bare_wall:7.1f} s   median {statistics.median(bare_times):.2f} s per notebook")
    print(f"  ratio (wall, grade-all / bare): {graded_wall / bare_wall:.2f}x")
    print(f"  gradebook {out}, report {out.with_name(out.stem + '_report.md')}")


if __name__ == "__main__":
    main()
