# question: lm_batches
# batchify with reshape and permute, get_batch with narrow.
def batchify(ids, batch_size):
    """(N,) token ids -> (N // batch_size, batch_size): each column an independent, contiguous stream."""
    usable = ids.numel() - ids.numel() % batch_size
    return ids[:usable].reshape(batch_size, -1).permute(1, 0).contiguous()


def get_batch(source, i, bptt):
    """Rows i .. i+T-1 of source (T, B) as input, the next rows flattened (T * B,) as target; T <= bptt."""
    length = min(bptt, source.shape[0] - 1 - i)
    return source.narrow(0, i, length), source.narrow(0, i + 1, length).flatten()
