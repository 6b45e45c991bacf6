"""The transformers chapter's results on Tiny Shakespeare: the bigram baseline against the student's GPT.

    .venv/bin/python bench/transformers.py [--threads 2] [--config cpu|gpu] [--save model.pt]

Runs the master's own code (the solutions and given helpers of assignments/transformers/transformers.ipynb,
through ``chapter_namespace``) on ``shared/data/tinyshakespeare/input.txt`` (90/10 split), with ``--threads``
torch threads: trains the bigram model, then the GPT of the chosen configuration (``CPU_CONFIG``: the default,
about 5 minutes on two idle cores; ``GPU_CONFIG``: nanoGPT's shakespeare_char sizes, on CUDA when present), and
prints each model's validation loss (nats per character), parameters, wall-clock and CPU time. ``--save``
writes the GPT's state dict and the history for book/figures/transformers_figures.py.
"""
import argparse
import json
import sys
import time
from pathlib import Path

# this file's folder first on sys.path would make `import transformers` (Hugging Face's, imported by the
# master's helper cells) find this script instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
from zoo.compat import import_torchvision  # noqa: E402

import_torchvision()  # a torchvision built for another torch (this CPU machine) would break `import transformers`

import torch  # noqa: E402

from zoo.chapter import chapter_namespace  # noqa: E402
from zoo.data import find_dataset  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--config", default="cpu", choices=["cpu", "gpu"])
    parser.add_argument("--save", default=None, help="where to write the trained GPT (a .pt file)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    ns = chapter_namespace("transformers")
    folder = find_dataset("tinyshakespeare")
    if folder is None:
        sys.exit("tinyshakespeare/input.txt not found (set ZOO_DATA or run from the course checkout)")
    text = (folder / "input.txt").read_text(encoding="utf-8")
    tokenizer = ns["CharTokenizer"](text)
    data = tokenizer.encode(text)
    n_train = int(0.9 * len(data))
    device = "cuda" if args.config == "gpu" and torch.cuda.is_available() else "cpu"
    splits = {"train": data[:n_train].to(device), "val": data[n_train:].to(device)}
    results = {}

    def run(name, model, **train_args):
        wall, cpu = time.perf_counter(), time.process_time()
        history = ns["train"](model, splits, desc=name, **train_args)
        results[name] = {"val": history[-1]["val"], "train": history[-1]["train"],
                         "parameters": sum(p.numel() for p in model.parameters()),
                         "wall seconds": time.perf_counter() - wall, "cpu seconds": time.process_time() - cpu}
        print(f"{name}: " + ", ".join(f"{k} {v:.4g}" for k, v in results[name].items()), flush=True)
        return history

    torch.manual_seed(0)
    bigram = ns["BigramLanguageModel"](len(tokenizer.chars)).to(device)
    bigram_history = run("bigram", bigram, batch_size=32, block_size=8, max_iters=3000, lr=1e-1, warmup=1,
                         weight_decay=0.0, eval_interval=500)
    config = dict(ns["GPU_CONFIG"] if args.config == "gpu" else ns["CPU_CONFIG"])
    batch_size, max_iters, lr, eval_interval = (config.pop(k) for k in ("batch_size", "max_iters", "lr", "eval_interval"))
    torch.manual_seed(0)
    model = ns["GPT"](len(tokenizer.chars), **config).to(device)
    history = run("GPT", model, batch_size=batch_size, block_size=config["block_size"], max_iters=max_iters, lr=lr,
                  eval_interval=eval_interval)
    model.eval()
    sample = model.generate(torch.tensor([tokenizer.encode("ROMEO:\n").tolist()], device=device), 300,
                            temperature=0.8, top_k=20, generator=torch.Generator(device).manual_seed(0))
    print(tokenizer.decode(sample[0].tolist()))
    print(f"Tiny Shakespeare ({args.config} configuration, {args.threads} thread(s), {device}):")
    for name, r in results.items():
        print(f"  {name:7} validation loss {r['val']:.3f} nats/char, {r['parameters']:,} parameters, "
              f"{r['wall seconds']:.0f} s wall, {r['cpu seconds']:.0f} s CPU")
    if args.save:
        torch.save({"state_dict": model.state_dict(), "config": config, "history": history,
                    "bigram_history": bigram_history, "results": results, "chars": tokenizer.chars}, args.save)
        print(json.dumps({"saved": args.save}))


if __name__ == "__main__":
    main()
