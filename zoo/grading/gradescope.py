"""Gradescope's autograder contract: grade ``ROOT/submission`` with the bundle unpacked in
``ROOT/source``, write ``ROOT/results/results.json``. ``run_autograder`` calls this (``ROOT=/autograder``)."""
import json
import resource
import shutil
import sys
import zipfile
from pathlib import Path

from zoo.grading.grader import grade
from zoo.grading.sandbox import GraderError


def to_gradescope(result):
    """Gradescope's results.json: one test per question and visibility; hidden ones after publishing. A test
    whose question failed because a cell failed or was left out names that cell in its own output."""
    tests = [{"name": f"{q['name']} ({q['visibility']} tests)", "score": q["score"], "max_score": q["max"],
              "output": q["feedback"], "visibility": "visible" if q["visibility"] == "public" else "after_published"}
             for q in result["questions"]]
    remarks = [f"cell {cell}: {error}" for cell, error in result.get("cell_errors", {}).items()] + result.get("notes", [])
    return {"score": result["score"], "tests": tests, "output": "\n".join(remarks), "execution_time": result.get("seconds")}


def stage(bundle, notebook, filename, root):
    """Lay out ``root`` as Gradescope does (``source/`` = the unpacked bundle, ``submission/`` = the
    notebook) and put the grading package where setup.sh does; return that package folder for PYTHONPATH."""
    root = Path(root)
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    shutil.copytree(root / "source" / "zoo", root / "site" / "zoo")
    (root / "submission").mkdir()
    (root / "submission" / filename).write_bytes(notebook)
    return root / "site"


def main(root):
    """Grade and write results.json; on a grader error write none and raise ``GraderError``: Gradescope then
    shows that the autograder failed (for the instructor to fix and regrade) instead of recording a zero."""
    root = Path(root)
    assignment = json.loads((root / "source" / "zoo.json").read_text())["assignment"]
    result = grade(root / "submission", assignment, bundle=root / "source")
    if result["grader_error"]:
        raise GraderError(result["grader_error"])
    (root / "results").mkdir(exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(to_gradescope(result), indent=1))
    return result


def peak_memory_mb():
    """The most memory any process of this grading held (this one, or a worker it waited for)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


if __name__ == "__main__":
    try:
        main(sys.argv[1] if len(sys.argv) > 1 else "/autograder")
    except GraderError as e:
        sys.exit(f"grader error: {e}")
    if "--peak" in sys.argv:
        print(f"peak memory {peak_memory_mb():.0f} MB")
