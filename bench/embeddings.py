"""Results of the word-embeddings chapter on real data: WikiText-2 (valid + test) and GloVe 6B 50d.

    .venv/bin/python bench/embeddings.py [--threads 2] [--cbow-epochs 2] [--skipgram-epochs 3]

Runs the master's own code: the solutions and the given helper functions of
assignments/embeddings/embeddings.ipynb (``chapter_namespace``). Trains the N-gram model on the tutorial's
sonnet, CBOW and skip-gram with negative sampling on WikiText-2's validation and test splits (from
shared/data), and prints the training times (process CPU time and wall time), the nearest neighbours of a few
words, the analogy accuracy of the three models on the questions WikiText-2 covers, GloVe's answers to
king - man + woman and man : doctor :: woman : ?, the occupations' projections on the gender direction and the
WEAT effect sizes (career/family x male/female names, flowers/insects x pleasant/unpleasant).
"""
import argparse
import time

import torch
import torch.nn.functional as F

from zoo.chapter import chapter_namespace

NEIGHBOUR_WORDS = ["king", "city", "music", "war", "french", "january", "good"]


def timed(function, *args, **kwargs):
    cpu, wall = time.process_time(), time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.process_time() - cpu, time.perf_counter() - wall


def run(args, chapter=None):
    """Everything the chapter reports, as a dict (also used by book/figures/embeddings_figures.py)."""
    torch.set_num_threads(args.threads)
    c = chapter or chapter_namespace("embeddings")
    results = {}
    (ngram_model, sonnet_vocabulary, ngram_losses), cpu, wall = timed(c["train_ngram"], c["SONNET"].split())
    results["ngram"] = {"losses": ngram_losses, "cpu": cpu, "wall": wall, "model": ngram_model,
                        "vocabulary": sonnet_vocabulary}
    tokens = c["load_wikitext2"]("valid") + c["load_wikitext2"]("test")
    words, ids, counts = c["build_vocabulary"](tokens)
    results["corpus"] = {"tokens": len(tokens), "kept": len(ids), "vocabulary": len(words)}
    (cbow, cbow_losses, _), cpu, wall = timed(c["train_cbow"], ids, len(words), epochs=args.cbow_epochs)
    results["cbow"] = {"losses": cbow_losses, "cpu": cpu, "wall": wall}
    (skipgram, skipgram_losses, _), cpu, wall = timed(c["train_skipgram"], ids, counts, epochs=args.skipgram_epochs)
    results["skipgram"] = {"losses": skipgram_losses, "cpu": cpu, "wall": wall}
    glove_vectors, glove_words = c["load_glove"]()
    models = {"CBOW": (cbow.embeddings.weight.detach(), words), "skip-gram": (skipgram.in_embed.weight.detach(), words),
              "GloVe": (glove_vectors, glove_words)}
    results["models"] = models
    results["neighbours"] = {w: {name: [x for x, _ in c["most_similar"](v, ws, w, 5)] if w in ws else None
                                 for name, (v, ws) in models.items()} for w in NEIGHBOUR_WORDS}
    known = set(words)
    results["analogies"] = {}
    for category, pairs in c["ANALOGY_PAIRS"].items():
        questions = [q for q in c["analogy_questions"](pairs) if all(w in known for w in q)]
        results["analogies"][category] = {"questions": len(c["analogy_questions"](pairs)), "covered": len(questions),
                                          **{name: c["analogy_accuracy"](v, ws, questions)[0]
                                             for name, (v, ws) in models.items()}}
    all_questions = [q for pairs in c["ANALOGY_PAIRS"].values() for q in c["analogy_questions"](pairs)]
    covered = [q for q in all_questions if all(w in known for w in q)]
    results["analogies"]["all"] = {"questions": len(all_questions), "covered": len(covered),
                                   **{name: c["analogy_accuracy"](v, ws, covered)[0] for name, (v, ws) in models.items()}}
    results["glove_all_questions"] = c["analogy_accuracy"](glove_vectors, glove_words, all_questions)
    results["king"] = c["analogy"](glove_vectors, glove_words, "man", "king", "woman", topn=3)
    results["doctor"] = c["analogy"](glove_vectors, glove_words, "man", "doctor", "woman", topn=5)
    results["doctor_reverse"] = c["analogy"](glove_vectors, glove_words, "woman", "doctor", "man", topn=5)
    unit = F.normalize(glove_vectors, dim=1)
    g = c["gender_direction"](unit, glove_words, c["DEFINITIONAL_PAIRS"])
    occupations = c["in_vocabulary"](c["OCCUPATIONS"], glove_words)
    results["projections"] = dict(zip(occupations, c["project"](unit, glove_words, occupations, g).tolist()))
    results["weat"] = {}
    for name, sets in c["WEAT"].items():
        X, Y, A, B = (c["in_vocabulary"](s, glove_words) for s in sets)
        results["weat"][name] = (float(c["weat_effect_size"](glove_vectors, glove_words, X, Y, A, B)),
                                 (len(X), len(Y), len(A), len(B)))
    return results


