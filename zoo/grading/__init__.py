"""Grading a submission: the student's code runs in a worker process, the verdict is reached here."""
