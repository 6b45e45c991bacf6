# question: training_step
# log_softmax then nll_loss, gradients zeroed first, float(loss) returned.
def training_step(model, optimiser, images, labels):
    """One optimiser step on the mean cross-entropy of model(images) (N, K) and labels (N,); returns the loss."""
    # ---- YOUR CODE (training_step) ----
    optimiser.zero_grad(set_to_none=True)
    loss = F.nll_loss(F.log_softmax(model(images), dim=1), labels)
    loss.backward()
    optimiser.step()
    return float(loss)
    # ---- END YOUR CODE ----
