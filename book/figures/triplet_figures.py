"""Generate the figures of the metric-learning chapter (book/triplet.md) from a real training run.

    .venv/bin/python book/figures/triplet_figures.py [--out DIR]

Runs the chapter's own code (the solutions and given helpers of assignments/triplet/triplet.ipynb, through
``zoo.chapter.chapter_namespace``) on MNIST from shared/data, with fixed seeds and ``--threads``
torch threads (default 2), and writes next to this script

* ``triplet_loss_geometry.svg`` -- an anchor, its positive and easy / semi-hard / hard negatives;
* ``triplet_embedding.png``     -- t-SNE map of 2,000 MNIST test embeddings (64-D, 500 training steps);
* ``triplet_search.png``        -- search by example: queries and their 8 nearest test images;
* ``triplet_dimension.svg``     -- precision@1 and verification accuracy against the embedding dimension.

About 5 minutes on two idle CPU cores. Training on a CPU is deterministic for a given torch version and
thread count; the numbers quoted in the chapter are those this script printed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from style import save  # first: book/figures/style.py selects Agg and sets the book's style

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

import zoo.data  # noqa: E402
from zoo.chapter import chapter_namespace  # noqa: E402

HERE = Path(__file__).resolve().parent

DIMENSIONS = [2, 4, 8, 16, 32, 64, 128]


def loss_geometry(out: Path) -> None:
    """The three kinds of negative around an anchor, for a given positive and margin."""
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    d_ap, margin = 1.0, 0.6  # drawn as radii (the chapter's distances are squared, the picture is not)
    for radius, style, text in ((d_ap, "-", r"$d(a, p)$"), (d_ap + margin, "--", r"$d(a, p) + \alpha$")):
        ax.add_patch(plt.Circle((0, 0), radius, fill=False, linestyle=style, color="0.4"))
        ax.annotate(text, (radius * np.cos(4.0), radius * np.sin(4.0)), xytext=(-6, -14), textcoords="offset points",
                    ha="right", color="0.3")
    ax.add_patch(plt.Circle((0, 0), d_ap, color="#D55E00", alpha=0.10, lw=0))
    ax.add_patch(plt.matplotlib.patches.Wedge((0, 0), d_ap + margin, 0, 360, width=margin, color="#E69F00",
                                              alpha=0.18, lw=0))
    points = {"anchor $a$": ((0, 0), "black"), "positive $p$": ((d_ap, 0), "#009E73"),
              "hard negative": ((-0.35, -0.55), "#D55E00"), "semi-hard negative": ((0.2, 1.25), "#E69F00"),
              "easy negative": ((-1.55, 1.2), "#56B4E9")}
    for text, ((x, y), colour) in points.items():
        ax.plot(x, y, "o", color=colour, ms=9)
        ax.annotate(text, (x, y), xytext=(6, -12), textcoords="offset points", color=colour, fontsize=10)
    ax.set(xlim=(-2.1, 2.1), ylim=(-2.0, 2.0), aspect="equal", xticks=[], yticks=[])
    for spine in ax.spines.values():
        spine.set_visible(False)
    save(fig, out, "triplet_loss_geometry.svg")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (1 is faster on a busy machine)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    loss_geometry(args.out)
    chapter = chapter_namespace("triplet")
    images, labels = zoo.data.load_images("mnist", "train")
    test_images, test_labels = zoo.data.load_images("mnist", "test")
    split = {"images": images[:55000], "labels": labels[:55000]}
    held_out = (images[55000:], labels[55000:], test_images, test_labels)

    model, _, seconds = chapter["train_embedding"](split["images"], split["labels"], desc="MNIST, 64-D")
    metrics, embeddings = chapter["evaluate"](model, *held_out)
    print(f"64-D, 500 steps, {seconds:.0f} s:", ", ".join(f"{k} {v:.4f}" for k, v in metrics.items()))
    fig, ax = plt.subplots(figsize=(6, 5))
    chapter["plot_map"](ax, embeddings, test_labels, [str(d) for d in range(10)],
                        f"MNIST test embeddings (t-SNE), precision@1 {metrics['precision@1']:.3f}")
    save(fig, args.out, "triplet_embedding.png")
    with plt.rc_context({"axes.spines.top": True, "axes.spines.right": True}):  # full frames, as in the notebook
        search = chapter["show_search"]([3, 61, 247, 321, 18, 1247], embeddings, test_images, test_labels)
    save(search, args.out, "triplet_search.png")

    by_dimension = {}
    for dim in DIMENSIONS:
        dim_model, _, _ = chapter["train_embedding"](split["images"], split["labels"], embedding_dim=dim, steps=300,
                                                     desc=f"{dim}-D")
        by_dimension[dim], _ = chapter["evaluate"](dim_model, *held_out)
        print(f"{dim}-D, 300 steps:", ", ".join(f"{k} {v:.4f}" for k, v in by_dimension[dim].items()))
    fig, ax = plt.subplots(figsize=(6, 3.2))
    for metric in ("precision@1", "verification accuracy"):
        ax.plot(DIMENSIONS, [by_dimension[d][metric] for d in DIMENSIONS], "o-", label=metric)
    ax.set(xscale="log", xticks=DIMENSIONS, xticklabels=DIMENSIONS, xlabel="embedding dimension",
           title="MNIST test set, 300 training steps per dimension")
    ax.legend()
    save(fig, args.out, "triplet_dimension.svg")


if __name__ == "__main__":
    main()
