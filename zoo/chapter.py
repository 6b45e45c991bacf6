"""A master's given code and solutions as a Python namespace, for the benches, figure scripts and tests.

``chapter_namespace("cnn")`` runs the master's code cells that only import, define or assign values
without calling anything (the scaffold, the solutions, tables like ``CONFIGS = {...}``), never a cell
that loads data, trains or plots, and returns their globals.
"""
import ast
import sys

import zoo.check
import zoo.data
from zoo.master import marker, read_master

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
    sys.modules.update({"zoo_check": zoo.check, "zoo_data": zoo.data})  # the names the notebook imports
    namespace, in_tests = {"__name__": name, **names}, False
    for index, cell in enumerate(nb.cells):
        in_tests = {"BEGIN TESTS": True, "END TESTS": False}.get(marker(cell), in_tests)
        source = solutions.get(index, cell.source)
        if cell.cell_type == "code" and not in_tests and defines_only(source):
            exec(compile(source, f"<{name}.ipynb cell {index}>", "exec"), namespace)
    return namespace
