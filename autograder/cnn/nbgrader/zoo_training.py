"""Training and evaluation helpers every chapter's notebook uses, so that a broken model cannot look fine.

Shipped to students as ``zoo_training.py``. A loss that becomes NaN stops training at that step with a
message naming the likely culprit; evaluations refuse non-finite inputs instead of reporting a perfect
score; plots say "no finite values" instead of drawing nothing; progress bars leave a readable last line
in saved notebooks; a CPU runtime gets a sensible thread count.
"""
import math
import os
import sys

import numpy as np


class NotFinite(FloatingPointError):
    """A loss or an output that is NaN or infinite: the message says where and the likely culprit."""


def stop_if_not_finite(loss, step, culprit="the loss function or the model's forward"):
    """Call after each step with the loss (a number or a 0-d tensor): raise at the first non-finite one."""
    value = float(loss.item() if hasattr(loss, "item") else loss)
    if not math.isfinite(value):
        raise NotFinite(f"training stopped at step {step}: the loss is {value}. Likely culprit: {culprit}. "
                        "Check it on one batch (the checks above do) before training again.")
    return value


def require_finite(name, values, hint="the model's outputs"):
    """Return ``values`` as a float64 array, or raise ``NotFinite`` naming how many entries are NaN/inf."""
    array = np.asarray(values.detach().cpu() if hasattr(values, "detach") else values, dtype=np.float64)
    bad = int((~np.isfinite(array)).sum())
    if bad:
        raise NotFinite(f"{name}: {bad} of {array.size} values are NaN or infinite, so it cannot be evaluated. "
                        f"Look at {hint}.")
    return array


def plot_finite(ax, values, label=None, **style):
    """``ax.plot(values)``, or a visible "no finite values" note when there is nothing to draw."""
    array = np.asarray(values, dtype=np.float64)
    finite = int(np.isfinite(array).sum())
    if not finite:
        ax.text(0.5, 0.5, f"{label or 'curve'}: no finite values", transform=ax.transAxes, ha="center", color="red")
        return None
    return ax.plot(array, label=label, **({"marker": "o"} if finite < 2 else {}), **style)


def progress(iterable=None, desc=None, total=None, **kwargs):
    """A tqdm bar printed as text: the last line a saved notebook keeps reads "100% ... 12/12 [00:03]"."""
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, file=sys.stdout, ascii=True, mininterval=1.0, **kwargs)


def use_cpu_threads():
    """On a CPU runtime, as many torch threads as this process may use (not the host's core count), or fewer where
    ``OMP_NUM_THREADS`` says so (a shared hub's limit: threads that wait on cores other processes hold spin)."""
    import torch

    if not torch.cuda.is_available():
        available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        limit = os.environ.get("OMP_NUM_THREADS", "")
        torch.set_num_threads(max(1, min(available, int(limit)) if limit.isdigit() else available))
    return torch.get_num_threads()
