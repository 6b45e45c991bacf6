"""Figures of the convolutional-networks chapter (book/cnn.md), from a real run of its notebook.

    .venv/bin/python book/figures/cnn_figures.py [--out DIR]

Runs the chapter's notebook as a student would, top to bottom in a fresh kernel (the Colab/Gradescope
release with the master's solutions filled in, in a scratch folder): offline, on Fashion-MNIST from
shared/data and EfficientNet-Lite0's ImageNet weights, a few minutes on two CPU cores. Saves the
notebook's own figures next to this script:

* ``cnn_grid.svg``              -- test accuracy, parameters and time per epoch, pooling kind x kernel size;
* ``cnn_inductive_bias.svg``    -- CNN and MLP on shifted test images and on permuted pixels;
* ``cnn_filters.png``           -- the first-layer filters of EfficientNet-Lite0, enlarged;
* ``cnn_imagenet_channels.png`` -- optimised images of four channels of Lite0's fifth block, with the top crops;
* ``cnn_own_channels.png``      -- the same for six channels of the trained CNN's conv2, with the top test images;

and prints what the notebook measured (the chapter quotes it). Another machine gives slightly different
numbers and images, so the figures are not compared byte for byte.
"""
import argparse
import json
from pathlib import Path

from zoo.chapter import run_notebook

HERE = Path(__file__).resolve().parent
SAVE = '''
import json
from pathlib import Path
out = Path({out!r})
for figure, name in ((grid_figure, "cnn_grid"), (bias_figure, "cnn_inductive_bias")):
    figure.savefig(out / f"{{name}}.svg", bbox_inches="tight", metadata={{"Date": None}})
for figure, name in ((filters_figure, "cnn_filters"), (imagenet_figure, "cnn_imagenet_channels"),
                     (own_figure, "cnn_own_channels")):
    figure.savefig(out / f"{{name}}.png", dpi=130, bbox_inches="tight", metadata={{"Software": None}})
print("ZOO_RESULTS", json.dumps({{
    "dataset": DATASET, "grid": {{f"{{p}} {{k}}": row for (p, k), row in grid.items()}},
    "models": {{name: {{"parameters": n_parameters(m), "seconds per epoch": s}} for name, (m, s) in models.items()}},
    "shift_accuracy": shift_accuracy, "permuted_accuracy": permuted_accuracy}}))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the figures")
    args = parser.parse_args()
    print(json.dumps(run_notebook("cnn", SAVE.format(out=str(args.out.resolve()))), indent=1))


if __name__ == "__main__":
    main()
