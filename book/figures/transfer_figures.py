"""Draw the figures of the transfer-learning chapter (book/transfer.md) from its bench's results.

    .venv/bin/python bench/transfer.py --out book/figures/transfer_results.json   # the real runs (about 40 minutes)
    .venv/bin/python book/figures/transfer_figures.py [--results FILE] [--out DIR]

Reads the results ``bench/transfer.py`` wrote (every number is from that run; nothing is trained here) and
writes next to this script

* ``transfer_vision.svg``       -- MNIST test accuracy of EfficientNet-Lite0 frozen, unfrozen (batch-norm
  statistics kept or in train mode) and trained from scratch, 10 and 100 labels per class, each seed a point;
* ``transfer_lm.svg``           -- the language model's training loss and validation perplexity on Penn Treebank;
* ``transfer_accuracies.svg``   -- NLI (MNLI sample) and sentiment (SST-2) test accuracies of every encoder;
* ``transfer_attributions.svg`` -- integrated-gradients attributions of the ULMFiT classifier's words, drawn by
  the notebook's own ``show_attributions``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from style import save  # first: book/figures/style.py selects Agg and sets the book's style

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from zoo.chapter import chapter_namespace  # noqa: E402

HERE = Path(__file__).resolve().parent
METHODS = ("frozen", "unfrozen", "unfrozen, batch norm in train mode", "scratch")


def vision_figure(vision, out: Path) -> None:
    budgets = sorted({run["per_class"] for run in vision["runs"]})
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    for k, method in enumerate(METHODS):
        for j, per_class in enumerate(budgets):
            values = [run[method]["accuracy"] for run in vision["runs"] if run["per_class"] == per_class]
            x = j + (k - 1.5) * 0.19
            ax.bar(x, np.mean(values), width=0.17, color=f"C{k}", alpha=0.35, label=method if j == 0 else None)
            ax.plot([x] * len(values), values, "o", color=f"C{k}", ms=4)
    ax.set_xticks(range(len(budgets)), [f"{p} labels per class ({10 * p} images)" for p in budgets])
    ax.set(ylabel="MNIST test accuracy", ylim=(0, 1),
           title=f"{vision['extractor']} (ImageNet), {vision['config']['size']} px: bars are means, dots seeds")
    fig.legend(loc="upper center", bbox_to_anchor=(0.5, 0.02), ncol=2, frameon=False)
    save(fig, out, "transfer_vision.svg")


def lm_figure(lm, out: Path) -> None:
    history = lm["history"]
    fig, (ax_train, ax_val) = plt.subplots(1, 2, figsize=(10, 3.4))
    ax_train.plot(history["step"], history["train_loss"])
    ax_train.set(xlabel="training batch (35 steps × 32 streams)", ylabel="loss (nats per word)",
                 title=f"{lm['corpus']}: training loss, mean of 200 batches")
    ax_val.plot(history["val_epoch"], history["val_ppl"], "o-")
    ax_val.set(xlabel="epochs", ylabel="perplexity",
               title=f"validation perplexity (test: {lm['test_ppl']:.0f})")
    save(fig, out, "transfer_lm.svg")


def accuracies_figure(results, out: Path) -> None:
    fig, (ax_nli, ax_sst) = plt.subplots(1, 2, figsize=(11, 3.6), gridspec_kw={"width_ratios": [7, 3]})
    for ax, section, title, chance in ((ax_nli, "nli", "MNLI sample (1,024 training pairs)", 1 / 3),
                                       (ax_sst, "sentiment", "SST-2 (2,000 labelled)", 0.5)):
        names = list(results[section])
        values = [results[section][name]["accuracy"] for name in names]
        ax.barh(range(len(names)), values, color=[f"C{i % 10}" for i in range(len(names))])
        for i, value in enumerate(values):
            ax.text(value + 0.005, i, f"{value:.1%}", va="center", fontsize=9)
        ax.axvline(chance, color="0.4", ls=":", lw=1)
        ax.set_yticks(range(len(names)), [name.replace(": ", ":\n") for name in names], fontsize=9)
        ax.invert_yaxis()
        ax.set(xlim=(0, max(values) + 0.12), xlabel="test accuracy (dotted: chance)", title=title)
    fig.tight_layout()
    save(fig, out, "transfer_accuracies.svg")


def attributions_figure(rows, out: Path) -> None:
    show = chapter_namespace("transfer", device=torch.device("cpu"))["show_attributions"]
    fig = show([(r["words"], torch.tensor(r["scores"]), r["predicted"], r["label"]) for r in rows],
               "ULMFiT on SST-2: integrated gradients (green: towards the predicted class)")
    save(fig, out, "transfer_attributions.svg")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=HERE / "transfer_results.json")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text())
    # the bench writes its parts separately (--parts vision language): draw what it has measured
    if "vision" in results:
        vision_figure(results["vision"], args.out)
    if "lm" in results:
        lm_figure(results["lm"], args.out)
    if "sentiment" in results:
        accuracies_figure(results, args.out)
        attributions_figure(results["attributions"], args.out)


if __name__ == "__main__":
    main()
