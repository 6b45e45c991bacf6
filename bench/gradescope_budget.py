"""What each assignment's Gradescope autograder needs: the solution graded by the bundle's own entry
point, natively on CPU, as on Gradescope (wall seconds, peak memory of any grading process)."""
import json
import re
import subprocess
import sys
import tempfile
import time

import nbformat

from zoo import ROOT
from zoo.grading.gradescope import stage
from zoo.master import assignment_names, read_master
from zoo.release.steps import fill_answers, notebook_bytes


def main():
    print("| assignment | graded in | peak memory | score | requirements |\n|---|---|---|---|---|")
    for name in sys.argv[1:] or assignment_names():
        release = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
        solved = fill_answers(release, {q.name: q.solution for q in read_master(name)[2] if not q.manual})
        bundle = ROOT / "autograder" / name / "autograder.zip"
        with tempfile.TemporaryDirectory() as root:
            package = stage(bundle, notebook_bytes(solved), f"{name}.ipynb", root)
            site = [p for p in sys.path if p.endswith("site-packages")]
            start = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "zoo.grading.gradescope", root, "--peak"], check=True,
                                 capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "CUDA_VISIBLE_DEVICES": "",
                                                                      "PYTHONPATH": ":".join([str(package), *site])})
            seconds = time.perf_counter() - start
            peak = float(re.search(r"peak memory (\d+) MB", run.stdout).group(1))
            results = json.loads(open(f"{root}/results/results.json").read())
            requirements = len((package.parent / "source" / "requirements.txt").read_text().split())
        print(f"| {name} | {seconds:.1f} s | {peak:.0f} MB | {results['score']:g} / "
              f"{sum(t['max_score'] for t in results['tests']):g} | {requirements} pinned packages |")


if __name__ == "__main__":
    main()
