# question: bert_features
# Index the encoder's output with [0], einsum for the masked sum; requires_grad parameter by parameter over a range of indices.
def encoder_features(encoder, input_ids, attention_mask):
    """Mean of a BERT-family encoder's last_hidden_state over real tokens: (B, T) ids and mask -> (B, D)."""
    states = encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
    weights = attention_mask.to(states.dtype)
    return torch.einsum("btd,bt->bd", states, weights) / weights.sum(1, keepdim=True)


def unfreeze_last_layers(encoder, n):
    """Freeze the encoder, then unfreeze the last n of encoder.encoder.layer (n = 0: all frozen)."""
    for parameter in encoder.parameters():
        parameter.requires_grad = False
    layers = encoder.encoder.layer
    for index in range(max(len(layers) - n, 0), len(layers)):
        for parameter in layers[index].parameters():
            parameter.requires_grad = True
    return encoder
