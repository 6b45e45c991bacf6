"""Loading an assignment's test files (otter's exception-based format) from its autograder bundle."""
import json
import linecache
import sys
import zipfile
from dataclasses import dataclass

from otter.test_files import test_case

import zoo.check
from zoo import ROOT


@dataclass
class TestCase:
    name: str
    description: str
    points: float
    hidden: bool
    function: object  # called as function(env)


@dataclass
class QuestionTests:
    name: str
    cases: list

    def points(self, hidden):
        return sum(c.points for c in self.cases if c.hidden == hidden)


def bundle_path(assignment):
    return ROOT / "autograder" / assignment / "autograder.zip"


def load_tests(assignment, bundle=None):
    """Every question's test cases, read from ``autograder/<assignment>/autograder.zip``."""
    sys.modules.setdefault("zoo_check", zoo.check)  # the tests import the trusted copy, never the student's
    bundle = bundle or bundle_path(assignment)
    if not bundle.exists():
        raise FileNotFoundError(f"no autograder bundle at {bundle}: run `zoo release {assignment}`")
    with zipfile.ZipFile(bundle) as zf:
        sources = {n: zf.read(n).decode() for n in sorted(zf.namelist()) if n.startswith("tests/") and n.endswith(".py")}
        order = json.loads(zf.read("zoo.json"))["questions"] if "zoo.json" in zf.namelist() else []
    questions = [parse_test_file(f"<{assignment}/{path}>", source) for path, source in sources.items()]
    return sorted(questions, key=lambda q: order.index(q.name) if q.name in order else len(order))


def parse_test_file(filename, source):
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # for inspect.getsource
    scope = {"__name__": filename}
    exec(compile(source, filename, "exec"), scope)
    cases = []
    for value in scope.values():
        if isinstance(value, test_case):
            doc = (value.test_func.__doc__ or value.test_func.__name__).strip().splitlines()[0]
            cases.append(TestCase(value.test_func.__name__, doc, float(value.points), bool(value.hidden),
                                  value.test_func))
    return QuestionTests(scope["name"], cases)
