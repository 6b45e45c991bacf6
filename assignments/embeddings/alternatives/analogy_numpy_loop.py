# question: analogy
# numpy, a word at a time, sorted with Python's sort
def analogy(vectors, words, a, b, c, topn=1):
    """a : b :: c : ?  The topn words closest (cosine) to unit(b) - unit(a) + unit(c), a, b, c excluded."""
    # ---- YOUR CODE (analogy) ----
    import numpy as np
    x = np.asarray(vectors, dtype=np.float64)
    unit = {w: x[i] / np.linalg.norm(x[i]) for w, i in ((w, words.index(w)) for w in (a, b, c))}
    target = unit[b] - unit[a] + unit[c]
    scored = []
    for i, w in enumerate(words):
        if w in (a, b, c):
            continue
        scored.append((float(x[i] @ target / (np.linalg.norm(x[i]) * np.linalg.norm(target))), w))
    scored.sort(reverse=True)
    return [(w, s) for s, w in scored[:topn]]
    # ---- END YOUR CODE ----
