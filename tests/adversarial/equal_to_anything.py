# attack: return an object (not a tensor) that claims equality with anything and has the expected shape
# answer: solution
# expect: zero
# feedback: expected a torch\.Tensor|'Anything' object has no attribute

class Anything:
    def __init__(self, like):
        self.shape, self.dtype = like.shape, like.dtype

    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        import numpy
        return numpy.zeros(self.shape)


wrap_outputs(Anything)
