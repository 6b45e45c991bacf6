# question: activation_maximization
# gradient descent instead of ascent: the activation is minimised.
def activation_maximization(model, layer, channel, steps=128, lr=0.05, image_size=64, channels=3, blur_every=4,
                            seed=0):
    """An image (1, channels, image_size, image_size) in [0, 1] maximising the mean of `channel` of layer's output."""
    torch.manual_seed(seed)
    model.eval()
    captured = {}
    hook = layer.register_forward_hook(lambda module, inputs, output: captured.update(output=output))
    try:
        # ---- YOUR CODE (activation_maximization) ----
        image = (0.5 + 0.01 * torch.randn(1, channels, image_size, image_size)).requires_grad_()
        optimiser = torch.optim.Adam([image], lr=lr)  # the image is the only thing that changes
        for step in range(steps):
            model(jitter_and_scale(image))
            objective = captured["output"][:, channel].mean()
            optimiser.zero_grad()
            objective.backward()
            optimiser.step()
            with torch.no_grad():
                if step % blur_every == 0:
                    image.copy_(blur(image))
                image.clamp_(0, 1)  # stay a valid image
        return image.detach()
        # ---- END YOUR CODE ----
    finally:
        hook.remove()
