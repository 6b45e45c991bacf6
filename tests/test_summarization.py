"""The float64 references of the summarisation chapter's hidden tests, checked on their own, and its given code.

The hidden tests of ``assignments/summarization`` judge students against references nested in the test
cells (``attention_ref``, ``seq2seq_ref``, ``exhaustive``, ``beam_ref``, ...). Here they are taken out of
the master and compared with PyTorch's own attention, with the master's solution run in float64, with each
other (a beam wide enough to keep every hypothesis is an exhaustive search; a beam of 1 is greedy decoding),
and the given data, tokenizer and training-log code is run on the real data where it is present.
"""
import ast
import json
import math
import textwrap
from pathlib import Path

import numpy as np
import pytest
import torch

from zoo.chapter import chapter_namespace
from zoo.master import read_master

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "scitldr"


def nested(test_name):
    """The functions nested in the master's test ``test_name``, defined together (as in the test) with numpy."""
    nb, _, questions = read_master("summarization")
    for question in questions:
        for index, _, _ in question.tests:
            cell = nb.cells[index].source
            for node in ast.walk(ast.parse(cell)):
                if isinstance(node, ast.FunctionDef) and node.name == test_name:
                    scope = {"np": np}
                    for inner in node.body:
                        if isinstance(inner, (ast.FunctionDef, ast.Assign)) and not (
                                isinstance(inner, ast.FunctionDef) and inner.name == "probe"):
                            source = textwrap.dedent(ast.get_source_segment(cell, inner, padded=True))
                            exec(source, scope)
                    return scope
    raise LookupError(test_name)


@pytest.fixture(scope="module")
def chapter():
    return chapter_namespace("summarization")


def test_attention_reference_equals_pytorch_and_zeroes_empty_rows():
    ref = nested("test_attention_reference")
    rng = np.random.default_rng(0)
    B, Tq, Tk, D, heads = 2, 3, 5, 8, 2
    w = ref["attention_weights"](rng, "", D)
    q, k, v = rng.normal(size=(B, Tq, D)), rng.normal(size=(B, Tk, D)), rng.normal(size=(B, Tk, D))
    mask = rng.random(size=(B, 1, Tq, Tk)) < 0.6
    mask[0, 0, 0] = True
    mask[1, 0, 2] = False  # a query that may attend to nothing
    out, weights = ref["attention_ref"](w, "", q, k, v, mask, heads)
    mha = torch.nn.MultiheadAttention(D, heads, batch_first=True).double()
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(np.concatenate([w["w_q__weight"], w["w_k__weight"], w["w_v__weight"]])))
        mha.in_proj_bias.copy_(torch.from_numpy(np.concatenate([w["w_q__bias"], w["w_k__bias"], w["w_v__bias"]])))
        mha.out_proj.weight.copy_(torch.from_numpy(w["w_o__weight"]))
        mha.out_proj.bias.copy_(torch.from_numpy(w["w_o__bias"]))
        allowed = torch.from_numpy(np.broadcast_to(mask, (B, heads, Tq, Tk)).copy())
        want, want_weights = mha(*(torch.from_numpy(a) for a in (q, k, v)), attn_mask=~allowed.reshape(B * heads, Tq, Tk),
                                 average_attn_weights=False)
    fine = np.ones((B, Tq), bool)
    fine[1, 2] = False
    np.testing.assert_allclose(out[fine], want.numpy()[fine], atol=1e-10)
    np.testing.assert_allclose(weights.transpose(0, 2, 1, 3)[fine], want_weights.numpy().transpose(0, 2, 1, 3)[fine],
                               atol=1e-10)
    assert np.all(weights[1, :, 2] == 0) and np.isfinite(out).all()
    bias_only = w["w_o__bias"]  # an empty row reads a zero context: only w_o's bias is left
    np.testing.assert_allclose(out[1, 2], bias_only, atol=1e-12)


