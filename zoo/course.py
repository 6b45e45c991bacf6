"""The course settings, set once in ``_config.yml`` (the book's configuration file).

- The public links: ``repository.url`` / ``repository.branch`` (the student-only repository that
  ``zoo publish`` writes, where the Colab links point) and ``launch_buttons.jupyterhub_url`` (the
  course hub). The book (``book/_ext/zoo_launch.py``) and ``zoo publish`` read them from there.
- ``course:``: what the release adds to every assignment (the homework-process survey).
"""
from pathlib import Path

import yaml

from zoo import ROOT
from zoo.check import SURVEY_FIELDS

CONFIG = ROOT / "_config.yml"
# The values a fresh copy of the course ships with: links built from them lead nowhere.
PLACEHOLDERS = ("github.com/zoo-of-models/zoo-of-models", "hub.example.edu")


def read_settings(config=CONFIG):
    return yaml.safe_load(Path(config).read_text()) or {}


def survey_settings(settings=None):
    """The survey (``course.survey``): ``title``, ``intro``, one prompt per field and ``completion_points``, the
    points a submission earns for answering every field (0: the survey is collected, not graded)."""
    survey = ((settings if settings is not None else read_settings()).get("course") or {}).get("survey") or {}
    questions = survey.get("questions") or {}
    if set(questions) != set(SURVEY_FIELDS):
        raise ValueError(f"course.survey.questions in _config.yml must set exactly {list(SURVEY_FIELDS)}, "
                         f"not {sorted(questions)}")
    points = survey.get("completion_points", 0)
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
        raise ValueError(f"course.survey.completion_points in _config.yml is {points!r}: give a number of points, "
                         "0 or more")
    return {"title": survey.get("title", "About your work"), "intro": survey.get("intro", ""),
            "questions": {field: questions[field] for field in SURVEY_FIELDS}, "completion_points": points}
