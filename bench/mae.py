"""The mae chapter on real data: pre-training time and the three few-label test accuracies.

    .venv/bin/python bench/mae.py

Runs the chapter's notebook as a student would, top to bottom in a fresh kernel: the Colab/Gradescope
release with the master's solutions filled in, in a scratch folder, with the notebook's own
configuration (on a machine without a GPU: MNIST, 600 labels, a few minutes on two cores). It finds
the datasets in ``../shared/data`` (or ``$ZOO_DATA``) and prints what the notebook measured.
"""
import sys
import time

from zoo.chapter import run_notebook

REPORT = '''
import json
print("ZOO_RESULTS", json.dumps({"dataset": CONFIG["dataset"], "device": device.type, "n_labelled": len(labelled),
                                 "n_unlabelled": len(train_images), "n_test": len(test_labels),
                                 "pretrain_seconds": pretrain_seconds, "final_pretrain_loss": pretrain_losses[-1],
                                 "accuracies": accuracies}))'''


def run_chapter(after=""):
    """Run the notebook, then ``after`` in the same kernel; return what the notebook measured."""
    return run_notebook("mae", after + REPORT)


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
