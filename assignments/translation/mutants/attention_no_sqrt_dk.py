# question: transformer_attention
# The scores are not divided by sqrt(dim_k).
@add_to_class(TransformerTranslator)
def multi_head_attention(self, inputs):
    """inputs (N, T, hidden_dim) -> norm_mh(inputs + attention_head_projection([head_1, ..., head_h])), (N, T, hidden_dim).

    head_i = softmax(Q_i K_i^T / sqrt(dim_k)) V_i, with Q_i the output features [i*dim_q, (i+1)*dim_q) of q_proj
    (and the same for K_i, V_i).
    """
    # ---- YOUR CODE (TransformerTranslator.multi_head_attention) ----
    N, T, _ = inputs.shape
    q = self.q_proj(inputs).view(N, T, self.num_heads, self.dim_q).transpose(1, 2)  # (N, h, T, dq)
    k = self.k_proj(inputs).view(N, T, self.num_heads, self.dim_k).transpose(1, 2)  # (N, h, T, dk)
    v = self.v_proj(inputs).view(N, T, self.num_heads, self.dim_v).transpose(1, 2)  # (N, h, T, dv)
    weights = torch.softmax(q @ k.transpose(-2, -1), dim=-1)  # (N, h, T, T), over keys
    heads = (weights @ v).transpose(1, 2).reshape(N, T, self.num_heads * self.dim_v)  # (N, T, h*dv), in order
    return self.norm_mh(inputs + self.attention_head_projection(heads))  # (N, T, D)
    # ---- END YOUR CODE ----
