"""Which submissions of an assignment can be graded, and why the others cannot.

Checked before anything is written, so bad input never reaches the gradebook: an unknown
assignment or an empty ``submitted/`` stops the run; a corrupt notebook or a notebook of
another assignment stops only that student's grading, with a sentence saying why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade, is_solution

from ..course import Course
from .merge import grade_id

__all__ = ["IntakeError", "Submission", "find_submissions", "assignment_notebooks"]


class IntakeError(Exception):
    """The assignment cannot be graded at all (unknown, or nothing submitted)."""


@dataclass
class Submission:
    student: str
    folder: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def assignment_notebooks(course: Course, assignment: str) -> dict[str, set[str]]:
    """The assignment's notebooks (by name) and the grade ids of their graded cells."""
    folder = course.folder("source", assignment=assignment)
    if not folder.is_dir():
        known = course.chapters("source")
        raise IntakeError(f"unknown assignment {assignment!r} (the course has: {', '.join(known) or 'none'})")
    notebooks = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        notebooks[path.stem] = {grade_id(c) for c in nb.cells if grade_id(c) and (is_grade(c) or is_solution(c))}
    return notebooks


def _problems(folder: Path, expected: dict[str, set[str]], assignment: str) -> list[str]:
    problems = []
    found = sorted(folder.glob("*.ipynb"))
    if not found:
        return [f"no notebook in {folder}"]
    for path in found:
        if path.stem not in expected:
            problems.append(f"{path.name} is not a notebook of {assignment} (expected: "
                            f"{', '.join(n + '.ipynb' for n in expected)})")
            continue
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # nbformat raises several types for "not a notebook"
            problems.append(f"{path.name} is not a readable notebook ({type(error).__name__}: {str(error)[:200]})")
            continue
        ids = {grade_id(c) for c in nb.cells if grade_id(c)}
        if expected[path.stem] and not ids & expected[path.stem]:
            problems.append(f"{path.name} has none of {assignment}'s graded cells: a notebook of another assignment?")
    return problems


def find_submissions(course: Course, assignment: str) -> list[Submission]:
    """Every ``submitted/<student>/<assignment>/`` folder (as the course names it), each with
    its problems if any."""
    expected = assignment_notebooks(course, assignment)
    parts = course.folder("submitted", "*", assignment).parts
    base, pattern = Path(*parts[: parts.index("*")]), Path(*parts[parts.index("*"):])
    folders = sorted(p for p in base.glob(str(pattern)) if p.is_dir())
    if not folders:
        where = course.relative("submitted", "<student>", assignment)
        raise IntakeError(f"nothing to grade: no folder {where}/ in {course.root}")
    return [Submission(f.relative_to(base).parts[0], f, _problems(f, expected, assignment)) for f in folders]
