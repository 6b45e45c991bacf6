"""Figures of the masked-autoencoder chapter (book/mae.md), from a real run of its notebook.

    .venv/bin/python book/figures/mae_figures.py

runs the chapter's notebook on MNIST (as ``bench/mae.py`` does: minutes on two CPU cores) and saves
its own figures next to this script:

* ``mae_reconstructions.png`` -- test digits, the 25% of patches the encoder sees, and the decoder's output;
* ``mae_pretraining_loss.svg`` -- the pre-training loss on the removed patches;
* ``mae_few_labels.svg``      -- test accuracy with 600 labels: from scratch, linear probe, fine-tuned;

and prints the measured numbers (the chapter quotes them). Training on another machine gives slightly
different curves and numbers, so these figures are not compared byte for byte.
"""
import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "bench"))

from mae import run_chapter  # noqa: E402  (bench/mae.py)

SAVE = '''
from pathlib import Path
out = Path({out!r})
recon_figure.savefig(out / "mae_reconstructions.png", dpi=150, bbox_inches="tight")
for figure, name in ((loss_figure, "mae_pretraining_loss"), (comparison_figure, "mae_few_labels")):
    figure.savefig(out / f"{{name}}.svg", bbox_inches="tight", metadata={{"Date": None}})
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the figures")
    args = parser.parse_args()
    results = run_chapter(after=SAVE.format(out=str(args.out.resolve())))
    print(results)


if __name__ == "__main__":
    main()
