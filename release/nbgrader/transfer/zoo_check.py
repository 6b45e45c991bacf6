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

__all__ = ["StudentError", "run_student", "structure", "expect_shape", "expect_close", "expect_stored", "expect_tuple",
           "forbidden", "autograd_forbidden", "run_checks", "export_submission", "check_word_limits", "check_survey",
           "stand_ins", "fill_parameters", "masked_mean_attention", "table_translator"]
EXPECTED_FILE = "zoo_expected.npz"  # written by the release beside this module and into the bundle
ANSWER_PLACEHOLDERS = {"_Type your answer here, replacing this text._", "YOUR ANSWER HERE"}  # otter's, nbgrader's
SURVEY_FIELDS = ("sources", "collaborators", "hours")  # the homework-process survey closing every assignment


class StudentError(Exception):
    """The student's code raised, returned the wrong kind of value, or timed out."""


def run_student(env, probe, **inputs):
    """Run ``probe(env, **inputs)`` where the student's code lives; return ``{name: float64 array}``.

    ``probe`` must be self-contained (its imports inside its body): when grading, only its source
    travels to the student's process. ``inputs`` are numpy arrays (or numbers); the probe receives them
    as float64 arrays, in a notebook as when grading.
    """
    # float64 everywhere, as the grader's process receives them (a probe casts labels with .long())
    inputs = {k: np.asarray(v, dtype=np.float64) for k, v in inputs.items()}
    if isinstance(env, dict):  # in the notebook: the student's globals
        try:
            outputs = probe(env, **inputs)
        except StudentError:
            raise
        except Exception as e:
            raise StudentError(describe_exception(e)) from None
        return to_plain(outputs)
    return env.run_probe(probe, inputs)  # when grading: a handle on the student's worker process


def describe_exception(e):
    return f"your code raised {type(e).__name__}: {e}"


def structure(value):
    """What a value is, in a student's words: 'a tensor of shape (3, 5)', 'a tuple of 3 items', 'None'."""
    if value is None:
        return "None"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"a tensor of shape {tuple(value.shape)}"
    if isinstance(value, (tuple, list, dict)):
        return f"a {type(value).__name__} of {len(value)} items"
    return f"a {type(value).__name__}"


def expect_tuple(value, names, where):
    """``value`` as the tuple ``names`` that ``where`` must return; if it is something else, say what it is.

    Used inside probes, so that ``h_t, c_t = model(x)`` on a single tensor reports the structure of the
    student's result, not a ValueError from the check's own unpacking.
    """
    if isinstance(value, (tuple, list)) and len(value) == len(names):
        return tuple(value)
    raise StudentError(f"{where} must return a tuple ({', '.join(names)}); it returned {structure(value)}")


class forbidden:
    """Inside probes: calling any of ``names`` ("torch.cdist", "torch.nn.LSTM") raises a ``StudentError``
    stating ``rule``; everything is restored on exit, so a notebook's kernel is left as it was."""

    def __init__(self, rule, *names):
        self.rule, self.names = rule, names

    def __enter__(self):
        self.saved = []
        for name in self.names:
            path, attribute = name.rsplit(".", 1)
            owner = resolve(path)
            self.saved.append((owner, attribute, getattr(owner, attribute)))
            what = "PyTorch's autograd" if name in AUTOGRAD else name

            def refuse(*args, _what=what, **kwargs):
                raise StudentError(f"{_what} was used: {self.rule}")

            setattr(owner, attribute, refuse)
        return self

    def __exit__(self, *exc):
        for owner, attribute, original in reversed(self.saved):
            setattr(owner, attribute, original)
        return False


def resolve(dotted):
    """The object a dotted name denotes: ``torch.Tensor`` (a class), ``torch.autograd.functional`` (a module)."""
    import importlib

    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise ImportError(dotted)


