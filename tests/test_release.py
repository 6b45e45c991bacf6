"""The committed release is what the masters produce, byte for byte, and it leaks nothing."""
import ast
import base64
import inspect
import io
import re
import zipfile

import nbformat
import pytest

import zoo.digest
import zoo.release
from conftest import ASSIGNMENTS, solutions
from zoo import ROOT
from zoo.check import read_expected
from zoo.digest import is_stale
from zoo.grading.tests import load_tests
from zoo.master import marker, read_master
from zoo.release import build


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_release_was_made_from_the_current_inputs(name):
    """The bundle's recorded hash of the master, variants, settings and zoo is today's (a release is deterministic:
    the next test rebuilds one byte for byte, so the hash stands for the files without rebuilding every one)."""
    assert not is_stale(name), f"run `zoo release {name}`: its master, variants, course settings or zoo changed"
    missing = [path for path in (f"release/otter/{name}/{name}.ipynb", f"release/nbgrader/{name}/{name}.ipynb",
                                 f"autograder/{name}/nbgrader/{name}.ipynb") if not (ROOT / path).is_file()]
    assert not missing, f"run `zoo release {name}`: missing {missing}"


def test_committed_files_are_what_the_master_produces_byte_for_byte():
    name = "recurrent"  # the quickest to build; every release goes through the same steps
    stale = [path for path, content in build(name, reuse=False).items()
             if not (ROOT / path).exists() or (ROOT / path).read_bytes() != content]
    assert not stale, f"run `zoo release {name}`: out of date: {stale}"


def test_a_release_whose_graded_inputs_did_not_change_reuses_the_values_and_the_check(monkeypatch):
    """Where only markdown changed, the bundle's stored values are taken and the solutions not graded again; the
    files are the same bytes a full build makes (the test above)."""
    def must_not_run(*args, **kwargs):
        raise AssertionError("re-run although nothing graded changed")

    monkeypatch.setattr(zoo.release, "record_expected_values", must_not_run)
    monkeypatch.setattr(zoo.release, "check_solutions_pass", must_not_run)
    name = "recurrent"
    stale = [path for path, content in build(name).items() if (ROOT / path).read_bytes() != content]
    assert not stale, f"run `zoo release {name}`: out of date: {stale}"


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """The recurrent master and the course settings in a scratch course that ``zoo.digest`` reads."""
    for path in ("assignments/recurrent/recurrent.ipynb", "_config.yml", "requirements.txt"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes((ROOT / path).read_bytes())
    monkeypatch.setattr(zoo.digest, "ROOT", tmp_path)
    return tmp_path / "assignments" / "recurrent" / "recurrent.ipynb"


@pytest.mark.parametrize("cell_type, change, graded_changes", [
    ("markdown", "source", False),
    ("code", "source", True),
    ("code", "tags", True),
    ("raw", "source", True),  # otter's question and test cells
])
def test_the_graded_digest_changes_with_code_tests_and_tags_but_not_with_markdown(course_copy, cell_type, change,
                                                                                  graded_changes):
    before = zoo.digest.inputs_digest("recurrent"), zoo.digest.graded_digest("recurrent")
    nb = nbformat.read(course_copy, as_version=4)
    cell = next(c for c in nb.cells[1:] if c.cell_type == cell_type)
    if change == "tags":
        cell.metadata["tags"] = [*cell.metadata.get("tags", []), "otter_ignore"]
    else:
        cell.source += "\n# one more line"
    nbformat.write(nb, course_copy)
    after = zoo.digest.inputs_digest("recurrent"), zoo.digest.graded_digest("recurrent")
    assert after[0] != before[0]
    assert (after[1] != before[1]) == graded_changes


def student_facing_texts(name):
    """Every file of ``name`` under release/, plus what the Colab setup cell unpacks from its embedded zip."""
    texts = {}
    for path in sorted((ROOT / "release").glob(f"*/{name}/**/*")):
        if path.is_file():
            text = readable(path.name, path.read_bytes())
            texts[str(path.relative_to(ROOT))] = text
            if path.suffix != ".ipynb":
                continue
            nb = nbformat.reads(text, as_version=4)
            texts[f"{path.relative_to(ROOT)}#sources"] = "\n".join(c.source for c in nb.cells)
            texts[f"{path.relative_to(ROOT)}#metadata"] = repr([nb.metadata] + [c.metadata for c in nb.cells])
            for cell in nb.cells:
                if "zoo_setup" not in cell.metadata.get("tags", []):
                    continue
                encoded = "".join(re.findall(r'^\s+"([A-Za-z0-9+/=]+)"$', cell.source, re.M))
                with zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded))) as zf:
                    for member in zf.namelist():
                        texts[f"{path.relative_to(ROOT)}!{member}"] = readable(member, zf.read(member))
    return texts


