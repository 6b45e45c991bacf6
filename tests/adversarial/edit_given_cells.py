# attack: edit a given (locked) cell so that torch.allclose and torch.equal always say "equal", and return zeros
# answer: solution
# expect: zero
# feedback: given cell .* was changed
# edit: edit-given

import torch

wrap_outputs(lambda t: torch.zeros_like(t))
