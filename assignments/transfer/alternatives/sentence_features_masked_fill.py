# question: sentence_features
# Zero the padded outputs with masked_fill and divide by the number of real tokens.
def sentence_features(lm, ids, mask):
    """Mean of lm's top-layer outputs over the real tokens: ids (T, B), mask (T, B) bool -> (B, H)."""
    outputs = lm.features(ids, lm.init_hidden(ids.shape[1]))[0]
    summed = outputs.masked_fill(~mask[..., None], 0.0).sum(0)
    return summed / mask.sum(0, keepdim=True).T.to(outputs.dtype)
