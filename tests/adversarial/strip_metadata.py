# attack: remove the cell metadata that marks answer cells (copy-pasting into a new notebook does this), and return zeros
# answer: solution
# expect: zero
# feedback: entries differ
# edit: strip-metadata

import torch

wrap_outputs(lambda t: torch.zeros_like(t))
