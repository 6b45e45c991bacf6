# question: ngrams
# an explicit loop with a sliding list
def ngrams(tokens, context_size):
    """tokens: list of N words. Returns [(context, target), ...]: for t = context_size .. N-1,
    context = the context_size words before tokens[t] in reading order (a list), target = tokens[t]."""
    # ---- YOUR CODE (ngrams) ----
    pairs = []
    for t, target in enumerate(tokens):
        if t >= context_size:
            pairs.append(([tokens[t - context_size + j] for j in range(context_size)], target))
    return pairs
    # ---- END YOUR CODE ----
