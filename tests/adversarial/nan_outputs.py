# attack: return tensors full of NaN (NaN compares false, a sloppy check that looks for "any difference > tol" passes)
# answer: solution
# expect: zero
# feedback: NaN or infinite

import torch

wrap_outputs(lambda t: torch.full_like(t, float("nan")))
