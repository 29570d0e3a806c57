"""Copy one student's autograde results from a scratch gradebook into the course gradebook.

Called for one student at a time from a single process, so the course's SQLite file has
exactly one writer.  Rows are created by nbgrader's own API (``update_or_create_*``), the
way ``nbgrader autograde`` does: grading a student twice updates the same rows (never
duplicates them), and scores an instructor gave by hand are kept.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from nbgrader.api import Gradebook
from sqlalchemy.exc import SAWarning

__all__ = ["merge_student"]

STUDENT_FIELDS = ("first_name", "last_name", "email", "lms_user_id")


def merge_student(course_db: Path, scratch_db: Path, assignment: str, student: str) -> float:
    """Merge ``student``'s submission of ``assignment``; returns the total score merged."""
    with warnings.catch_warnings():
        # nbgrader 0.9's update_or_create_submission warns under SQLAlchemy 2 (autoflush); harmless.
        warnings.simplefilter("ignore", SAWarning)
        return _merge(course_db, scratch_db, assignment, student)


def _merge(course_db: Path, scratch_db: Path, assignment: str, student: str) -> float:
    with Gradebook(f"sqlite:///{scratch_db}") as source, Gradebook(f"sqlite:///{course_db}") as target:
        who = source.find_student(student)
        target.update_or_create_student(student, **{f: getattr(who, f) for f in STUDENT_FIELDS})
        submitted = source.find_submission(assignment, student)
        target.update_or_create_submission(assignment, student, timestamp=submitted.timestamp,
                                           extension=submitted.extension)
        for notebook in submitted.notebooks:
            mine = target.find_submission_notebook(notebook.name, assignment, student)
            mine.flagged = notebook.flagged
            mine.late_submission_penalty = notebook.late_submission_penalty
            for grade in notebook.grades:
                row = target.find_grade(grade.name, notebook.name, assignment, student)
                row.auto_score = grade.auto_score
                row.needs_manual_grade = grade.needs_manual_grade and row.manual_score is None
            for comment in notebook.comments:
                row = target.find_comment(comment.name, notebook.name, assignment, student)
                row.auto_comment = comment.auto_comment
        target.db.commit()
        return float(target.find_submission(assignment, student).score)
