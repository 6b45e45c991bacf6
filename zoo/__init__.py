"""A Zoo of Models: the course package (release, grading and verification of assignments)."""
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # the package's own files: the shipped modules, the grader
INSTALLED_FROM = PACKAGE.parent  # the checkout an editable install points at


def find_course(start):
    """The nearest folder at or above ``start`` holding ``_config.yml`` and ``assignments/``, or None."""
    for folder in (start, *start.parents):
        if (folder / "_config.yml").is_file() and (folder / "assignments").is_dir():
            return folder
    return None


def course_root():
    """The course ``zoo`` works on: ``$ZOO_COURSE`` (``zoo --course``), else the one the current folder
    is in (as git finds its repository), else the checkout the package was installed from."""
    if os.environ.get("ZOO_COURSE"):
        return Path(os.environ["ZOO_COURSE"]).resolve()
    return find_course(Path.cwd().resolve()) or INSTALLED_FROM


ROOT = course_root()  # the course: assignments/, release/, autograder/, tests/

# The course modules a student folder gets, by the names the notebooks import them under.
SHIPPED_MODULES = {"zoo_check": "check", "zoo_data": "data", "zoo_training": "training", "zoo_pretrained": "pretrained"}


def alias_shipped_modules():
    """Make ``import zoo_check`` (``zoo_data``, ...) give this package's modules, as the notebooks expect."""
    import importlib

    sys.modules.update({shipped: importlib.import_module(f"zoo.{module}") for shipped, module in SHIPPED_MODULES.items()})
