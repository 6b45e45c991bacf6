# question: weat_effect_size
# plain Python loops over the words, statistics.stdev (n - 1)
def weat_effect_size(vectors, words, X, Y, A, B):
    """Caliskan et al.'s effect size: (mean_x s(x) - mean_y s(y)) / std_{w in X u Y} s(w), with
    s(w) = mean_a cos(w, a) - mean_b cos(w, b) and the sample standard deviation (n - 1)."""
    # ---- YOUR CODE (weat_effect_size) ----
    import statistics

    def vector(w):
        return vectors[words.index(w)]

    def cos(u, v):
        return float(F.cosine_similarity(u, v, dim=0))

    def s(w):
        return (statistics.mean(cos(vector(w), vector(a)) for a in A)
                - statistics.mean(cos(vector(w), vector(b)) for b in B))

    s_x, s_y = [s(x) for x in X], [s(y) for y in Y]
    return (statistics.mean(s_x) - statistics.mean(s_y)) / statistics.stdev(s_x + s_y)
    # ---- END YOUR CODE ----
