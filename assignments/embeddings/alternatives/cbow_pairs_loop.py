# question: cbow_pairs
# a Python loop over the positions
def cbow_pairs(tokens, window=2):
    """tokens: N word ids. Returns (context (M, 2 * window) int64, target (M,) int64), one row per position t
    with window words on each side: context = tokens[t-window:t] + tokens[t+1:t+window+1], target = tokens[t]."""
    # ---- YOUR CODE (cbow_pairs) ----
    tokens = [int(t) for t in tokens]
    contexts, targets = [], []
    for t in range(window, len(tokens) - window):
        contexts.append(tokens[t - window:t] + tokens[t + 1:t + window + 1])
        targets.append(tokens[t])
    return torch.tensor(contexts, dtype=torch.long).reshape(len(targets), 2 * window), torch.tensor(targets, dtype=torch.long)
    # ---- END YOUR CODE ----
