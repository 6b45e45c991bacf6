# attack: replace torch.allclose, torch.equal, torch.testing.assert_close, numpy.testing and math.isclose by "always equal", then return zeros
# answer: solution
# expect: zero
# feedback: entries differ

import math

import numpy
import numpy.testing
import torch


def always_equal(*args, **kwargs):
    return True


torch.allclose = torch.equal = math.isclose = numpy.allclose = numpy.array_equal = always_equal
torch.testing.assert_close = numpy.testing.assert_allclose = numpy.testing.assert_array_equal = lambda *a, **k: None
wrap_outputs(lambda t: torch.zeros_like(t))
