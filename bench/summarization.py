"""Training time, losses and ROUGE of the summarisation chapter's Transformer on the real SciTLDR data.

    .venv/bin/python bench/summarization.py [--threads 1] [--config cpu]

Runs the master's own code (the solutions and the given helpers of assignments/summarization/summarization.ipynb,
``chapter_namespace``) exactly as the notebook's training and evaluation cells do, through the same
``run`` as book/figures/summarization_figures.py: trains the ``--config`` configuration from seed 0 with
``--threads`` torch threads, then prints the training time (wall and CPU), the first and last training
losses, the validation loss after each epoch, and the ROUGE-1/2/L table of greedy decoding, beam search and the
first-sentence and oracle-sentence baselines on the configuration's test papers.
"""
import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "figures"))
from summarization_figures import run  # noqa: E402  (the figures' run: one code path for both)

from zoo.chapter import chapter_namespace  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 on a shared machine)")
    parser.add_argument("--config", default="cpu", choices=["cpu", "gpu"])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    chapter = chapter_namespace("summarization")
    config = chapter["CONFIGS"][args.config]
    with tempfile.TemporaryDirectory() as scratch:
        history, results, _, papers, timing = run(chapter, config, Path(scratch) / "runs")
    losses = history["train_loss"]
    tenth = max(1, len(losses) // 10)
    print(f"configuration {args.config}: {timing['parameters']:,} parameters, {timing['n_train_pairs']} training pairs, "
          f"{len(losses)} steps, {args.threads} thread(s)")
    print(f"training: {timing['train_wall_seconds']:.0f} s wall, {timing['train_cpu_seconds']:.0f} s CPU")
    print(f"training loss: first tenth {np.mean(losses[:tenth]):.3f}, last tenth {np.mean(losses[-tenth:]):.3f}")
    print("validation loss by epoch:", " ".join(f"{v:.3f}" for v in history["val_loss"]))
    print(f"decoding: greedy {timing['greedy_seconds']:.0f} s, beam {timing['beam_seconds']:.0f} s "
          f"({len(papers)} test papers)")
    print(f"{'ROUGE (F1 x 100, max over references)':40} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
    for name, scores in results.items():
        print(f"{name:40} {scores['rouge1']:6.2f} {scores['rouge2']:6.2f} {scores['rougeL']:6.2f}")


if __name__ == "__main__":
    main()
