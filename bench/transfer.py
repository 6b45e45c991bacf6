"""Results of the transfer-learning chapter on real data, from the master's own code (``chapter_namespace``).

    .venv/bin/python bench/transfer.py [--threads 2] [--seeds 0 1 2] [--parts vision language]
                                       [--out book/figures/transfer_results.json]

Runs the experiments of assignments/transfer/transfer.ipynb with its CPU configurations: EfficientNet-Lite0
(ImageNet) on 10 and 100 MNIST labels per class, frozen, unfrozen (batch-norm statistics kept, and in train
mode) and from scratch, for each seed; the LSTM language model on Penn Treebank (8-minute budget), its test
perplexity and WikiText-2's test perplexity in the PTB vocabulary; NLI on the MNLI sample with the LM frozen,
fine-tuned and from scratch, with all-MiniLM-L6-v2 frozen, fine-tuned (last 2 layers) and on the hypothesis
alone, against the majority class; ULMFiT on SST-2 (2,000 labels) against the pretrained LM trained all at once
and against training from scratch; integrated-gradients attributions; one epoch in float32 and under autocast.
Prints every figure with its training time, and writes them to --out for book/figures/transfer_figures.py.
"""
import argparse
import json
import sys
import time
from pathlib import Path

# this file's folder first on sys.path would make `import transformers` (Hugging Face's, imported to load
# MiniLM) find bench/transformers.py instead
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import numpy as np  # noqa: E402
import torch  # noqa: E402

from zoo.chapter import chapter_namespace  # noqa: E402


def run(args, results):
    """Run the parts asked for, adding to results (and saving them after each part when --out is given)."""
    torch.set_num_threads(args.threads)
    c = chapter_namespace("transfer", device=torch.device("cpu"))
    if "vision" in args.parts:
        wall = time.perf_counter()
        vision = {**c["VISION_CONFIGS"]["cpu"], "seeds": tuple(args.seeds)}
        name, runs = c["vision_experiment"](vision)
        results["vision"] = {"extractor": name, "config": {k: v for k, v in vision.items() if k != "epochs"},
                             "runs": [{"per_class": p, "seed": s, **{m: {"accuracy": r["accuracy"], "seconds": r["seconds"]}
                                                                     for m, r in by_method.items()}}
                                      for (p, s), by_method in runs.items()],
                             "wall_seconds": time.perf_counter() - wall, "threads": args.threads}
        save(args, results)
    if "language" in args.parts:
        language(args, c, results)
    return results


def save(args, results):
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1))


def language(args, c, results):
    import captum.attr  # noqa: F401  (here, not after half an hour, if it is missing)

    wall = time.perf_counter()
    encoder_name, tokenizer, encoder = c["pretrained_encoder"]()  # likewise
    lm_config = c["LM_CONFIGS"]["cpu"]
    lm, vocabulary, lm_results = c["lm_experiment"](lm_config)
    results["lm"] = lm_results
    save(args, results)

    nli = c["NLI_CONFIGS"]["cpu"]
    train, test, nli_results = c["nli_data"](nli)
    for mode in ("frozen", "fine-tuned", "scratch"):
        nli_results[f"your LM, {mode}"] = c["nli_with_lm"](lm, vocabulary, train, test, nli, mode)
    for mode in ("frozen", "fine-tuned", "hypothesis only"):
        nli_results[f"{encoder_name}, {mode}"] = c["nli_with_bert"](tokenizer, encoder, train, test, nli, mode)
    results["nli"] = nli_results
    save(args, results)

    sentiment = c["SENTIMENT_CONFIGS"]["cpu"]
    labelled, sentiment_test, target_lm, sentiment_results = c["sentiment_experiment"](lm, vocabulary, lm_config,
                                                                                          sentiment)
    ulmfit = sentiment_results["ULMFiT: fine-tuned LM, gradual unfreezing"]["model"]
    results["sentiment"] = {k: {"accuracy": v["accuracy"], "seconds": v["seconds"]} for k, v in sentiment_results.items()}
    results["attributions"] = [{"words": words, "scores": scores.tolist(), "predicted": predicted, "label": label}
                               for words, scores, predicted, label in
                               c["attribution_examples"](ulmfit, vocabulary, sentiment_test)]
    subset = labelled[:sentiment["autocast_examples"]]
    results["autocast"] = c["autocast_experiment"](target_lm, vocabulary, subset, sentiment_test, sentiment)
    results["language_wall_seconds"] = time.perf_counter() - wall
    save(args, results)


def report(r):
    if "vision" in r:
        report_vision(r["vision"])
    if "autocast" in r:
        report_language(r)


def report_vision(v):
    methods = list(v["runs"][0])[2:]
    print(f"vision: {v['extractor']}, {v['config']['size']} px, test on {v['config']['test_images']} MNIST images; "
          "accuracy mean ± std over seeds, mean seconds")
    for per_class in sorted({run["per_class"] for run in v["runs"]}):
        runs = [run for run in v["runs"] if run["per_class"] == per_class]
        cells = [f"{m}: {np.mean([x[m]['accuracy'] for x in runs]):.1%} ± {np.std([x[m]['accuracy'] for x in runs]):.1%} "
                 f"({np.mean([x[m]['seconds'] for x in runs]):.0f} s)" for m in methods]
        seeds = ", ".join(f"{x['seed']}: " + "/".join(f"{x[m]['accuracy']:.3f}" for m in methods) for x in runs)
        print(f"  {per_class:>3} per class | " + " | ".join(cells))
        print(f"      by seed ({'/'.join(methods)}): {seeds}")


def report_language(r):
    lm = r["lm"]
    h = lm["history"]
    print(f"language model: {lm['corpus']}, {h['seconds']:.0f} s wall, {h['cpu_seconds']:.0f} s CPU, "
          f"{len(h['val_ppl'])} validation passes {[round(x, 1) for x in h['val_ppl']]}; test perplexity {lm['test_ppl']:.1f}")
    if "wikitext2_ppl" in lm:
        print(f"  WikiText-2 test in the PTB vocabulary: perplexity {lm['wikitext2_ppl']:.1f}, "
              f"{lm['wikitext2_unknown']:.1%} <unk>")
    for sentence in lm["generated"]:
        print("  generated:", sentence)
    for section in ("nli", "sentiment"):
        print(f"{section}:")
        for name, result in r[section].items():
            print(f"  {name:44} {result['accuracy']:6.1%}  {result['seconds']:6.0f} s")
    print("autocast (one epoch of the sentiment classifier):")
    for name, result in r["autocast"].items():
        print(f"  {name:18} {result['seconds']:6.1f} s, test accuracy {result['accuracy']:.1%}")
    print(f"language part: {r['language_wall_seconds']:.0f} s wall")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--parts", nargs="+", default=["vision", "language"], choices=["vision", "language"])
    parser.add_argument("--out", default=None, help="the results as JSON: read if it exists, the parts run replaced")
    args = parser.parse_args()
    results = json.loads(Path(args.out).read_text()) if args.out and Path(args.out).exists() else {}
    report(run(args, results))


if __name__ == "__main__":
    main()
