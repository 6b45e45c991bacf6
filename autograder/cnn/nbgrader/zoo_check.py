"""The checking runtime shared by every assignment's tests.

Shipped to students as ``zoo_check.py`` (public checks import it in the notebook) and imported
by the grader as ``zoo_check``. A test never touches the student's objects itself: it hands a
*probe* to :func:`run_student`, which runs it where the student's code lives and brings back
plain float64 arrays; the test then judges those arrays with :func:`expect_close`.

When grading, the student's code runs in a separate worker process and only the probe's source
and plain arrays cross the boundary, so nothing the student patches (``torch.allclose``, the
default dtype, seeds, builtins) can reach the comparison. In a notebook (``grader.check``) the
probe simply runs in the same kernel: that is a self-check, not a verdict.
"""
import numpy as np

__all__ = ["StudentError", "run_student", "expect_shape", "expect_close", "run_checks",
           "export_submission", "check_word_limits"]
ANSWER_PLACEHOLDERS = {"_Type your answer here, replacing this text._", "YOUR ANSWER HERE"}  # otter's, nbgrader's


class StudentError(Exception):
    """The student's code raised, returned the wrong kind of value, or timed out."""


def run_student(env, probe, **inputs):
    """Run ``probe(env, **inputs)`` where the student's code lives; return ``{name: float64 array}``.

    ``probe`` must be self-contained (its imports inside its body): when grading, only its source
    travels to the student's process. ``inputs`` are numpy arrays (or numbers).
    """
    inputs = {k: np.asarray(v) for k, v in inputs.items()}
    if isinstance(env, dict):  # in the notebook: the student's globals
        try:
            outputs = probe(env, **inputs)
        except Exception as e:
            raise StudentError(describe_exception(e)) from None
        return to_plain(outputs)
    return env.run_probe(probe, inputs)  # when grading: a handle on the student's worker process


def describe_exception(e):
    return f"your code raised {type(e).__name__}: {e}"


def to_plain(outputs):
    """Turn a probe's ``{name: tensor | array | number}`` into ``{name: float64 ndarray}``.

    Only exact ``torch.Tensor``/``nn.Parameter``/``ndarray``/number values are accepted, so a
    tensor subclass or an object that claims equality with anything is rejected here.
    """
    if type(outputs) is not dict:
        raise StudentError(f"expected a dict of outputs, got {type(outputs).__name__}")
    plain = {}
    for name, value in outputs.items():
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        if kind in ("torch.Tensor", "torch.nn.parameter.Parameter"):
            value = value.detach().cpu().double().numpy()
        elif type(value) in (int, float, bool) or type(value) is np.ndarray:
            pass
        elif value is None:
            raise StudentError(f"{name} is None (did the code return it?)")
        else:
            raise StudentError(f"{name} is a {kind}, expected a torch.Tensor")
        try:
            plain[str(name)] = np.array(value, dtype=np.float64, copy=True)
        except (TypeError, ValueError) as e:
            raise StudentError(f"{name} could not be read as numbers: {e}") from None
    return plain


def expect_shape(what, got, shape):
    """Fail with a readable message unless ``got`` (an array) has ``shape``."""
    shape = tuple(int(s) for s in shape)
    if got is None or tuple(got.shape) != shape:
        have = "nothing" if got is None else f"shape {tuple(got.shape)}"
        raise AssertionError(f"{what} has {have}, expected shape {shape}")


def expect_close(what, got, want, *, atol=1e-5, rtol=1e-4, hidden=False, causes=None):
    """Fail unless ``got`` matches ``want`` entry by entry, explaining how they differ.

    ``causes`` maps a likely mistake ("the forget gate is ignored") to what the output would be
    with that mistake; when ``got`` matches one of them, the message names it. With
    ``hidden=True`` the message says where and by how much, never the expected values.
    """
    want = np.asarray(want, dtype=np.float64)
    expect_shape(what, got, want.shape)
    bad = ~np.isclose(got, want, atol=atol, rtol=rtol)  # NaN and inf never match a finite value
    n_bad = int(bad.sum())
    if n_bad == 0:
        return
    message = f"{what}: {n_bad} of {bad.size} entries differ"
    n_nonfinite = int((~np.isfinite(got)).sum())
    if n_nonfinite:
        message += f" ({n_nonfinite} are NaN or infinite)"
    finite = np.isfinite(got) & bad
    if finite.any():
        diff = np.where(finite, np.abs(got - want), -1.0)
        index = np.unravel_index(int(np.argmax(diff)), diff.shape)
        message += f"; largest difference {diff[index]:.3g} at index {list(map(int, index))}"
        if not hidden:
            message += f" (got {got[index]:.6g}, expected {want[index]:.6g})"
    message += f"; tolerance {atol:g} + {rtol:g}*|expected|."
    for cause, alternative in (causes or {}).items():
        alternative = np.asarray(alternative, dtype=np.float64)
        if alternative.shape == got.shape and np.allclose(got, alternative, atol=atol, rtol=rtol):
            message += f" Likely cause: {what} matches what you get when {cause}."
            break
    raise AssertionError(message)


def run_checks(env, functions):
    """Run each check ``f(env)`` of an nbgrader test cell: a line per check, then fail listing every failure."""
    import warnings

    failures = []
    for function in functions:
        doc = (function.__doc__ or function.__name__).strip().splitlines()[0].rstrip(".")
        try:
            with warnings.catch_warnings():  # nbgrader scores 0 for a graded cell that writes to stderr
                warnings.simplefilter("ignore")
                function(env)
        except Exception as e:
            message = str(e) if isinstance(e, (AssertionError, StudentError)) else f"{type(e).__name__}: {e}"
            failures.append(f"{function.__name__}: {message}")
            print(f"FAIL {doc}: {message}")
        else:
            print(f"ok   {doc}")
    if failures:
        raise AssertionError(f"{len(failures)} of {len(functions)} checks failed:\n" + "\n".join(failures))


def colab_notebook():
    """The notebook open in Colab, as a dict (on Colab it is not a file next to the kernel)."""
    from google.colab import _message  # only exists on Colab

    return _message.blocking_request("get_ipynb", request="", timeout_sec=60)["ipynb"]


def export_submission(notebook, grader=None):
    """Save a submission zip: otter's export where it can, the Colab notebook itself on Colab."""
    import sys

    if "google.colab" not in sys.modules:
        return grader.export(notebook, pdf=False)
    import json
    import zipfile

    from google.colab import files  # only exists on Colab

    zip_path = notebook.replace(".ipynb", "_submission.zip")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(notebook, json.dumps(colab_notebook()))
    files.download(zip_path)
    return zip_path


def check_word_limits(notebook, limits):
    """Print the words of each written answer of the saved ``notebook`` against ``limits`` ({question: words})."""
    import json
    import sys
    from pathlib import Path

    if "google.colab" in sys.modules:
        nb = colab_notebook()
    elif Path(notebook).exists():
        nb = json.loads(Path(notebook).read_text())
    else:
        print(f"{notebook} is not in the current folder: save it there (or run Jupyter from its folder).")
        return
    answers = {cell["metadata"]["zoo"]["question"]: "".join(cell["source"]).strip()
               for cell in nb["cells"] if cell["metadata"].get("zoo", {}).get("question") in limits}
    width = max(map(len, limits)) + 2
    for name, limit in limits.items():
        text = answers.get(name, "")
        words = 0 if text in ANSWER_PLACEHOLDERS else len(text.split())
        verdict = "not answered" if words == 0 else "OVER THE LIMIT" if words > limit else "ok"
        print(f"{name:{width}} {words:4d} / {limit:3d} words  {verdict}")
