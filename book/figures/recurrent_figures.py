"""The training-run figure of the recurrent chapter (book/recurrent.md), from a real run of its notebook.

    .venv/bin/python book/figures/recurrent_figures.py [--out DIR]

Runs the chapter's notebook as a student would, top to bottom in a fresh kernel (the Colab/Gradescope
release with the master's solutions filled in, in a scratch folder): its last exercise trains the
student's ``LSTM`` and ``nn.LSTM`` with the same head, data, seed and optimiser on scikit-learn's digits
read row by row. Saves the notebook's own plot of the two loss curves as ``recurrent_training.svg`` and
prints what the notebook measured (the chapter quotes it): test accuracy and training time of each, on
this machine's CPU with the thread count torch chose. The diagrams of the chapter are drawn by
``make_figures.py`` instead (no training, reproducible byte for byte). Under a minute on two CPU cores.
"""
import argparse
import json
from pathlib import Path

from zoo.chapter import run_notebook

HERE = Path(__file__).resolve().parent
SAVE = '''
import json
fig.savefig({out!r}, bbox_inches="tight", metadata={{"Date": None}})
print("ZOO_RESULTS", json.dumps({{
    "threads": torch.get_num_threads(), "steps": len(next(iter(results.values()))[0]),
    "models": {{name: {{"test accuracy": accuracy, "seconds": seconds, "final loss": sum(losses[-10:]) / 10}}
               for name, (losses, accuracy, seconds) in results.items()}}}}))
'''


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the figure")
    args = parser.parse_args()
    out = args.out.resolve() / "recurrent_training.svg"
    print(json.dumps(run_notebook("recurrent", SAVE.format(out=str(out))), indent=1))


if __name__ == "__main__":
    main()
