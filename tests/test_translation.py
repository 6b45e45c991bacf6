"""The translation chapter outside the grader: its float64 reference against torch's own attention, and
its given data pipeline and training loop on a tiny corpus made here.

``attention_reference`` (nested in the master's hidden test cells, which only the autograder bundle holds)
judges every student's multi-head attention; it is compared with ``nn.MultiheadAttention`` followed by the residual and ``LayerNorm``. The tokenizer,
vocabularies, batches and ``train`` are the notebook's given cells, run through ``zoo.chapter``'s
``chapter_namespace`` with the solutions filled in.
"""
import ast
import textwrap

import numpy as np
import pytest
import torch

from zoo.chapter import chapter_namespace
from zoo.master import read_master


def nested(name):
    """The distinct sources of the functions called ``name`` in the master's test cells."""
    nb, _, questions = read_master("translation")
    sources = set()
    for question in questions:
        for index, _, _ in question.tests:
            cell = nb.cells[index].source
            for node in ast.walk(ast.parse(cell)):
                if isinstance(node, ast.FunctionDef) and node.name == name:
                    sources.add(textwrap.dedent(ast.get_source_segment(cell, node, padded=True)))
    return sources


@pytest.fixture(scope="module")
def chapter():
    return chapter_namespace("translation")


def test_attention_reference_equals_torch_multihead_attention():
    helpers = {}
    for name in ("attention_reference", "layer_norm", "linear"):
        sources = nested(name)
        assert len(sources) == 1, f"the copies of {name} in the test cells differ"
        exec(sources.pop(), {"np": np}, helpers)
    attention_reference = helpers["attention_reference"]
    attention_reference.__globals__.update(helpers, np=np)
    rng = np.random.default_rng(0)
    N, T, H, dk = 2, 5, 3, 4
    D = H * dk  # nn.MultiheadAttention needs num_heads * head_dim == embed_dim
    w = {f"{p}__weight": rng.normal(size=(D, D)) / 2 for p in ("q_proj", "k_proj", "v_proj", "attention_head_projection")}
    w.update({f"{p}__bias": rng.normal(size=D) / 4 for p in ("q_proj", "k_proj", "v_proj", "attention_head_projection")})
    w["norm_mh__weight"], w["norm_mh__bias"] = 1 + rng.normal(size=D) / 4, rng.normal(size=D) / 4
    x = rng.normal(size=(N, T, D))
    mha = torch.nn.MultiheadAttention(D, H, batch_first=True).double()
    norm = torch.nn.LayerNorm(D).double()
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(np.concatenate([w[f"{p}__weight"] for p in ("q_proj", "k_proj", "v_proj")])))
        mha.in_proj_bias.copy_(torch.from_numpy(np.concatenate([w[f"{p}__bias"] for p in ("q_proj", "k_proj", "v_proj")])))
        mha.out_proj.weight.copy_(torch.from_numpy(w["attention_head_projection__weight"]))
        mha.out_proj.bias.copy_(torch.from_numpy(w["attention_head_projection__bias"]))
        norm.weight.copy_(torch.from_numpy(w["norm_mh__weight"]))
        norm.bias.copy_(torch.from_numpy(w["norm_mh__bias"]))
        xt = torch.from_numpy(x)
        want = norm(xt + mha(xt, xt, xt, need_weights=False)[0]).numpy()
    np.testing.assert_allclose(attention_reference(x, w, H), want, atol=1e-10)
    assert not np.allclose(attention_reference(x, w, H, "interleaved"), want)


def test_tokens_vocabularies_and_batches(chapter):
    assert chapter["tokenize"]("Zwei Männer, draußen.") == ["zwei", "männer", ",", "draußen", "."]
    text = [("Ein Hund läuft schnell.", "A dog runs."), ("Ein Hund schläft.", "A dog sleeps."),
            ("Ein sehr langer Satz mit vielen Wörtern hier.", "A very long sentence with many words here.")]
    de_vocab, en_vocab, train_pairs, val_pairs = chapter["build_dataset"](text, text[:1], max_length=7)
    assert de_vocab.itos[:4] == ["<pad>", "<unk>", "<sos>", "<eos>"] and set(de_vocab.itos[4:]) == {"ein", "hund", "."}
    assert len(train_pairs) == 2 and len(val_pairs) == 1, "the long pair does not fit in 7 tokens"
    assert de_vocab.decode(train_pairs[0][0]) == "ein hund <unk> <unk> ." and en_vocab.decode(train_pairs[1][1]) == "a dog <unk> ."
    source, target = chapter["make_batch"](train_pairs)  # 7 tokens: the longest sentence of either side
    assert source.shape == target.shape == (2, 7)
    assert target[0].tolist()[-2:] == [3, 0] and source[1].tolist()[-2:] == [3, 0], "<eos>, then <pad>"


def test_three_models_learn_a_tiny_corpus(chapter):
    """A few epochs on a made-up corpus lower every model's perplexity on it, with the notebook's loop."""
    torch.manual_seed(0)
    nouns = [("hund", "dog"), ("katze", "cat"), ("mann", "man"), ("frau", "woman"), ("kind", "child")]
    verbs = [("läuft", "runs"), ("schläft", "sleeps"), ("springt", "jumps"), ("sitzt", "sits")]
    text = [(f"Ein {n} {v}.", f"A {m} {e}.") for n, m in nouns for v, e in verbs] * 4
    de_vocab, en_vocab, pairs, _ = chapter["build_dataset"](text, [], max_length=8)
    config = {"emb_size": 16, "hidden_size": 32, "model_type": "RNN", "max_length": 8,
              "transformer": {"hidden_dim": 32, "num_heads": 2, "dim_feedforward": 64, "dim_k": 16, "dim_v": 16, "dim_q": 16}}
    models = chapter["make_models"](de_vocab, en_vocab, config, torch.device("cpu"))
    for name, model in models.items():
        before = chapter["perplexity"](model, pairs)
        history = chapter["train"](model, name, pairs, pairs, epochs=15, lr=1e-2, batch_size=16)
        assert history["val_perplexity"][-1] < before / 3, (name, before, history["val_perplexity"])
        assert len(history["loss"]) == 15 * 5 and history["seconds"] > 0


def test_training_stops_at_the_first_loss_that_is_not_a_number(chapter):
    """A model that computes NaN is neither trained (step 0 stops, before any update) nor scored."""
    from zoo.training import NotFinite

    text = [("Ein Hund läuft.", "A dog runs."), ("Ein Hund schläft.", "A dog sleeps.")] * 2
    de_vocab, en_vocab, pairs, _ = chapter["build_dataset"](text, [], max_length=6)
    config = {"emb_size": 8, "hidden_size": 8, "model_type": "RNN", "max_length": 6,
              "transformer": {"hidden_dim": 8, "num_heads": 2, "dim_feedforward": 16, "dim_k": 4, "dim_v": 4, "dim_q": 4}}
    model = chapter["make_models"](de_vocab, en_vocab, config, torch.device("cpu"))["Transformer"]
    with torch.no_grad():
        model.final.bias.fill_(float("nan"))
    before = [p.clone() for p in model.parameters()]
    with pytest.raises(NotFinite, match="validation loss.*TransformerTranslator's embed"):
        chapter["perplexity"](model, pairs)
    with pytest.raises(NotFinite, match="step 0: the loss is nan.*TransformerTranslator's embed"):
        chapter["train"](model, "Transformer", pairs, pairs, epochs=1, lr=1e-2, batch_size=2)
    assert all(torch.equal(a.nan_to_num(), b.nan_to_num()) for a, b in zip(before, model.parameters())), "a weight changed"
