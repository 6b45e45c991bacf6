# question: beam_search
# Hypotheses scored one at a time in plain Python, the best extensions chosen with heapq.nlargest.
import heapq


@torch.no_grad()
def beam_search(model, src, beam_size, max_len, bos_id, eos_id, length_penalty=1.0):
    """src (1, S) ids -> the best hypothesis (L,) ids, by log p / (number of tokens after <bos>) ** length_penalty."""
    src_mask = make_padding_mask(src, model.pad_id)
    memory = model.encode(src, src_mask)
    beam, finished = [(0.0, [bos_id])], []
    for step in range(max_len):
        candidates = []
        for logp, tokens in beam:
            ys = torch.tensor([tokens], device=src.device)
            logits = model.decode(ys, memory, src_mask, make_causal_mask(len(tokens)).to(src.device))
            for token, value in enumerate(torch.log_softmax(logits[0, -1].double(), dim=-1).tolist()):
                candidates.append((logp + value, tokens + [token]))
        beam = []
        for logp, tokens in heapq.nlargest(beam_size, candidates, key=lambda c: c[0]):
            if tokens[-1] == eos_id:
                finished.append((logp / (step + 1) ** length_penalty, tokens))
            else:
                beam.append((logp, tokens))
        if not beam:
            break
    finished.extend((logp / (len(tokens) - 1) ** length_penalty, tokens) for logp, tokens in beam)
    return torch.tensor(max(finished, key=lambda f: f[0])[1])
