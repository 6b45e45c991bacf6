# question: bptt_gradients
# Does the whole forward and backward pass in numpy and converts the results back to tensors of the inputs' dtype.
def rnn_bptt(x, y, h0, U, W, b, V, c):
    """Loss and gradients of L = sum_t CE(softmax(V h_t + c), y_t), h_t = tanh(U x_t + W h_{t-1} + b).

    x: (T, I), y: (T,) int64, h0: (H,), U: (H, I), W: (H, H), b: (H,), V: (K, H), c: (K,).
    Returns {"loss": (), "dU": (H, I), "dW": (H, H), "db": (H,), "dV": (K, H), "dc": (K,)}.
    """
    # ---- YOUR CODE (rnn_bptt) ----
    import numpy as np
    x_, h0_, U_, W_, b_, V_, c_ = (a.detach().cpu().numpy() for a in (x, h0, U, W, b, V, c))
    y_ = y.cpu().numpy()
    T = x_.shape[0]
    hs, probs = [h0_], []
    for t in range(T):
        hs.append(np.tanh(U_ @ x_[t] + W_ @ hs[-1] + b_))  # (H,)
        z = V_ @ hs[-1] + c_  # (K,)
        e = np.exp(z - z.max())
        probs.append(e / e.sum())  # (K,)
    loss = -sum(np.log(probs[t][y_[t]]) for t in range(T))
    dU, dW, db = np.zeros_like(U_), np.zeros_like(W_), np.zeros_like(b_)
    dV, dc = np.zeros_like(V_), np.zeros_like(c_)
    da_next = np.zeros_like(h0_)
    for t in range(T - 1, -1, -1):
        do = probs[t] - np.eye(len(c_))[y_[t]]  # (K,)
        dV += np.outer(do, hs[t + 1])
        dc += do
        da = (1 - hs[t + 1] ** 2) * (V_.T @ do + W_.T @ da_next)  # (H,)
        dU += np.outer(da, x_[t])
        dW += np.outer(da, hs[t])
        db += da
        da_next = da
    back = lambda a: torch.as_tensor(np.asarray(a), dtype=x.dtype, device=x.device)
    return {"loss": back(loss), "dU": back(dU), "dW": back(dW), "db": back(db), "dV": back(dV), "dc": back(dc)}
    # ---- END YOUR CODE ----
