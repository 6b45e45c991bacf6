"""The mae chapter on real data: pre-training time and the three few-label test accuracies.

    .venv/bin/python bench/mae.py

Runs the chapter's notebook as a student would, top to bottom in a fresh kernel: the Colab/Gradescope
release with the master's solutions filled in, in a scratch folder, with the notebook's own
configuration (on a machine without a GPU: MNIST, 600 labels, a few minutes on two cores). It finds
the datasets in ``../shared/data`` (or ``$ZOO_DATA``) and prints what the notebook measured.
"""
import json
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

from zoo import ROOT
from zoo.master import read_master
from zoo.release.steps import fill_answers

REPORT = '''
import json
print("ZOO_RESULTS", json.dumps({"dataset": CONFIG["dataset"], "device": device.type, "n_labelled": len(labelled),
                                 "n_unlabelled": len(train_images), "n_test": len(test_labels),
                                 "pretrain_seconds": pretrain_seconds, "final_pretrain_loss": pretrain_losses[-1],
                                 "accuracies": accuracies}))'''


def run_chapter(after=""):
    """Execute the filled-in notebook, then ``after`` in the same kernel; return what the notebook measured."""
    student = nbformat.read(ROOT / "release" / "otter" / "mae" / "mae.ipynb", as_version=4)
    solutions = {q.name: q.solution for q in read_master("mae")[2] if not q.manual}
    nb = fill_answers(student, solutions)
    nb.cells = [c for c in nb.cells if "zoo_export" not in c.metadata.get("tags", [])]
    nb.cells.append(nbformat.v4.new_code_cell(after + REPORT))
    shared_data = ROOT.parent / "shared" / "data"
    if "ZOO_DATA" not in os.environ and shared_data.is_dir():
        os.environ["ZOO_DATA"] = str(shared_data)  # the kernel runs in a scratch folder outside the repository
    with tempfile.TemporaryDirectory(prefix="zoo-mae-") as folder:
        NotebookClient(nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
    output = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return json.loads(output.split("ZOO_RESULTS", 1)[1])


def main():
    start = time.perf_counter()
    results = run_chapter()
    print(f"{results['dataset']} on {results['device']}: MAE pre-training on {results['n_unlabelled']} unlabelled "
          f"images took {results['pretrain_seconds']:.0f} s (final loss {results['final_pretrain_loss']:.4f})")
    print(f"test accuracy on {results['n_test']} images with {results['n_labelled']} labels:")
    for name, accuracy in results["accuracies"].items():
        print(f"  {name:<20} {accuracy:.2%}")
    print(f"whole notebook: {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