def test_positional_reference_is_the_papers_formula():
    pe_ref = nested("test_positional_formula")["pe_ref"]
    table = pe_ref(7, 6)
    for t in range(7):
        for i in range(3):
            assert table[t, 2 * i] == pytest.approx(math.sin(t / 10000 ** (2 * i / 6)))
            assert table[t, 2 * i + 1] == pytest.approx(math.cos(t / 10000 ** (2 * i / 6)))


def test_seq2seq_reference_equals_the_solution_in_float64(chapter):
    ref = nested("test_seq2seq_reference_masks_gradients")
    rng = np.random.default_rng(3)
    D, d_ff, layers, heads = 8, 12, 2, 2
    w = ref["model_weights"](rng, 13, 10, D, d_ff, layers, 16)
    src = np.array([[4, 7, 3, 9, 5], [6, 2, 8, 0, 0]])
    tgt_in = np.array([[1, 5, 3, 7], [1, 4, 0, 0]])
    model = chapter["Seq2SeqTransformer"](13, 10, d_model=D, num_heads=heads, num_layers=layers, d_ff=d_ff, pad_id=0,
                                          max_len=16)
    model = model.double().eval()
    model.load_state_dict({k.replace("__", "."): torch.from_numpy(v) for k, v in w.items()})
    with torch.no_grad():
        got = model(torch.from_numpy(src), torch.from_numpy(tgt_in)).numpy()
    np.testing.assert_allclose(got, ref["seq2seq_ref"](w, src, tgt_in, heads, layers, 0), atol=1e-9)
    for mistake in ("no_src_mask", "no_final_norm"):
        assert not np.allclose(got, ref["seq2seq_ref"](w, src, tgt_in, heads, layers, 0, mistake), atol=1e-4)


def test_layer_references_equal_the_solution_in_float64(chapter):
    ref = nested("test_decoder_layer_reference")
    rng = np.random.default_rng(4)
    D, heads, d_ff = 8, 2, 6
    w = ref["layer_weights"](rng, "", D, d_ff, decoder=True)
    layer = chapter["DecoderLayer"](D, heads, d_ff, dropout=0.1)
    layer = layer.double().eval()
    layer.load_state_dict({k.replace("__", "."): torch.from_numpy(v) for k, v in w.items()})
    y, memory = rng.normal(size=(2, 3, D)), rng.normal(size=(2, 4, D))
    src_mask = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)[:, None, None, :]
    tgt_mask = np.tril(np.ones((3, 3), bool))[None, None]
    with torch.no_grad():
        got = layer(torch.from_numpy(y), torch.from_numpy(memory), torch.from_numpy(src_mask),
                    torch.from_numpy(tgt_mask)).numpy()
    np.testing.assert_allclose(got, ref["decoder_layer_ref"](w, "", y, memory, src_mask, tgt_mask, heads), atol=1e-9)


def test_a_beam_that_keeps_everything_is_exhaustive_and_a_beam_of_one_is_greedy():
    beam = nested("test_beam_exhaustive_and_reference")
    greedy = nested("test_greedy_reference")
    for seed in range(12):
        rng = np.random.default_rng(100 + seed)
        p = beam["standin"](rng, 5, 3, float(rng.uniform(0, 0.6)))
        src = rng.integers(1, 9, size=4)
        alpha = float(rng.choice([0.0, 0.5, 1.0, 2.0]))
        np.testing.assert_array_equal(beam["beam_ref"](p, src, 400, 4, alpha), beam["exhaustive"](p, src, 4, alpha))
        np.testing.assert_array_equal(beam["beam_ref"](p, src, 1, 6, alpha), greedy["greedy_ref"](p, src[None], 6)[0])


