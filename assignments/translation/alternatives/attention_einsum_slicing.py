# question: transformer_attention
# einsum, heads taken by slicing the projections, concatenated with torch.cat.
@add_to_class(TransformerTranslator)
def multi_head_attention(self, inputs):
    """inputs (N, T, hidden_dim) -> norm_mh(inputs + attention_head_projection([head_1, ..., head_h])), (N, T, hidden_dim).

    head_i = softmax(Q_i K_i^T / sqrt(dim_k)) V_i, with Q_i the output features [i*dim_q, (i+1)*dim_q) of q_proj
    (and the same for K_i, V_i).
    """
    # ---- YOUR CODE (TransformerTranslator.multi_head_attention) ----
    q, k, v = self.q_proj(inputs), self.k_proj(inputs), self.v_proj(inputs)
    outputs = []
    for i in range(self.num_heads):
        q_i = q[..., i * self.dim_q:(i + 1) * self.dim_q]  # (N, T, dq)
        k_i = k[..., i * self.dim_k:(i + 1) * self.dim_k]
        v_i = v[..., i * self.dim_v:(i + 1) * self.dim_v]
        scores = torch.einsum("nqd,nkd->nqk", q_i, k_i) / self.dim_k ** 0.5  # (N, T, T)
        outputs.append(torch.einsum("nqk,nkd->nqd", scores.softmax(dim=-1), v_i))  # (N, T, dv)
    heads = torch.cat(outputs, dim=-1)  # (N, T, h*dv)
    return self.norm_mh(inputs + self.attention_head_projection(heads))  # (N, T, D)
    # ---- END YOUR CODE ----
