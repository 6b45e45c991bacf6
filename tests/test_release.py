"""The committed release is what the masters produce, byte for byte, and it leaks nothing."""
import base64
import inspect
import io
import re
import zipfile

import nbformat
import pytest

from conftest import ASSIGNMENTS, solutions
from zoo import ROOT
from zoo.grading.tests import load_tests
from zoo.release import build


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_files_are_in_sync_with_the_master(name):
    stale = [path for path, content in build(name).items()
             if not (ROOT / path).exists() or (ROOT / path).read_bytes() != content]
    assert not stale, f"run `zoo release {name}`: out of date: {stale}"


def student_facing_texts(name):
    """Every file of ``name`` under release/, plus what the Colab setup cell unpacks from its embedded zip."""
    texts = {}
    for path in sorted((ROOT / "release").glob(f"*/{name}/**/*")):
        if path.is_file():
            text = path.read_text()
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
                        texts[f"{path.relative_to(ROOT)}!{member}"] = zf.read(member).decode()
    return texts


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
    given = significant_lines(scaffold_of(name))
    assert len(secrets) > 100  # the search really looked at the solutions and hidden tests
    return [(origin, line, where) for line, origin in secrets.items() if line not in given
            for where, text in texts.items() if line in text]


def scaffold_of(name):
    """Lines the student is given in the answer cells (signatures, docstrings, parameter setup)."""
    nb = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if "zoo" in c.metadata)
