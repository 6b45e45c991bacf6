# question: transformer_layers
# F.relu, and forward written step by step.
@add_to_class(TransformerTranslator)
def feedforward_layer(self, inputs):
    """inputs (N, T, hidden_dim) -> norm_ff(inputs + ff2(relu(ff1(inputs)))), (N, T, hidden_dim)."""
    # ---- YOUR CODE (TransformerTranslator.feedforward_layer) ----
    hidden = F.relu(self.ff1(inputs))  # (N, T, dim_feedforward)
    return self.norm_ff(inputs + self.ff2(hidden))  # (N, T, D)
    # ---- END YOUR CODE ----


@add_to_class(TransformerTranslator)
def final_layer(self, inputs):
    """inputs (N, T, hidden_dim) -> scores of the target words (N, T, output_size)."""
    # ---- YOUR CODE (TransformerTranslator.final_layer) ----
    return self.final(inputs)  # (N, T, output_size): scores, the loss applies the softmax
    # ---- END YOUR CODE ----


@add_to_class(TransformerTranslator)
def forward(self, inputs):
    """inputs (N, T) token ids -> scores (N, T, output_size): embed, multi_head_attention, feedforward_layer, final_layer."""
    # ---- YOUR CODE (TransformerTranslator.forward) ----
    x = self.embed(inputs)
    x = self.multi_head_attention(x)
    x = self.feedforward_layer(x)
    return self.final_layer(x)
    # ---- END YOUR CODE ----
