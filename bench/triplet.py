"""Quality and training time of the triplet chapter's embedding on the real MNIST (or Fashion-MNIST) data.

    .venv/bin/python bench/triplet.py [--repeats 3] [--dataset mnist] [--steps 500] [--threads 2]

Runs the master's own code: the solutions and the given helper functions of
assignments/triplet/triplet.ipynb (``chapter_namespace``). Trains ``EmbeddingNet`` (64-D) with
``semi_hard_triplet_loss`` on batches of 10 classes x 16 images with ``--threads`` torch threads
(default 2), and prints the test precision@1 and recall@k, the verification accuracy at the threshold
chosen on validation pairs, and the training time: every run, then the median over ``--repeats`` seeds.
"""
import argparse
import statistics

import torch

import zoo.data
from zoo.chapter import chapter_namespace


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", default="mnist", choices=["mnist", "fashion-mnist"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (1 is faster on a busy machine)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    chapter = chapter_namespace("triplet")
    images, labels = zoo.data.load_images(args.dataset, "train")
    test_images, test_labels = zoo.data.load_images(args.dataset, "test")
    runs = []
    for seed in range(args.repeats):
        model, _, seconds = chapter["train_embedding"](images[:55000], labels[:55000], steps=args.steps, seed=seed,
                                                       desc=f"{args.dataset} seed {seed}")
        metrics, _ = chapter["evaluate"](model, images[55000:], labels[55000:], test_images, test_labels)
        runs.append({**metrics, "training seconds": seconds})
        print(f"seed {seed}: " + ", ".join(f"{k} {v:.4f}" for k, v in runs[-1].items()), flush=True)
    print(f"{args.dataset}, {args.steps} steps of 160 images, median of {len(runs)} run(s):")
    for key in ("precision@1", "recall@2", "recall@4", "recall@8", "verification accuracy", "training seconds"):
        print(f"  {key:22} {statistics.median(run[key] for run in runs):.4f}")


if __name__ == "__main__":
    main()
