"""Gradescope's autograder contract: grade ``ROOT/submission`` with the bundle unpacked in
``ROOT/source``, write ``ROOT/results/results.json``. ``run_autograder`` calls this (``ROOT=/autograder``)."""
import json
import sys
from pathlib import Path

from zoo.grading.grader import grade


def to_gradescope(result):
    """Gradescope's results.json: one test per question and visibility; hidden ones after publishing."""
    tests = [{"name": f"{q['name']} ({q['visibility']} tests)", "score": q["score"], "max_score": q["max"],
              "output": q["feedback"], "visibility": "visible" if q["visibility"] == "public" else "after_published"}
             for q in result["questions"]]
    remarks = [f"cell {cell}: {error}" for cell, error in result.get("cell_errors", {}).items()] + result.get("notes", [])
    return {"score": result["score"], "tests": tests, "output": "\n".join(remarks), "execution_time": result.get("seconds")}


def main(root):
    root = Path(root)
    assignment = json.loads((root / "source" / "zoo.json").read_text())["assignment"]
    result = grade(root / "submission", assignment, bundle=root / "source")
    (root / "results").mkdir(exist_ok=True)
    (root / "results" / "results.json").write_text(json.dumps(to_gradescope(result), indent=1))
    return result


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/autograder")
