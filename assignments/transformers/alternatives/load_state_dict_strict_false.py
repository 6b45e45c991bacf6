# question: load_gpt2_weights
# a new state dict built by name, loaded with load_state_dict
CONV1D_WEIGHTS = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
MASK_BUFFERS = ("attn.bias", "attn.masked_bias")


def load_gpt2_weights(model, hf_state_dict):
    """Copy a Hugging Face GPT-2 state dict into `model` (a GPT) in place; return model."""
    converted = {}
    for name, value in hf_state_dict.items():
        if any(name.endswith(b) for b in MASK_BUFFERS):
            continue
        converted[name] = value.T.contiguous() if any(name.endswith(w) for w in CONV1D_WEIGHTS) else value
    model.load_state_dict(converted, strict=False)
    return model