def report(r):
    print(f"N-gram model on the sonnet: loss {r['ngram']['losses'][0]:.1f} -> {r['ngram']['losses'][-1]:.1f} "
          f"over {len(r['ngram']['losses'])} epochs, {r['ngram']['cpu']:.1f} s CPU, {r['ngram']['wall']:.1f} s wall")
    k = r["corpus"]
    print(f"WikiText-2 valid+test: {k['tokens']:,} alphabetic words, {k['kept']:,} kept, vocabulary {k['vocabulary']:,}")
    for name in ("cbow", "skipgram"):
        losses = r[name]["losses"]
        first, last = sum(losses[:50]) / 50, sum(losses[-50:]) / 50
        print(f"{name}: {len(losses)} steps, loss (mean of 50 steps) {first:.3f} -> {last:.3f}, "
              f"{r[name]['cpu']:.0f} s CPU, {r[name]['wall']:.0f} s wall")
    print("nearest neighbours (5):")
    for word, by_model in r["neighbours"].items():
        for name, found in by_model.items():
            print(f"  {word:>9} {name:>9}: {', '.join(found) if found else '(not in the vocabulary)'}")
    print("analogy accuracy on the questions WikiText-2 covers:")
    print(f"  {'category':>12} {'covered':>11} {'CBOW':>6} {'skip-gram':>9} {'GloVe':>6}")
    for category, a in r["analogies"].items():
        print(f"  {category:>12} {a['covered']:>4} of {a['questions']:<4} {a['CBOW']:6.3f} {a['skip-gram']:9.3f} {a['GloVe']:6.3f}")
    accuracy, covered = r["glove_all_questions"]
    print(f"GloVe on all the questions: {accuracy:.3f} ({covered} covered)")
    print("king - man + woman (GloVe):", [(w, round(s, 3)) for w, s in r["king"]])
    print("man : doctor :: woman : ? (GloVe):", [(w, round(s, 3)) for w, s in r["doctor"]])
    print("woman : doctor :: man : ? (GloVe):", [(w, round(s, 3)) for w, s in r["doctor_reverse"]])
    print("projections on the gender direction (GloVe, > 0: he side):")
    for word, value in sorted(r["projections"].items(), key=lambda item: item[1]):
        print(f"  {word:>13} {value:+.3f}")
    for name, (d, sizes) in r["weat"].items():
        print(f"WEAT {name}: d = {d:.2f} (|X|, |Y|, |A|, |B| = {sizes})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2, help="torch threads (1 is faster on a busy machine)")
    parser.add_argument("--cbow-epochs", type=int, default=2)
    parser.add_argument("--skipgram-epochs", type=int, default=3)
    report(run(parser.parse_args()))


if __name__ == "__main__":
    main()
