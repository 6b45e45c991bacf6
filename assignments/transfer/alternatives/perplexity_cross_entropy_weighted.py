# question: perplexity
# Mean loss of each batch weighted by its number of tokens; cross_entropy on log-probabilities (log_softmax is idempotent).
def perplexity(model, source, bptt):
    """exp of the mean next-token cross-entropy over the whole batchified split source (N, B)."""
    model.eval()
    losses, sizes = [], []
    state = model.init_hidden(source.shape[1])
    with torch.no_grad():
        i = 0
        while i < source.shape[0] - 1:
            inputs, targets = get_batch(source, i, bptt)
            out, state = model(inputs, state)
            losses.append(F.cross_entropy(out.flatten(0, 1), targets))
            sizes.append(targets.numel())
            i += bptt
    sizes = torch.tensor(sizes, dtype=torch.float64)
    mean = (torch.stack(losses).double() * sizes).sum() / sizes.sum()
    return float(torch.exp(mean))
