"""A Zoo of Models: the course package (release, grading and verification of assignments)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository: assignments/, release/, autograder/
