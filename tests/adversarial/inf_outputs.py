# attack: return tensors full of +inf and -inf
# answer: solution
# expect: zero
# feedback: NaN or infinite

import torch

wrap_outputs(lambda t: torch.where(torch.rand_like(t) < 0.5, float("inf"), float("-inf")).to(t.dtype))
