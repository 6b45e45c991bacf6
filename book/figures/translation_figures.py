"""Generate the figures of the translation chapter (book/translation.md) from a real training run.

    .venv/bin/python book/figures/translation_figures.py [--out DIR] [--threads 2]

Runs the chapter's own code (the solutions and given helpers of assignments/translation/translation.ipynb,
through ``bench/translation.py``'s ``train_all``) on Multi30k from shared/data with the notebook's ``cpu``
configuration and fixed seeds, and writes next to this script

* ``translation_curves.svg``     -- training loss and validation perplexity of the three models, per epoch;
* ``translation_perplexity.svg`` -- final validation perplexity and training time of each model;
* ``translation_attention.svg``  -- the cosine attention weights of seq2seq + attention on a validation sentence;
* ``translation_examples.md``    -- the best model's greedy translations of the validation set, scored against
  the reference, with its three best, three median and three worst (the chapter includes this table).

About 5 minutes on two idle CPU cores. The numbers quoted in the chapter are those this script printed.
``--examples-only`` trains only the Transformer, from the same seed and data, and writes only the table
of examples (a minute on two idle cores).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from style import save  # first: book/figures/style.py selects Agg and sets the book's style

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "bench"))
from translation import train_all  # noqa: E402

import zoo.data  # noqa: E402
from zoo.chapter import chapter_namespace  # noqa: E402

COLOURS = {"seq2seq": "#999999", "seq2seq + attention": "#0072B2", "Transformer": "#D55E00"}
EXAMPLE = 1  # the validation pair whose attention map is drawn


def curves(histories, out: Path) -> None:
    fig, (ax_loss, ax_val) = plt.subplots(1, 2, figsize=(10, 3.6))
    for name, history in histories.items():
        losses = np.array(history["loss"])
        per_epoch = losses.reshape(len(history["val_perplexity"]), -1).mean(1)  # the same number of steps per epoch
        epochs = np.arange(1, len(per_epoch) + 1)
        ax_loss.plot(epochs, per_epoch, "o-", color=COLOURS[name], label=name)
        ax_val.plot(epochs, history["val_perplexity"], "o-", color=COLOURS[name], label=name)
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy per token", title="Training loss (mean over the epoch)")
    ax_val.set(xlabel="epoch", ylabel="perplexity", yscale="log", title="Validation perplexity")
    ax_val.legend(frameon=False)
    save(fig, out, "translation_curves.svg")


def perplexity_bars(histories, out: Path) -> None:
    names = list(histories)
    fig, (ax_ppl, ax_time) = plt.subplots(1, 2, figsize=(9, 3.0))
    for ax, values, label, fmt in ((ax_ppl, [histories[n]["val_perplexity"][-1] for n in names], "validation perplexity", "{:.1f}"),
                                   (ax_time, [histories[n]["seconds"] for n in names], "training time (s)", "{:.0f} s")):
        bars = ax.barh(names, values, color=[COLOURS[n] for n in names])
        ax.bar_label(bars, [fmt.format(v) for v in values], padding=3)
        ax.set(xlabel=label)
        ax.invert_yaxis()
    ax_time.set_yticks([])
    save(fig, out, "translation_perplexity.svg")


def attention(chapter, data, models, out: Path) -> None:
    de_vocab, en_vocab, _, val_pairs = data
    source = torch.tensor([val_pairs[EXAMPLE][0]])
    predicted, weights = chapter["attention_map"](models["seq2seq + attention"], source)
    print("attention example:", de_vocab.decode(source[0].tolist()), "->", en_vocab.decode(predicted),
          "| reference:", en_vocab.decode(val_pairs[EXAMPLE][1]))
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    image = ax.imshow(weights.numpy(), cmap="viridis")
    ax.set_xticks(range(source.shape[1]), [de_vocab.itos[i] for i in source[0].tolist()], rotation=60, ha="right")
    ax.set_yticks(range(len(predicted)), [en_vocab.itos[i] for i in predicted])
    ax.set(xlabel="German source", ylabel="English greedy output")
    ax.spines[:].set_visible(False)
    fig.colorbar(image, ax=ax, shrink=0.8, label="attention weight")
    save(fig, out, "translation_attention.svg")


def token_f1(output: str, reference: str) -> float:
    """Harmonic mean of the share of output words found in the reference and of reference words
    found in the output (each word counted at most as often as it occurs in the other)."""
    out, ref = output.split(), reference.split()
    common = sum((Counter(out) & Counter(ref)).values())
    return 2 * common / (len(out) + len(ref)) if out and ref else 0.0


def write_examples(chapter, data, model, name: str, out: Path) -> None:
    """Score the greedy translation of every validation sentence; write the best, median and worst three."""
    de_vocab, en_vocab, _, val_pairs = data
    rows = []
    for start in range(0, len(val_pairs), 128):
        source, target = chapter["make_batch"](val_pairs[start:start + 128])
        output = chapter["translate"](model, source)
        for i in range(len(source)):
            german, reference = de_vocab.decode(source[i].tolist()), en_vocab.decode(target[i].tolist())
            english = en_vocab.decode(output[i].tolist())
            rows.append((token_f1(english, reference), german, reference, english))
    rows.sort(key=lambda row: -row[0])
    scores = np.array([row[0] for row in rows])
    middle = len(rows) // 2
    picked = [("best", rows[:3]), ("median", rows[middle - 1:middle + 2]), ("worst", rows[-3:])]
    lines = [f"Greedy translations of the {name} on the {len(rows)} validation sentences, scored by word overlap "
             f"with the reference (token F1: 1 is every word right, 0 none): median {np.median(scores):.2f}, "
             f"{np.mean(scores >= 0.5):.0%} of the sentences at 0.5 or more, {np.mean(scores == 1):.1%} exactly right.",
             "", "| | F1 | German | reference | model |", "| --- | --- | --- | --- | --- |"]
    def cell(text: str) -> str:  # <unk> would be read as an HTML tag, | as a column
        return text.replace("<", "&lt;").replace("|", "\\|")

    for label, chosen in picked:
        for score, german, reference, english in chosen:
            lines.append(f"| {label} | {score:.2f} | {cell(german)} | {cell(reference)} | {cell(english)} |")
    (out / "translation_examples.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--examples-only", action="store_true",
                        help="train only the Transformer and write translation_examples.md")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.examples_only:
        chapter = chapter_namespace("translation")
        config = chapter["CONFIGS"]["cpu"]
        data = chapter["build_dataset"](zoo.data.load_multi30k("train", limit=config["train_pairs"]),
                                        zoo.data.load_multi30k("val"), config["max_length"])
        model = chapter["make_models"](data[0], data[1], config, torch.device("cpu"))["Transformer"]
        history = chapter["train"](model, "Transformer", data[2], data[3], config["epochs"], config["lr"],
                                   config["batch_size"])
        print("Transformer validation perplexity by epoch", " ".join(f"{p:.1f}" for p in history["val_perplexity"]),
              f"; {history['seconds']:.0f} s")
        write_examples(chapter, data, model, "Transformer", args.out)
        return
    chapter, config, data, models, histories = train_all("cpu")
    for name, history in histories.items():
        print(f"{name:22} validation perplexity by epoch "
              + " ".join(f"{p:.1f}" for p in history["val_perplexity"]) + f"; {history['seconds']:.0f} s")
    examples = data[3][:5]
    source, target = chapter["make_batch"](examples)
    outputs = {name: chapter["translate"](model, source) for name, model in models.items()}
    for i in range(len(examples)):
        print("\nGerman:   ", data[0].decode(source[i].tolist()), "\nreference:", data[1].decode(target[i].tolist()))
        for name, output in outputs.items():
            print(f"{name + ':':21}", data[1].decode(output[i].tolist()))
    curves(histories, args.out)
    perplexity_bars(histories, args.out)
    attention(chapter, data, models, args.out)
    best = min(histories, key=lambda name: histories[name]["val_perplexity"][-1])
    write_examples(chapter, data, models[best], best, args.out)


if __name__ == "__main__":
    main()
