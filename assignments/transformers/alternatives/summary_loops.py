# question: attention_summary
# plain loops over the rows, a list of dicts for pandas
def attention_summary(attentions, tokens, special=("[CLS]", "[SEP]")):
    """A DataFrame, one row per (layer, head): previous, self, each special token, punctuation, entropy."""
    T = len(tokens)
    rows = []
    for layer, att in enumerate(attentions):
        att = np.asarray(torch.as_tensor(att).detach().cpu(), dtype=np.float64)[0] if np.ndim(att) == 4 else \
            np.asarray(att, dtype=np.float64)
        for head in range(att.shape[0]):
            stats = {"previous": [], "self": [], "punctuation": [], "entropy": [], **{s: [] for s in special}}
            for i in range(T):
                if tokens[i] == PAD:
                    continue
                a = att[head, i]
                if i > 0:
                    stats["previous"].append(a[i - 1])
                stats["self"].append(a[i])
                for s in special:
                    stats[s].append(sum(a[j] for j in range(T) if tokens[j] == s))
                stats["punctuation"].append(sum(a[j] for j in range(T) if is_punctuation(tokens[j], special)))
                stats["entropy"].append(-sum(p * math.log(p) for p in a if p > 0))
            rows.append({"layer": layer, "head": head, **{k: float(np.mean(v)) for k, v in stats.items()}})
    return pd.DataFrame(rows)[["layer", "head", "previous", "self", *special, "punctuation", "entropy"]]