def test_the_solution_beam_search_equals_the_reference(chapter):
    """The master's beam_search on the hidden test's stand-in, built as its probe builds it, equals beam_ref."""
    beam = nested("test_beam_exhaustive_and_reference")
    nb, _, questions = read_master("summarization")
    probe_source = next(ast.get_source_segment(nb.cells[i].source, node, padded=True) for q in questions
                        if q.name == "beam_search" for i, _, _ in q.tests
                        for test in ast.walk(ast.parse(nb.cells[i].source))
                        if isinstance(test, ast.FunctionDef) and test.name == "test_beam_exhaustive_and_reference"
                        for node in test.body if isinstance(node, ast.FunctionDef) and node.name == "probe")
    scope = {}
    exec(textwrap.dedent(probe_source), scope)
    for seed, (V, beam_size, max_len, alpha) in enumerate([(8, 3, 7, 1.0), (6, 2, 5, 0.0), (7, 5, 6, 0.5)]):
        rng = np.random.default_rng(200 + seed)
        p = beam["standin"](rng, V, 4, 0.3)
        src = rng.integers(1, 9, size=(1, 5))
        got = scope["probe"](dict(chapter), src=src.astype(float), beam_size=beam_size, max_len=max_len, alpha=alpha,
                             **{k: np.asarray(v, float) for k, v in p.items()})["ids"]
        np.testing.assert_array_equal(got.numpy(), beam["beam_ref"](p, src[0], beam_size, max_len, alpha))


def test_label_smoothing_equals_pytorch(chapter):
    rng = np.random.default_rng(5)
    logits = torch.from_numpy(rng.normal(size=(3, 4, 7)))
    target = torch.from_numpy(rng.integers(0, 7, size=(3, 4)))
    target[0, 2:] = 0
    got = chapter["label_smoothed_loss"](logits, target, 0, 0.2)
    want = torch.nn.functional.cross_entropy(logits.reshape(-1, 7), target.reshape(-1), ignore_index=0,
                                             label_smoothing=0.2)
    assert float(got) == pytest.approx(float(want), abs=1e-12)


def test_training_log_check(chapter, tmp_path, capsys):
    config = {"epochs": 2, "batch_size": 4}
    log = {"config": config, "n_train_pairs": 10, "train_loss": list(np.linspace(8, 5, 6)), "val_loss": [6.0, 5.5]}
    (tmp_path / "log.json").write_text(json.dumps(log))
    assert chapter["check_training_log"](tmp_path / "log.json")
    log["train_loss"] = log["train_loss"][:5]  # a step missing: not the stated configuration
    (tmp_path / "log.json").write_text(json.dumps(log))
    assert not chapter["check_training_log"](tmp_path / "log.json")
    assert "FAIL 5 steps logged, 6 expected" in capsys.readouterr().out


def test_the_instructors_log_is_a_real_run_of_the_cpu_configuration(chapter, capsys):
    log_path = Path(__file__).resolve().parents[1] / "assignments" / "summarization" / "submission_log.json"
    log = json.loads(log_path.read_text())
    assert log["config"] == chapter["CONFIGS"]["cpu"] and log["steps"] == len(log["train_loss"])
    assert chapter["check_training_log"](log_path), capsys.readouterr().out


@pytest.mark.skipif(not DATA.is_dir(), reason="SciTLDR is not in shared/data (the course's offline copy)")
def test_scitldr_loads_and_the_tokenizer_round_trips(chapter, monkeypatch):
    monkeypatch.setenv("ZOO_DATA", str(DATA.parent))
    splits = {split: chapter["load_scitldr"](split) for split in ("train", "dev", "test")}
    assert [len(s) for s in splits.values()] == [1992, 619, 618]
    assert sum(len(p["targets"]) for s in splits.values() for p in s) == 5412
    papers = splits["train"][:200]
    tokenizer = chapter["train_tokenizer"]([p["source"] for p in papers], 600)
    assert [tokenizer.token_to_id(t) for t in ("<pad>", "<bos>", "<eos>")] == [0, 1, 2]
    text = papers[0]["targets"][0]
    assert chapter["to_text"](tokenizer, [1] + tokenizer.encode(text).ids + [2, 0]) == text.lower().strip()
