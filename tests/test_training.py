"""The shared training helpers (zoo_training): a broken model cannot look fine."""
import io
import os
import sys

import matplotlib
import pytest
import torch

from zoo.training import NotFinite, plot_finite, progress, require_finite, stop_if_not_finite, use_cpu_threads

matplotlib.use("Agg")


def test_training_stops_at_the_first_non_finite_loss_naming_the_step_and_the_culprit():
    assert stop_if_not_finite(torch.tensor(0.5, requires_grad=True) * 2, 3) == 1.0
    with pytest.raises(NotFinite, match="step 7: the loss is nan. Likely culprit: your triplet loss"):
        stop_if_not_finite(torch.tensor(float("nan")), 7, culprit="your triplet loss")


def test_an_evaluation_refuses_nan_instead_of_scoring_it():
    assert require_finite("scores", torch.ones(2, 3)).shape == (2, 3)
    with pytest.raises(NotFinite, match="embeddings: 6 of 6 values are NaN or infinite.*Look at EmbeddingNet"):
        require_finite("embeddings", torch.full((2, 3), float("nan")), hint="EmbeddingNet")


def test_a_plot_without_finite_values_says_so():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert plot_finite(ax, [float("nan")] * 3, label="loss") is None
    assert [t.get_text() for t in ax.texts] == ["loss: no finite values"]
    assert plot_finite(ax, [1.0, float("nan")])[0].get_marker() == "o"  # one point stays visible
    plt.close(fig)


def test_the_progress_bar_leaves_a_readable_last_line(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    for _ in progress(range(3), desc="epochs"):
        pass
    assert out.getvalue().rstrip().split("\r")[-1].startswith("epochs: 100%")


def test_a_cpu_runtime_uses_the_threads_it_may_use():
    assert use_cpu_threads() == torch.get_num_threads() >= 1


@pytest.mark.parametrize("limit, threads", [("1", 1), ("64", None), ("many", None)])
def test_omp_num_threads_caps_the_threads_and_a_bad_value_is_ignored(monkeypatch, limit, threads):
    before = torch.get_num_threads()
    monkeypatch.setenv("OMP_NUM_THREADS", limit)
    try:
        assert use_cpu_threads() == (threads or len(os.sched_getaffinity(0)))
    finally:
        torch.set_num_threads(before)
