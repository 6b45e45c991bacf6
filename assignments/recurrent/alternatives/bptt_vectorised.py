# question: bptt_gradients
# Stacks the states into (T+1, H), computes the output layer, loss and every weight gradient for all steps at once (einsum), looping only for the recurrence.
def rnn_bptt(x, y, h0, U, W, b, V, c):
    """Loss and gradients of L = sum_t CE(softmax(V h_t + c), y_t), h_t = tanh(U x_t + W h_{t-1} + b).

    x: (T, I), y: (T,) int64, h0: (H,), U: (H, I), W: (H, H), b: (H,), V: (K, H), c: (K,).
    Returns {"loss": (), "dU": (H, I), "dW": (H, H), "db": (H,), "dV": (K, H), "dc": (K,)}.
    """
    # ---- YOUR CODE (rnn_bptt) ----
    T, H = x.shape[0], h0.shape[0]
    hs = [h0]
    for t in range(T):  # the recurrence itself cannot be vectorised
        hs.append(torch.tanh(U @ x[t] + W @ hs[-1] + b))
    hs = torch.stack(hs)  # (T+1, H): hs[0] = h0
    log_p = torch.log_softmax(hs[1:] @ V.T + c, dim=1)  # (T, K)
    steps = torch.arange(T)
    loss = -log_p[steps, y].sum()
    delta_o = log_p.exp()  # (T, K)
    delta_o[steps, y] -= 1  # softmax + cross-entropy, every step
    delta_h_out = delta_o @ V  # (T, H): V^T delta_o for every step
    delta_a = torch.zeros(T, H, dtype=x.dtype)  # (T, H)
    d_next = torch.zeros(H, dtype=x.dtype)
    for t in reversed(range(T)):
        d_next = (1 - hs[t + 1] ** 2) * (delta_h_out[t] + W.T @ d_next)  # (H,)
        delta_a[t] = d_next
    return {"loss": loss,
            "dU": torch.einsum("th,ti->hi", delta_a, x),  # (H, I)
            "dW": torch.einsum("th,tj->hj", delta_a, hs[:-1]),  # (H, H)
            "db": delta_a.sum(0),  # (H,)
            "dV": torch.einsum("tk,th->kh", delta_o, hs[1:]),  # (K, H)
            "dc": delta_o.sum(0)}  # (K,)
    # ---- END YOUR CODE ----