# The ways to ask PyTorch for a gradient.
AUTOGRAD = ("torch.Tensor.backward", "torch.autograd.grad", "torch.autograd.backward",
            *(f"torch.autograd.functional.{n}" for n in ("vjp", "jvp", "jacobian", "hessian", "vhp", "hvp")),
            *(f"torch.func.{n}" for n in ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian")))


def autograd_forbidden(rule):
    """Inside probes: any use of autograd raises a ``StudentError`` stating ``rule``."""
    return forbidden(rule, *AUTOGRAD)


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
    try:
        expect_shape(what, got, want.shape)
    except AssertionError as e:
        raise AssertionError(str(e) + likely_cause(what, got, causes, atol, rtol)) from None
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
    raise AssertionError(message + likely_cause(what, got, causes, atol, rtol))


def likely_cause(what, got, causes, atol, rtol):
    """" Likely cause: ..." when ``got`` (shape included) is what one of ``causes`` gives, else ""."""
    for cause, alternative in (causes or {}).items():
        alternative = np.asarray(alternative, dtype=np.float64)
        if (got is not None and alternative.shape == got.shape
                and np.allclose(got, alternative, atol=atol, rtol=rtol, equal_nan=True)):
            return f" Likely cause: {what} matches what you get when {as_clause(cause)}."
    return ""


def as_clause(cause):
    """'The gates are swapped.' -> 'the gates are swapped' (a code name such as 'ReLU ...' keeps its case)."""
    first = cause.split(" ", 1)[0]
    if first.isalpha() and (len(first) == 1 or first[1:].islower()):
        cause = cause[0].lower() + cause[1:]
    return cause.rstrip(".")


# While a release records (``zoo.release.expected``): {key: array} and the suffix of the answer being run.
recording = {"values": None, "suffix": ""}
_loaded = {}  # path -> (mtime, {key: array}): the stored values, read once per version of the file


def current_test():
    """``(name, globals)`` of the test function that called us (the innermost ``test_*`` frame)."""
    import sys

    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_name.startswith("test_"):
        frame = frame.f_back
    if frame is None:
        raise RuntimeError("expect_stored must be called from a test function (named test_...)")
    return frame.f_code.co_name, frame.f_globals


def stored_values(test_globals):
    """The grader puts a bundle's values in its tests' globals; a notebook reads the file beside zoo_check."""
    if "__zoo_expected__" in test_globals:
        return test_globals["__zoo_expected__"]
    from pathlib import Path

    path = next((p for p in (Path(__file__).with_name(EXPECTED_FILE), Path(EXPECTED_FILE)) if p.exists()), None)
    if path is None:
        raise FileNotFoundError(f"{EXPECTED_FILE} is missing: run the notebook's first cell (it unpacks the checks)")
    mtime = path.stat().st_mtime
    if _loaded.get(path, (None,))[0] != mtime:
        _loaded[path] = (mtime, read_expected(path.read_bytes()))
    return _loaded[path][1]


def read_expected(data):
    """``{key: array}`` of a ``zoo_expected.npz`` (bytes); never unpickles anything."""
    import io

    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


def expect_stored(what, got, *, atol=1e-5, rtol=1e-4):
    """Fail unless ``got`` matches what the master's solution gave for this test and label.

    The release ran every public test on the solution and on each known mistake (the assignment's
    mutants) and stored their outputs; when ``got`` matches a mistake's, the message names it.
    """
    test, test_globals = current_test()
    key = f"{test}/{what}"
    if recording["values"] is not None:
        if got is not None:
            recording["values"][key + recording["suffix"]] = np.asarray(got, dtype=np.float64)
        return
    values = stored_values(test_globals)
    if key not in values:
        raise KeyError(f"no stored value for {key!r} in {EXPECTED_FILE}: the checks and the notebook "
                       "come from different releases (download the notebook again)")
    causes = {str(values[f"mistake@{slug}"]): values[name] for name in values
              if name.startswith(key + "@") for slug in [name[len(key) + 1:]]}
    expect_close(what, got, values[key], atol=atol, rtol=rtol, causes=causes)


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


# Stand-ins: what a probe puts in place of the student's other answers, so that a check of one
# question does not also fail on another. Made up on purpose: none computes anything the student writes.

class stand_ins:
    """``with stand_ins(env, name=obj, ...):`` the student's globals ``name`` are ``obj`` inside the block, and
    what the student had (or nothing) again after it, even when the block raises."""

    def __init__(self, env, **objects):
        self.env, self.objects = env, objects

    def __enter__(self):
        self.saved = {name: self.env[name] for name in self.objects if name in self.env}
        self.env.update(self.objects)
        return self

    def __exit__(self, *exc):
        for name in self.objects:
            self.env.pop(name, None)
        self.env.update(self.saved)
        return False


def fill_parameters(module, seed):
    """Give every parameter of ``module`` values drawn from ``seed`` in the order of their names, so a check's
    model is the same whatever order the student's code built it in: normal / 2, plus 1 for the gains of
    normalisation layers (a ``weight`` of a module whose name contains ``norm``)."""
    import torch

    rng = np.random.default_rng(int(seed))
    with torch.no_grad():
        for name, p in sorted(module.named_parameters()):
            owner, _, kind = name.rpartition(".")
            gain = kind == "weight" and "norm" in owner.rpartition(".")[2]
            p.copy_(torch.as_tensor(rng.normal(size=tuple(p.shape)) / 2 + gain, dtype=p.dtype))
    return module


def masked_mean_attention():
    """A module with attention's call, ``(query, key, value, mask=None) -> (B, Tq, D)``, that is not attention:
    each query gets the mean of the values its mask allows (each scaled by 1 + its key), plus half the query;
    a query with nothing allowed gets half the query. It shows which tensor went where and which mask came along.
    ``mask``: boolean, True where allowed, ``(B or 1, 1 or heads, Tq or 1, Tk)``."""
    import torch

    class MaskedMean(torch.nn.Module):
        def forward(self, query, key, value, mask=None):
            B, Tq, Tk = query.shape[0], query.shape[1], key.shape[1]
            allowed = torch.ones(B, 1, Tq, Tk, dtype=torch.bool) if mask is None else mask.bool().expand(B, -1, Tq, Tk)
            allowed = allowed[:, 0, :, :, None].to(value.dtype)  # (B, Tq, Tk, 1)
            mixed = (allowed * (value * (1 + key))[:, None]).sum(2) / allowed.sum(2).clamp(min=1)  # (B, Tq, D)
            return mixed + query / 2

    return MaskedMean()


def table_translator(table, eos_id, push, pad_id=0):
    """A made-up model with a seq2seq model's ``encode(src, src_mask)``, ``decode(tgt, memory, src_mask, tgt_mask)``
    and ``pad_id``, for checking decoding loops without the student's model; it reads no mask.

    ``table`` ``(V, V)``, its row ``pad_id`` zero: the next token's scores are the mean of the source tokens'
    rows plus the running mean of the target tokens' rows, and ``<eos>`` gains ``push`` per position.
    ``encode_calls`` counts the calls to ``encode``."""
    import torch

    class TableTranslator(torch.nn.Module):
        def __init__(self, scores_table):
            super().__init__()
            self.table, self.eos_id, self.push = torch.as_tensor(scores_table, dtype=torch.float64), int(eos_id), float(push)
            self.pad_id, self.encode_calls = int(pad_id), 0

        def encode(self, src, src_mask):
            self.encode_calls = self.encode_calls + 1  # a decoding loop encodes once
            return self.table[src]  # (B, S, V): padding rows are zero

        def decode(self, tgt, memory, src_mask, tgt_mask):
            real = (memory != 0).any(-1).sum(1, keepdim=True).clamp(min=1)  # (B, 1) source tokens
            position = torch.arange(tgt.shape[1])  # (T,)
            scores = self.table[tgt].cumsum(1) / (position + 1)[:, None] + (memory.sum(1) / real)[:, None]
            scores[..., self.eos_id] += self.push * position
            return scores  # (B, T, V)

    return TableTranslator(table)


def colab_notebook():
    """The notebook open in Colab, as a dict (on Colab it is not a file next to the kernel)."""
    from google.colab import _message  # only exists on Colab

    return _message.blocking_request("get_ipynb", request="", timeout_sec=60)["ipynb"]


def export_submission(notebook, grader=None, files=()):
    """Save a submission zip and return its path: otter's export of the notebook this kernel runs, the Colab
    notebook itself on Colab; ``files`` (written by the notebook beside it, such as a training log) go in too.

    ``notebook`` is the name the release gave it; a renamed copy (``recurrent (1).ipynb``) is found
    too (:func:`running_notebook`), and where none can be found the message says what to do. A missing
    file is named and left out: the zip still holds the notebook.
    """
    import os
    import sys

    present = [f for f in files if os.path.isfile(f)]
    for missing in sorted(set(files) - set(present)):
        print(f"{missing} is not in {os.getcwd()}: run the cell that writes it (see the notebook), then run this "
              f"cell again. The zip is written without it.")
    if "google.colab" not in sys.modules:
        path = running_notebook(notebook)
        if path is None:
            print(f"Could not tell which notebook this is: there is no {notebook} in {os.getcwd()}, and Jupyter "
                  f"did not say which notebook runs this code. Save your notebook (File > Save), then either "
                  f"rename it to {notebook} in that folder, or write its file name in this cell, "
                  f"export_submission(\"<your notebook>.ipynb\", grader), and run the cell again.")
            return None
        zip_path = path[:-len(".ipynb")] + "_submission.zip"  # the name the Colab export uses too
        grader.export(path, export_path=zip_path, pdf=False, files=present)
        return zip_path
    import json
    import zipfile

    from google.colab import files as colab_files  # only exists on Colab

    zip_path = notebook.replace(".ipynb", "_submission.zip")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(notebook, json.dumps(colab_notebook()))
        for name in present:
            zf.write(name)
    colab_files.download(zip_path)
    return zip_path


def check_word_limits(notebook, limits):
    """Print the words of each written answer of the saved ``notebook`` against ``limits`` ({question: words})."""
    nb = saved_notebook(notebook)
    if nb is None:
        return
    answers = {cell["metadata"]["zoo"]["question"]: "".join(cell["source"]).strip()
               for cell in nb["cells"] if cell["metadata"].get("zoo", {}).get("question") in limits}
    width = max(map(len, limits)) + 2
    for name, limit in limits.items():
        text = answers.get(name, "")
        words = 0 if text in ANSWER_PLACEHOLDERS else len(text.split())
        verdict = "not answered" if words == 0 else "OVER THE LIMIT" if words > limit else "ok"
        print(f"{name:{width}} {words:4d} / {limit:3d} words  {verdict}")


def saved_notebook(notebook):
    """The saved ``notebook`` as a dict (on Colab, the open notebook); None, with a message, when it is not here."""
    import json
    import sys
    from pathlib import Path

    if "google.colab" in sys.modules:
        return colab_notebook()
    if Path(notebook).exists():
        return json.loads(Path(notebook).read_text())
    print(f"{notebook} is not in the current folder: save it there (or run Jupyter from its folder).")
    return None


def survey_answers(nb):
    """``{field: answer as written}`` of the survey of a notebook (a dict); "" where unanswered or missing."""
    answers = dict.fromkeys(SURVEY_FIELDS, "")
    for cell in nb.get("cells", []):
        zoo = cell.get("metadata", {}).get("zoo", {})
        field = zoo.get("survey") if isinstance(zoo, dict) else None
        source = cell.get("source", "")
        text = ("".join(source) if isinstance(source, list) else source).strip()
        if field in answers and text not in ANSWER_PLACEHOLDERS:
            answers[field] = text
    return answers


def check_survey(notebook):
    """The survey's completion check: every field of the saved ``notebook``'s survey is answered."""
    nb = saved_notebook(notebook)
    missing = [field for field, text in survey_answers(nb or {}).items() if not text]
    assert not missing, (f"the survey is not answered: {', '.join(missing)}. Write each answer in place of the "
                         "placeholder under its question, save the notebook (File > Save) and run this cell again.")
    print("ok   the survey is answered")


def running_notebook(expected):
    """The path of the notebook this kernel runs (relative to the working folder where it is inside), or None.

    Asked in turn: JupyterLab, Notebook 7 and Voila (the kernel's ``JPY_SESSION_NAME``, which is also
    ``__session__``), VS Code (``__vsc_ipynb_file__``), then the working folder: ``expected`` itself,
    or the one notebook there whose name starts like it (a browser's ``recurrent (1).ipynb``).
    """
    import os
    from pathlib import Path

    named = [os.environ.get("JPY_SESSION_NAME")]
    try:
        shell = get_ipython()  # noqa: F821 (an IPython builtin; missing in a plain interpreter)
        named += [shell.user_ns.get("__vsc_ipynb_file__"), shell.user_ns.get("__session__")]
    except NameError:
        pass
    candidates = [Path(name) for name in named if name and name.endswith(".ipynb")]
    # the session's name can be relative to the server's root: the kernel runs in the notebook's folder
    candidates += [Path(path.name) for path in candidates] + [Path(expected)]
    found = next((path for path in candidates if path.is_file()), None)
    if found is None:
        copies = sorted(Path().glob(f"{Path(expected).stem}*.ipynb"))
        found = copies[0] if len(copies) == 1 else None
    if found is None:
        return None
    found = found.resolve()
    return str(found.relative_to(Path.cwd().resolve()) if found.is_relative_to(Path.cwd().resolve()) else found)


def show_messages_only():
    """In a notebook, otter prints the line of the test's source that raised above each failure; a student
    should read the check's message, not the check's internals."""
    import sys

    if "otter" not in sys.modules:  # the worker, or a notebook without otter: nothing to change (and no import)
        return
    from otter.test_files.exception_test import ExceptionTestFile

    def message(self, error, context=0):
        plain = isinstance(error, (AssertionError, StudentError))
        return str(error) if plain else f"the check could not use your outputs: {type(error).__name__}: {error}"

    ExceptionTestFile._generate_error_message = message


show_messages_only()
