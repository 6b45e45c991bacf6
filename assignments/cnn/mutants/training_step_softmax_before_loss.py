# question: training_step
# a softmax is applied to the logits before F.cross_entropy, which applies its own.
def training_step(model, optimiser, images, labels):
    """One optimiser step on the mean cross-entropy of model(images) (N, K) and labels (N,); returns the loss."""
    # ---- YOUR CODE (training_step) ----
    loss = F.cross_entropy(F.softmax(model(images), dim=1), labels)  # softmax + negative log-likelihood, from the logits
    optimiser.zero_grad()
    loss.backward()
    optimiser.step()
    return loss.item()
    # ---- END YOUR CODE ----
