# question: induction_score
# the entries i, i - period + 1 lie on one diagonal of the matrix
def induction_score(att, period):
    """att (..., T, T) on tokens that repeat with period `period` -> (...) mean attention from each position i
    >= period to the token after its previous occurrence, i - period + 1."""
    diagonal = torch.diagonal(torch.as_tensor(att), offset=-(period - 1), dim1=-2, dim2=-1)  # rows period-1 .. T-1
    return diagonal[..., 1:].mean(-1)
