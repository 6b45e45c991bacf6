# question: training_step
# the gradients are never zeroed, so they accumulate over the steps.
def training_step(model, optimiser, images, labels):
    """One optimiser step on the mean cross-entropy of model(images) (N, K) and labels (N,); returns the loss."""
    # ---- YOUR CODE (training_step) ----
    loss = F.cross_entropy(model(images), labels)  # softmax + negative log-likelihood, from the logits
    loss.backward()
    optimiser.step()
    return loss.item()
    # ---- END YOUR CODE ----
