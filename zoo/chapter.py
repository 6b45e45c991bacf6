"""A master's solutions at work, for the benches, figure scripts and tests.

``chapter_namespace("cnn")`` runs the master's code cells that only import, define or assign values
without calling anything (the scaffold, the solutions, tables like ``CONFIGS = {...}``), never a cell
that loads data, trains or plots, and returns their globals. ``run_notebook("mae", after)`` runs the
whole notebook as a student would, then ``after``, and returns what ``after`` reported.
"""
import ast
import json
import os
import tempfile

import nbformat
from nbclient import NotebookClient

from zoo import ROOT, alias_shipped_modules
from zoo.master import marker, read_master
from zoo.release.steps import fill_answers

DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)


def defines_only(source):
    """True for a cell of imports, definitions and assignments that call nothing (``POOLINGS = ("max", ...)``)."""
    def definition(node):
        if isinstance(node, ast.Assign):
            return not any(isinstance(inner, ast.Call) for inner in ast.walk(node.value))
        return isinstance(node, DEFINITIONS)
    return all(definition(node) for node in ast.parse(source).body)


def chapter_namespace(name, **names):
    """The globals of master ``name``'s defining cells, solutions filled in; ``names`` are set first."""
    nb, _, questions = read_master(name)
    solutions = {q.solution_cell: q.solution for q in questions if not q.manual}
    alias_shipped_modules()
    namespace, in_tests = {"__name__": name, **names}, False
    for index, cell in enumerate(nb.cells):
        in_tests = {"BEGIN TESTS": True, "END TESTS": False}.get(marker(cell), in_tests)
        source = solutions.get(index, cell.source)
        if cell.cell_type == "code" and not in_tests and defines_only(source):
            exec(compile(source, f"<{name}.ipynb cell {index}>", "exec"), namespace)
    return namespace


def run_notebook(name, after):
    """Execute ``name``'s Colab/Gradescope notebook with the master's solutions filled in, top to bottom in a
    fresh kernel in a scratch folder, then ``after`` in the same kernel; return the JSON that ``after``
    printed after ``ZOO_RESULTS``. The datasets come from ``$ZOO_DATA`` or ``../shared/data``."""
    student = nbformat.read(ROOT / "release" / "otter" / name / f"{name}.ipynb", as_version=4)
    nb = fill_answers(student, {q.name: q.solution for q in read_master(name)[2] if not q.manual})
    nb.cells = [c for c in nb.cells if "zoo_export" not in c.metadata.get("tags", [])]
    nb.cells.append(nbformat.v4.new_code_cell(after))
    shared_data = ROOT.parent / "shared" / "data"
    if "ZOO_DATA" not in os.environ and shared_data.is_dir():
        os.environ["ZOO_DATA"] = str(shared_data)  # the kernel runs in a scratch folder outside the repository
    with tempfile.TemporaryDirectory(prefix=f"zoo-{name}-") as folder:
        NotebookClient(nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": folder}}).execute()
    output = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return json.loads(output.split("ZOO_RESULTS", 1)[1])
