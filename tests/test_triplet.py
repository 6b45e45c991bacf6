"""The float64 reference of the triplet chapter's semi-hard loss, checked on its own.

The hidden tests of ``assignments/triplet`` judge students against ``semi_hard_reference``, a function
nested in the test cells. Here it is taken out of the master and compared with a brute-force loop over
every (anchor, positive, negative), with a port of TensorFlow Addons' vectorised ``triplet_semihard_loss``,
with values worked out by hand, and its gradient with finite differences.
"""
import ast
import textwrap

import numpy as np
import pytest

from zoo.master import read_master


def nested_references():
    """The source of every ``semi_hard_reference`` defined in the master's test cells."""
    nb, _, questions = read_master("triplet")
    sources = []
    for question in questions:
        for index, _, _ in question.tests:
            cell = nb.cells[index].source
            for node in ast.walk(ast.parse(cell)):
                if isinstance(node, ast.FunctionDef) and node.name == "semi_hard_reference":
                    sources.append(textwrap.dedent(ast.get_source_segment(cell, node, padded=True)))
    return sources


@pytest.fixture(scope="module")
def reference():
    sources = nested_references()
    assert len(sources) == 2, "the hidden loss and gradient tests each define semi_hard_reference"
    assert len(set(sources)) == 1, "the copies of semi_hard_reference in the test cells differ"
    scope = {}
    exec(sources[0], scope)
    return scope["semi_hard_reference"]


def brute_force(x, labels, margin=0.2):
    """Every (a, p, n) triple, distances summed coordinate by coordinate; the negative picked by a scan."""
    n_samples = len(labels)

    def d(i, j):
        return sum((float(x[i, k]) - float(x[j, k])) ** 2 for k in range(x.shape[1]))

    losses = []
    for a in range(n_samples):
        for p in range(n_samples):
            if p == a or labels[p] != labels[a]:
                continue
            closest_farther, farthest = None, None
            for n in range(n_samples):
                if labels[n] == labels[a]:
                    continue
                if farthest is None or d(a, n) > farthest:
                    farthest = d(a, n)
                if d(a, n) > d(a, p) and (closest_farther is None or d(a, n) < closest_farther):
                    closest_farther = d(a, n)
            chosen = farthest if closest_farther is None else closest_farther
            losses.append(max(d(a, p) - chosen + margin, 0.0))
    return sum(losses) / len(losses)


def tfa_port(x, labels, margin=0.2):
    """TensorFlow Addons' triplet_semihard_loss (squared=True), line by line in numpy."""
    pdist = ((x[:, None] - x[None]) ** 2).sum(-1)  # (n, n), exact: TFA zeroes the diagonal of its own
    n = len(labels)
    adjacency = labels[:, None] == labels[None]
    adjacency_not = ~adjacency
    pdist_tile = np.tile(pdist, (n, 1))  # (n * n, n)
    mask = np.tile(adjacency_not, (n, 1)) & (pdist_tile > pdist.T.reshape(-1, 1))

    def masked_minimum(data, mask):
        axis_max = data.max(1, keepdims=True)
        return ((data - axis_max) * mask).min(1, keepdims=True) + axis_max

    def masked_maximum(data, mask):
        axis_min = data.min(1, keepdims=True)
        return ((data - axis_min) * mask).max(1, keepdims=True) + axis_min

    mask_final = (mask.sum(1, keepdims=True) > 0).reshape(n, n).T
    negatives_outside = masked_minimum(pdist_tile, mask).reshape(n, n).T
    negatives_inside = np.tile(masked_maximum(pdist, adjacency_not), (1, n))
    semi_hard_negatives = np.where(mask_final, negatives_outside, negatives_inside)
    loss_mat = margin + pdist - semi_hard_negatives
    mask_positives = adjacency.astype(float) - np.eye(n)
    return np.maximum(loss_mat * mask_positives, 0).sum() / mask_positives.sum()


