"""Reading an autograder bundle: the test files (otter's exception-based format), the limits and the
release notebook whose given cells the grader runs."""
import json
import linecache
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

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
    time_limit: float = 60
    gpu: bool = False

    def points(self, hidden):
        return sum(c.points for c in self.cases if c.hidden == hidden)


@dataclass
class Bundle:
    assignment: str
    questions: list  # QuestionTests, in the notebook's order
    release: object  # the student notebook as released (an nbformat.NotebookNode): the given cells
    limits: dict = field(default_factory=dict)  # cell_time_limit, submission_time_limit, memory_limit_mb
    survey_points: float = 0  # given for a survey whose every field is answered (course.survey.completion_points)
    submit_files: list = field(default_factory=list)  # what the submission carries beside the notebook (zoo: submit_files)


def bundle_path(assignment):
    return ROOT / "autograder" / assignment / "autograder.zip"


def bundle_files(bundle):
    """``{path: bytes}`` of a bundle: the zip, or the folder it was unpacked in (Gradescope's source/)."""
    if bundle.is_dir():
        return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    with zipfile.ZipFile(bundle) as zf:
        return {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}


def existing_bundle(assignment, bundle=None):
    bundle = Path(bundle or bundle_path(assignment))
    if not bundle.exists():
        raise FileNotFoundError(f"no autograder bundle at {bundle}: run `zoo release {assignment}`")
    return bundle


def bundle_settings(assignment, bundle=None):
    """The bundle's ``zoo.json`` alone (limits, question order, GPU questions), read without the heavy
    imports that parsing its tests needs: the grader starts its worker with these while it parses them."""
    bundle = existing_bundle(assignment, bundle)
    if bundle.is_dir():
        return json.loads((bundle / "zoo.json").read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        return json.loads(zf.read("zoo.json"))


def load_bundle(assignment, bundle=None):
    """Read ``autograder/<assignment>/autograder.zip`` (or ``bundle``: a zip or an unpacked folder)."""
    import nbformat  # imported here, as otter below: seconds a grader spends while its worker starts

    sys.modules.setdefault("zoo_check", zoo.check)  # the tests import the trusted copy, never the student's
    files = bundle_files(existing_bundle(assignment, bundle))
    sources = {n: files[n].decode() for n in sorted(files) if n.startswith("tests/") and n.endswith(".py")}
    settings = json.loads(files["zoo.json"])
    release = nbformat.reads(files["release.ipynb"].decode(), as_version=4)
    expected = zoo.check.read_expected(files[zoo.check.EXPECTED_FILE]) if zoo.check.EXPECTED_FILE in files else {}
    questions = [parse_test_file(f"<{assignment}/{path}>", source, expected) for path, source in sources.items()]
    order = settings["questions"]
    for question in questions:
        question.time_limit = settings["time_limits"].get(question.name, question.time_limit)
        question.gpu = question.name in settings["gpu"]
    limits = {k: settings[k] for k in ("cell_time_limit", "submission_time_limit", "memory_limit_mb")}
    return Bundle(assignment, sorted(questions, key=lambda q: order.index(q.name) if q.name in order else len(order)),
                  release, limits, settings.get("survey_points", 0), settings.get("submit_files", []))


def load_tests(assignment, bundle=None):
    """Every question's test cases, in the notebook's order."""
    return load_bundle(assignment, bundle).questions


def parse_test_file(filename, source, expected=None):
    """The test cases of one otter test file; ``expected``: the stored values its ``expect_stored`` reads."""
    from otter.test_files import test_case

    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # for inspect.getsource
    scope = {"__name__": filename} if expected is None else {"__name__": filename, "__zoo_expected__": expected}
    exec(compile(source, filename, "exec"), scope)
    cases = []
    for value in scope.values():
        if isinstance(value, test_case):
            doc = (value.test_func.__doc__ or value.test_func.__name__).strip().splitlines()[0]
            cases.append(TestCase(value.test_func.__name__, doc, float(value.points), bool(value.hidden),
                                  value.test_func))
    return QuestionTests(scope["name"], cases)
