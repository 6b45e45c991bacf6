# question: bptt_gradients
# The W^T delta_{t+1} term is missing, so the gradient never flows back through h_{t-1} (one-step truncated BPTT).
def rnn_bptt(x, y, h0, U, W, b, V, c):
    """Loss and gradients of L = sum_t CE(softmax(V h_t + c), y_t), h_t = tanh(U x_t + W h_{t-1} + b).

    x: (T, I), y: (T,) int64, h0: (H,), U: (H, I), W: (H, H), b: (H,), V: (K, H), c: (K,).
    Returns {"loss": (), "dU": (H, I), "dW": (H, H), "db": (H,), "dV": (K, H), "dc": (K,)}.
    """
    # ---- YOUR CODE (rnn_bptt) ----
    T = x.shape[0]
    hs, probs, loss = [h0], [], x.new_zeros(())
    for t in range(T):  # forward, keeping every state
        hs.append(torch.tanh(U @ x[t] + W @ hs[-1] + b))  # (H,)
        p = torch.softmax(V @ hs[-1] + c, dim=0)  # (K,)
        probs.append(p)
        loss = loss - torch.log(p[y[t]])
    grads = {name: torch.zeros_like(p) for name, p in (("dU", U), ("dW", W), ("db", b), ("dV", V), ("dc", c))}
    delta_a_next = torch.zeros_like(h0)  # dL/da_{t+1}, zero after the last step
    for t in reversed(range(T)):
        delta_o = probs[t].clone()
        delta_o[y[t]] -= 1  # (K,) softmax + cross-entropy
        grads["dV"] += torch.outer(delta_o, hs[t + 1])
        grads["dc"] += delta_o
        delta_h = V.T @ delta_o  # (H,)
        delta_a = (1 - hs[t + 1] ** 2) * delta_h  # (H,)
        grads["dU"] += torch.outer(delta_a, x[t])
        grads["dW"] += torch.outer(delta_a, hs[t])
        grads["db"] += delta_a
        delta_a_next = delta_a
    return {"loss": loss, **grads}
    # ---- END YOUR CODE ----