def random_batches():
    rng = np.random.default_rng(2024)
    for _ in range(25):
        n, d, classes = rng.integers(3, 14), rng.integers(1, 5), rng.integers(2, 5)
        labels = rng.integers(0, classes, size=n)
        if len(set(labels)) < 2 or len(labels) == len(set(labels)):
            continue
        x = rng.normal(size=(n, d))
        if rng.random() < 0.3:
            x = np.round(x)  # ties
        if rng.random() < 0.3:
            x[n // 2:] = x[: n - n // 2]  # duplicated embeddings
        yield x, labels, float(rng.choice([0.2, 0.5, 1.0]))


def test_the_reference_equals_a_brute_force_loop_and_the_tfa_formulation(reference):
    count = 0
    for x, labels, margin in random_batches():
        want = brute_force(x, labels, margin)
        assert reference(x, labels, margin)[0] == pytest.approx(want, abs=1e-12)
        assert tfa_port(x, labels, margin) == pytest.approx(want, abs=1e-9)
        count += 1
    assert count >= 15


def test_the_reference_on_a_batch_worked_out_by_hand(reference):
    # 1-D points 0, 0.3 (class 0) and 0.4, -0.1 (class 1). Pairs (0, 1) and (1, 0): d_ap = 0.09, the
    # semi-hard negatives are at 0.16, loss 0.13 each. Pairs (2, 3) and (3, 2): d_ap = 0.25, no negative is
    # farther, the farthest is at 0.16, loss 0.29 each. Mean 0.21.
    x, labels = np.array([[0.0], [0.3], [0.4], [-0.1]]), np.array([0, 0, 1, 1])
    assert reference(x, labels)[0] == pytest.approx(0.21)
    assert reference(x, labels, mistake="no_fallback")[0] == pytest.approx(0.26 / 4)
    assert reference(x, labels, mistake="hardest")[0] == pytest.approx((0.28 + 0.28 + 0.44 + 0.44) / 4)
    assert reference(x, labels, mistake="mean_all")[0] == pytest.approx(0.84 / 16)
    # the public check's worked example: 0, 0.1 (class 0) and 0.5, -0.3 (class 1). (0, 0.1): d_ap = 0.01, semi-hard
    # negatives at 0.09 and 0.25, the closest 0.09, loss 0.12. (0.1, 0): both negatives at 0.16, loss 0.05.
    # (0.5, -0.3): d_ap = 0.64, none farther, the farthest at 0.25, loss 0.59; (-0.3, 0.5): 0.64 - 0.16 + 0.2 = 0.68.
    assert reference(np.array([[0.0], [0.1], [0.5], [-0.3]]), labels)[0] == pytest.approx(0.36)
    # ties (the public check's batch): 0, 0.5 (class 0) and -0.5, 1 (class 1). For (0, 0.5) the negative -0.5 is at
    # exactly d_ap = 0.25, not farther: the semi-hard one is 1 at 1.0, loss 0 (with >=, 0.2); same for (0.5, 0).
    # (-0.5, 1) and (1, -0.5): d_ap = 2.25, nothing farther, the farthest at 1.0, loss 1.45 each. Mean 0.725.
    ties = np.array([[0.0], [0.5], [-0.5], [1.0]])
    assert reference(ties, labels)[0] == pytest.approx(0.725)
    assert brute_force(ties, labels) == pytest.approx(0.725)
    # every pair already satisfies the margin: zero loss
    assert reference(np.array([[0.0], [0.1], [5.0], [5.1]]), labels)[0] == 0


def test_the_reference_gradient_matches_finite_differences(reference):
    rng = np.random.default_rng(5)
    x, labels = rng.normal(size=(9, 3)), np.array([0, 0, 0, 1, 1, 1, 2, 2, 3])
    _, gradient = reference(x, labels)
    step, numeric = 1e-6, np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        shifted = x.copy()
        shifted[index] += step
        up = reference(shifted, labels)[0]
        shifted[index] -= 2 * step
        numeric[index] = (up - reference(shifted, labels)[0]) / (2 * step)
    np.testing.assert_allclose(gradient, numeric, atol=1e-6)
