"""The grader's image: what the bundle needs to grade on Gradescope or in the GPU Docker image.

``setup.sh`` installs Python and the pinned ``requirements.txt`` (the grader's and the graded cells'
packages with all their dependencies, at the versions of this project's requirements.txt); the
``zoo`` grading package travels in the bundle; ``run_autograder`` runs ``zoo.grading.gradescope``.
"""
import ast
import importlib.metadata as metadata
import re
from pathlib import Path

from packaging.requirements import Requirement

from zoo import PACKAGE, SHIPPED_MODULES
from zoo.grading.submission import is_graded, source_of

TEMPLATES = Path(__file__).with_name("image")
GRADER_NEEDS = ["torch", "numpy", "nbformat", "ipython", "otter-grader", "pyyaml"]
OTTER_IMAGE = ("environment.yml", "run_otter.py", "setup.sh", "run_autograder")  # replaced: they fetch Miniforge
# The Python setup.sh grades with: Ubuntu 24.04's python3 (Gradescope's 24.04 base image, the GPU image's
# base). Every pin of requirements.txt must have a wheel for it (tests/test_image.py resolves them).
GRADER_PYTHON = "3.12.3"


def imported_modules(nb):
    """Top-level modules the graded cells of ``nb`` import."""
    modules = set()
    for cell in nb.cells:
        if not is_graded(cell):
            continue
        try:
            tree = ast.parse(source_of(cell))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    return modules


def pinned_closure(names):
    """``name==version`` of ``names`` and every dependency they need, as installed here (sorted)."""
    pins, todo = {}, list(names)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in pins:
            continue
        dist = metadata.distribution(name)
        pins[key] = f"{dist.metadata['Name']}=={dist.version.split('+')[0]}"
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return sorted(pins.values(), key=str.lower)


def requirements(release):
    """The bundle's requirements.txt: the grader's packages and those the graded cells import."""
    distributions = metadata.packages_distributions()
    needed = set(GRADER_NEEDS)
    for module in imported_modules(release):
        needed.update(distributions.get(module, []))
    return "\n".join(pinned_closure(sorted(needed))) + "\n"


def grader_files(release, requirements_txt=None):
    """``{path in autograder.zip: bytes}``: set-up, entry point, requirements (``requirements_txt`` where already
    known) and the grading package."""
    package = [PACKAGE / "__init__.py", *(PACKAGE / f"{module}.py" for module in SHIPPED_MODULES.values()),
               *sorted((PACKAGE / "grading").glob("*.py"))]
    files = {p.relative_to(PACKAGE.parent).as_posix(): p.read_bytes() for p in package}
    files.update({name: (TEMPLATES / name).read_bytes() for name in ("setup.sh", "run_autograder")})
    files["requirements.txt"] = requirements_txt or requirements(release).encode()
    return files


def dockerfile(name, gpu_questions):
    return (TEMPLATES / "Dockerfile").read_text().format(
        name=name, torch=metadata.version("torch").split("+")[0],
        gpu=", ".join(gpu_questions) or "none in this assignment").encode()
