"""The cnn chapter on the full Fashion-MNIST: a CNN against an MLP with as many parameters.

    .venv/bin/python bench/cnn.py [--threads 2] [--epochs 12] [--budget 300] [--channels 32 64] [--target 0.91]

Runs the master's own code (the solutions and given helpers of assignments/cnn/cnn.ipynb): ``ConvNet``
with the tutorial's two-stage design (5x5 kernels, max pooling) but ``--channels`` filters per stage
(default 32 and 64) and hidden layers (256, 128), and an ``MLP`` with two hidden layers of the width
``mlp_width`` picks for the same parameter count. Each trains with Adam (lr 1e-3, batch 64,
``training_step``) on the 60,000 training images, for ``--epochs`` epochs or until ``--budget`` seconds of
training have passed, with ``--threads`` torch threads. Prints after every epoch the test accuracy, then
when each model first reaches ``--target`` accuracy (default 91%), the time per epoch, the best accuracy
and when it was reached, and the accuracy on test images shifted by 3 pixels (the mean over right, left,
down and up).
"""
import argparse
import time

import torch

import zoo.data
from zoo.chapter import chapter_namespace


def train(chapter, model, name, data, epochs, budget, batch_size=64, seed=0):
    """Train epoch by epoch within the budget; return per-epoch (seconds so far, test accuracy)."""
    images, labels, test_images, test_labels = data
    torch.manual_seed(seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    history, seconds = [], 0.0
    for epoch in range(epochs):
        model.train()
        start = time.perf_counter()
        for batch in torch.randperm(len(images)).split(batch_size):
            chapter["training_step"](model, optimiser, images[batch], labels[batch])
        seconds += time.perf_counter() - start
        history.append((seconds, chapter["accuracy"](model, test_images, test_labels)))
        print(f"  {name} epoch {epoch + 1}: {seconds:6.1f} s of training, test accuracy {history[-1][1]:.2%}", flush=True)
        if seconds > budget:
            break
    return history


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--budget", type=float, default=300, help="seconds of training per model, at most")
    parser.add_argument("--channels", type=int, nargs=2, default=[32, 64])
    parser.add_argument("--target", type=float, default=0.91, help="report when the CNN first reaches this accuracy")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    chapter = chapter_namespace("cnn", device=torch.device("cpu"))
    data = (*zoo.data.load_images("fashion-mnist", "train"), *zoo.data.load_images("fashion-mnist", "test"))
    torch.manual_seed(0)
    cnn = chapter["ConvNet"](1, 28, kernel_size=5, pooling="max", channels=tuple(args.channels), hidden=(256, 128))
    size = chapter["n_parameters"](cnn)
    width = chapter["mlp_width"](size, 784, 10)
    mlp = chapter["MLP"](1, 28, hidden=(width, width))
    print(f"Fashion-MNIST, {torch.get_num_threads()} threads; CNN: conv 5x5 {args.channels[0]}, max pool, conv 5x5 "
          f"{args.channels[1]}, max pool, linear 256, 128, 10; MLP: linear {width}, {width}, 10")
    results = {}
    for name, model in (("CNN", cnn), ("MLP", mlp)):
        history = train(chapter, model, name, data, args.epochs, args.budget)
        best = max(range(len(history)), key=lambda i: history[i][1])
        shifted = chapter["shifted_accuracy"](model, data[2], data[3], 3)
        results[name] = (chapter["n_parameters"](model), history[-1][0] / len(history), history[best], history[-1][1],
                         shifted)
        reached = next(((i + 1, s) for i, (s, a) in enumerate(history) if a >= args.target), None)
        print(f"{name} first reaches {args.target:.0%} test accuracy: " +
              (f"after epoch {reached[0]}, {reached[1]:.0f} s of training" if reached else "not within the budget"))
    print(f"{'model':6} {'parameters':>10} {'s / epoch':>9} {'best test acc':>13} {'reached after':>13} "
          f"{'final acc':>9} {'3-px shift':>10}")
    for name, (n, per_epoch, (seconds, best), final, shifted) in results.items():
        print(f"{name:6} {n:>10,} {per_epoch:>9.1f} {best:>13.2%} {seconds:>11.0f} s {final:>9.2%} {shifted:>10.2%}")


if __name__ == "__main__":
    main()
