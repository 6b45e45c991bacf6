# question: training_step
# the cross-entropy is summed over the batch instead of averaged.
def training_step(model, optimiser, images, labels):
    """One optimiser step on the mean cross-entropy of model(images) (N, K) and labels (N,); returns the loss."""
    # ---- YOUR CODE (training_step) ----
    loss = F.cross_entropy(model(images), labels, reduction="sum")  # softmax + negative log-likelihood, from the logits
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    return loss.item()
    # ---- END YOUR CODE ----
