# question: finetune_unfrozen
# Parameter lists built first, batch-norm layers found by isinstance on the 1d/2d/3d classes.
def finetune_unfrozen(extractor, head, loader, frozen_epochs, epochs, lr, extractor_lr, keep_batch_norm_statistics=True):
    """frozen_epochs of finetune_frozen, then epochs of training everything (extractor at extractor_lr); all the epoch losses."""
    history = [float(x) for x in finetune_frozen(extractor, head, loader, frozen_epochs, lr)]
    unfreeze(extractor)
    if keep_batch_norm_statistics:
        for m in extractor.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
                m.train(False)
    head.train()
    head_params, extractor_params = list(head.parameters()), list(extractor.parameters())
    optimiser = torch.optim.Adam([dict(params=head_params, lr=lr), dict(params=extractor_params, lr=extractor_lr)])
    for _ in range(epochs):
        losses, sizes = [], []
        for x, y in loader:
            optimiser.zero_grad()
            loss = F.cross_entropy(head(extractor(x)), y)
            loss.backward()
            optimiser.step()
            losses.append(loss.item())
            sizes.append(y.shape[0])
        history.append(sum(l * s for l, s in zip(losses, sizes)) / sum(sizes))
    return history
