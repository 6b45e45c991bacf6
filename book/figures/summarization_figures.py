"""Generate the figures and numbers of the summarisation chapter (book/summarization.md) from a real training run.

    .venv/bin/python book/figures/summarization_figures.py [--out DIR] [--threads 1]

Runs the chapter's own code (the solutions and given helpers of assignments/summarization/summarization.ipynb,
through ``zoo.chapter.chapter_namespace``) on SciTLDR from shared/data with the ``cpu`` configuration and seed 0,
exactly as the notebook's training and evaluation cells do, and writes next to this script

* ``summarization_curves.svg``  -- training and validation loss and the learning rate, read back from the
  TensorBoard event files of the run (what the notebook draws offline);
* ``summarization_results.json`` -- wall and CPU time of the training, the losses, the ROUGE table
  (greedy, beam search, first sentence, oracle sentence) and three test summaries beside their references;

and the run's ``submission_log.json`` (what a student submits) into assignments/summarization/, where
a test reads it back with the notebook's ``check_training_log``.

The TensorBoard logs go to a scratch folder. The numbers quoted in the chapter are those this script wrote.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from pathlib import Path

from style import save  # first: book/figures/style.py selects Agg and sets the book's style

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from zoo.chapter import chapter_namespace  # noqa: E402

HERE = Path(__file__).resolve().parent
# the instructor's run as a student submits it: the solution's submission_log.json in `zoo verify`
INSTRUCTOR_LOG = HERE.parents[1] / "assignments" / "summarization" / "submission_log.json"


def run(chapter, config, logdir, out_log=None):
    """Train and evaluate as the notebook does; return (history, results, predictions, papers, cpu seconds)."""
    train_papers, val_papers = chapter["load_scitldr"]("train"), chapter["load_scitldr"]("dev")
    test_papers = chapter["load_scitldr"]("test")
    tokenizer = chapter["train_tokenizer"]([p["source"] for p in train_papers]
                                           + [t for p in train_papers for t in p["targets"]], config["vocab_size"])
    train_pairs = chapter["encode_pairs"](train_papers, tokenizer, config)
    val_pairs = chapter["encode_pairs"](val_papers, tokenizer, config)
    torch.manual_seed(0)
    vocab = tokenizer.get_vocab_size()
    model = chapter["Seq2SeqTransformer"](vocab, vocab, d_model=config["d_model"], num_heads=config["num_heads"],
                                          num_layers=config["num_layers"], d_ff=config["d_ff"],
                                          dropout=config["dropout"], pad_id=0,
                                          max_len=max(config["max_source"], config["max_len"] + 2))
    samples = [(tokenizer.encode(val_papers[i]["source"]).ids[: config["max_source"]], val_papers[i]["targets"][0])
               for i in (0, 1)]
    cpu = time.process_time()
    history = chapter["train_model"](model, train_pairs, val_pairs, config, torch.device("cpu"), logdir, tokenizer,
                                     samples)
    cpu = time.process_time() - cpu
    papers = test_papers[: config["test_papers"]]
    start = time.perf_counter()
    predictions = {"greedy": chapter["summarise"](model, papers, tokenizer, config, torch.device("cpu"))}
    greedy_seconds = time.perf_counter() - start
    start = time.perf_counter()
    predictions[f"beam search ({config['beam_size']})"] = chapter["summarise"](
        model, papers, tokenizer, config, torch.device("cpu"), config["beam_size"])
    beam_seconds = time.perf_counter() - start
    predictions["first sentence"] = [p["sentences"][0] for p in papers]
    predictions["oracle sentence"] = [chapter["oracle_sentence"](p) for p in papers]
    results = {name: chapter["rouge_scores"](outputs, papers) for name, outputs in predictions.items()}
    if out_log is not None:
        chapter["write_submission_log"](history, config, results, len(train_pairs), out_log)
    timing = {"train_wall_seconds": history["seconds"], "train_cpu_seconds": cpu, "greedy_seconds": greedy_seconds,
              "beam_seconds": beam_seconds, "parameters": sum(p.numel() for p in model.parameters()),
              "n_train_pairs": len(train_pairs), "n_val_pairs": len(val_pairs), "vocab": vocab}
    return history, results, predictions, papers, timing


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1: a shared machine; see the page)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    chapter = chapter_namespace("summarization")
    config = chapter["CONFIGS"]["cpu"]
    with tempfile.TemporaryDirectory() as scratch:
        logdir = Path(scratch) / "runs" / "summarization-cpu"
        history, results, predictions, papers, timing = run(chapter, config, logdir, INSTRUCTOR_LOG)
        log_ok = chapter["check_training_log"](INSTRUCTOR_LOG)
        curves = chapter["read_curves"](logdir)
    fig, (ax_loss, ax_lr) = plt.subplots(1, 2, figsize=(10, 3.6))
    steps, values = curves["loss/train"]
    smooth = np.convolve(values, np.ones(20) / 20, mode="valid")
    ax_loss.plot(steps, values, color="0.85", lw=0.8)
    ax_loss.plot(steps[19:], smooth, label="train (moving average of 20 steps)")
    ax_loss.plot(*curves["loss/val"], "o-", label="validation (after each epoch)")
    ax_loss.set(xlabel="step", ylabel="label-smoothed loss per token", title="loss/train and loss/val")
    ax_loss.legend()
    ax_lr.plot(*curves["lr"])
    ax_lr.set(xlabel="step", ylabel="learning rate", title="lr: warm-up, cosine decay")
    save(fig, args.out, "summarization_curves.svg")
    examples = [{"abstract": papers[i]["source"], "references": papers[i]["targets"],
                 **{name: predictions[name][i] for name in predictions}} for i in range(3)]
    summary = {"config": config, "threads": args.threads, **{k: round(v, 1) if isinstance(v, float) else v
                                                            for k, v in timing.items()},
               "train_loss_first_tenth": float(np.mean(history["train_loss"][: len(history["train_loss"]) // 10])),
               "train_loss_last_tenth": float(np.mean(history["train_loss"][-(len(history["train_loss"]) // 10):])),
               "val_loss": [round(v, 4) for v in history["val_loss"]], "val_step": history["val_step"],
               "log_check": bool(log_ok), "test_papers": len(papers),
               "rouge": {name: {k: round(v, 2) for k, v in r.items()} for name, r in results.items()},
               "examples": examples}
    (args.out / "summarization_results.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps({k: v for k, v in summary.items() if k != "examples"}, indent=1))


if __name__ == "__main__":
    main()
