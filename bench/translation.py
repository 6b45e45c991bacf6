"""Validation perplexity and training time of the translation chapter's three models on the real Multi30k data.

    .venv/bin/python bench/translation.py [--config cpu] [--epochs N] [--threads 2]

Runs the master's own code: the solutions and the given helper functions of
assignments/translation/translation.ipynb (``chapter_namespace``). Builds the vocabularies and the pairs of the
chosen configuration (``cpu``: 10,000 training pairs of at most 20 tokens, as in the notebook), trains seq2seq
without attention, seq2seq with cosine attention and the Transformer translator with the same data, optimiser,
learning rate and number of epochs, and prints each model's validation perplexity (greedy decoding for the
seq2seq models) and training time.
"""
import argparse

import torch

import zoo.data
from zoo.chapter import chapter_namespace


def train_all(config_name="cpu", epochs=None, device="cpu"):
    """(chapter, config, vocabularies and pairs, models, histories) of the notebook's comparison."""
    chapter = chapter_namespace("translation")
    config = dict(chapter["CONFIGS"][config_name])
    config["epochs"] = epochs or config["epochs"]
    train_text = zoo.data.load_multi30k("train", limit=config["train_pairs"])
    val_text = zoo.data.load_multi30k("val")
    data = chapter["build_dataset"](train_text, val_text, config["max_length"])  # de_vocab, en_vocab, train, val
    models = chapter["make_models"](data[0], data[1], config, torch.device(device))
    histories = {name: chapter["train"](model, name, data[2], data[3], config["epochs"], config["lr"],
                                        config["batch_size"]) for name, model in models.items()}
    return chapter, config, data, models, histories


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="cpu", choices=["cpu", "gpu"])
    parser.add_argument("--epochs", type=int, help="default: the configuration's")
    parser.add_argument("--threads", type=int, default=2, help="torch threads")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    _, config, data, _, histories = train_all(args.config, args.epochs, args.device)
    print(f"Multi30k de->en, {args.config} configuration: {len(data[2])} training and {len(data[3])} validation pairs, "
          f"{config['epochs']} epochs each, Adam lr {config['lr']}, {args.threads} threads on {args.device}")
    print(f"  {'model':22} {'val. perplexity':>16} {'training s':>11}")
    for name, history in histories.items():
        print(f"  {name:22} {history['val_perplexity'][-1]:16.2f} {history['seconds']:11.1f}")


if __name__ == "__main__":
    main()
