# attack: replace builtins (isinstance, abs, all, any, max, min, len, round) with functions that favour a pass, then return zeros
# answer: solution
# expect: zero
# feedback: entries differ

import builtins

import torch

wrap_outputs(lambda t: torch.zeros_like(t))
builtins.all = builtins.any = lambda *args: True
builtins.abs = lambda x: 0
builtins.max = builtins.min = lambda *args, **kwargs: 0
builtins.round = lambda *args: 0
builtins.isinstance = lambda obj, kind: True