def readable(name, data):
    """A file as text; the stored values as the text they hold (the mistakes' descriptions; numbers are fine)."""
    if name.endswith(".npz"):
        return "\n".join(str(v) for v in read_expected(data).values() if v.dtype.kind == "U")
    return data.decode()


def significant_lines(source):
    return {line.strip() for line in source.splitlines() if len(line.strip()) >= 12}


def public_material(name):
    public = set()
    for question in load_tests(name):
        for case in question.cases:
            if not case.hidden:
                public |= significant_lines(inspect.getsource(case.function))
    return public


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_students_receive_no_solution_line_and_no_hidden_test(name):
    texts = student_facing_texts(name)
    assert any("!tests/" in key for key in texts), "the setup cell's public checks were not found"
    leaks = find_leaks(name, texts)
    assert not leaks, "\n".join(f"{o} leaks into {w}: {l}" for o, l, w in leaks[:10])


def test_the_leak_search_finds_a_planted_solution_line_and_hidden_test():
    name = ASSIGNMENTS[0]
    texts = student_facing_texts(name)
    solution_line = max(significant_lines(next(iter(solutions(name).values()))) - significant_lines(scaffold_of(name)),
                        key=len)
    hidden = next(c for q in load_tests(name) for c in q.cases if c.hidden)
    hidden_line = max(significant_lines(inspect.getsource(hidden.function)) - public_material(name), key=len)
    texts["planted"] = f"# {solution_line}\n{hidden_line}"
    origins = {origin.split()[0] for origin, _, where in find_leaks(name, texts) if where == "planted"}
    assert origins == {"solution", "hidden"}


def find_leaks(name, texts):
    """``[(origin, line, file)]`` for every solution or hidden-test line found in ``texts``."""
    secrets = {}
    for question, solution in solutions(name).items():
        for line in significant_lines(solution):
            secrets.setdefault(line, f"solution of {question}")
    for question in load_tests(name):
        for case in question.cases:
            if case.hidden:
                for line in significant_lines(inspect.getsource(case.function)) - public_material(name):
                    secrets.setdefault(line, f"hidden test {case.name}")
    given = significant_lines(scaffold_of(name)) | significant_lines(given_by_master(name))
    searched = {origin for line, origin in secrets.items() if line not in given}
    expected = {f"solution of {q}" for q in solutions(name)} | {
        f"hidden test {c.name}" for q in load_tests(name) for c in q.cases if c.hidden}
    assert searched == expected, f"nothing to search for in: {sorted(expected - searched)}"  # the search is not vacuous
    return [(origin, line, where) for line, origin in secrets.items() if line not in given
            for where, text in texts.items() if line in text]


def given_by_master(name):
    """The master's cells outside solutions and tests: what every student is given anyway (training code)."""
    nb, block = read_master(name)[0], None
    given = []
    for cell in nb.cells:
        m = marker(cell) or ""
        if m.startswith("BEGIN") and m != "BEGIN QUESTION":
            block = m
        elif m.startswith("END") and m != "END QUESTION":
            block = None
        elif block is None and not m:
            given.append(cell.source)
    return "\n".join(given)


