# attack: return a torch.Tensor subclass of zeros that claims to equal anything and to be close to anything
# answer: solution
# expect: zero
# feedback: expected a torch\.Tensor

import torch


class Liar(torch.Tensor):
    def __eq__(self, other):
        return True

    def allclose(self, *args, **kwargs):
        return True

    def __array__(self, dtype=None, copy=None):
        raise RuntimeError("no peeking")


wrap_outputs(lambda t: torch.zeros_like(t).as_subclass(Liar))