def scaffold_of(name):
    """Lines the student is given in the answer cells (signatures, docstrings, parameter setup)."""
    nb = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if "zoo" in c.metadata)


# What computes a graded output: the operations of the course's models. Drawing inputs (rng.normal,
# np.zeros, concatenate) is not among them.
MODEL_OPERATIONS = {
    "softmax", "log_softmax", "logsumexp", "matmul", "mm", "bmm", "einsum", "tensordot", "outer", "dot", "inner",
    "exp", "log", "tanh", "sigmoid", "relu", "gelu", "norm", "linalg", "cdist", "cosine_similarity", "sort",
    "argsort", "topk", "cross_entropy", "nll_loss", "scaled_dot_product_attention", "layer_norm", "conv2d",
    "max_pool2d", "avg_pool2d", "backward", "grad", "svd", "LSTM", "RNN", "GRU", "LSTMCell", "RNNCell",
    "MultiheadAttention", "Linear", "LayerNorm", "Conv2d", "TransformerEncoderLayer",
}


def operations_in(body):
    """The model operations that ``body`` (a list of statements, nested functions left out) uses."""
    found, stack = set(), list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            found.add("@")
        if isinstance(node, ast.Attribute) and node.attr in MODEL_OPERATIONS:
            found.add(node.attr)
        if isinstance(node, ast.Name) and node.id in MODEL_OPERATIONS:
            found.add(node.id)
        stack.extend(ast.iter_child_nodes(node))
    return found


def is_probe(function):
    """A probe runs the student's code: its first parameter is ``env`` and it looks names up in it."""
    args = function.args.args
    return bool(args) and args[0].arg == "env" and not function.name.startswith("test_") and any(
        isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name) and n.value.id == "env"
        for n in ast.walk(function))


def computing_functions(source):
    """``[(function, operations)]``: functions of check code that compute with model operations without
    running the student's code (a reference or a near-answer); probes are the functions that may."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not is_probe(node):
            operations = operations_in(node.body)
            if operations:
                found.append((node.name, sorted(operations)))
    return found


def student_facing_check_code(name):
    """``{where: source}`` of every check a student receives: the Colab notebook's tests/ and the
    nbgrader notebook's test cells."""
    code = {}
    for where, text in student_facing_texts(name).items():
        if "!tests/" in where and where.endswith(".py"):
            code[where] = text
        elif where.endswith(".ipynb"):
            cells = nbformat.reads(text, as_version=4).cells
            code[where] = "\n\n".join(c.source for c in cells if c.cell_type == "code" and "def test_" in c.source)
    return code


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_facing_checks_compute_no_reference(name):
    code = student_facing_check_code(name)
    assert any("!tests/" in where for where in code) and any("nbgrader" in where for where in code)
    found = [f"{where}: {function} computes with {', '.join(ops)}" for where, source in code.items()
             for function, ops in computing_functions(source)]
    assert not found, "\n".join(found)


def test_the_reference_search_catches_a_planted_reference_and_passes_probes():
    planted = """
def test_attention(env):
    import numpy as np
    from zoo_check import expect_close, run_student

    def probe(env, q, k, v):
        import torch
        return {"y": env["attention"](torch.as_tensor(q), torch.as_tensor(k), torch.as_tensor(v))}

    def reference(q, k, v):
        scores = q @ k.T / np.sqrt(q.shape[-1])
        weights = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True)
        return weights @ v

    rng = np.random.default_rng(0)
    q, k, v = rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    expect_close("y", run_student(env, probe, q=q, k=k, v=v)["y"], reference(q, k, v))
"""
    assert computing_functions(planted) == [("reference", ["@", "exp"])]
    inline = planted.replace("reference(q, k, v))", "torch.softmax(torch.as_tensor(q @ k.T), -1).numpy())")
    assert ("test_attention", ["@", "softmax"]) in computing_functions(inline)
