"""What a class-wide grading run tells the instructor: each student's ``n/max`` with the tests
that lost points and any late penalty, and how many students passed each test.

Read from the course's gradebook after the merge (nbgrader's API), so it shows what nbgrader
exports: the tests' points, minus the late penalty nbgrader's ``AssignLatePenalties`` gave.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["StudentResult", "class_results", "format_student", "format_tests"]


@dataclass
class StudentResult:
    student: str
    score: float  # the tests' points, before any penalty
    max_score: float
    penalty: float = 0.0
    seconds_late: float = 0.0
    tests: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade id -> (points, max points)

    @property
    def final(self) -> float:
        return max(0.0, self.score - self.penalty)


def class_results(gradebook: Path, assignment: str, students: list[str]) -> dict[str, StudentResult]:
    """Each graded student's result, in the order of ``students``; tests in notebook order."""
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SAWarning)
        with Gradebook(f"sqlite:///{gradebook}") as gb:
            order = {c.name: i for nb in gb.find_assignment(assignment).notebooks
                     for i, c in enumerate(nb.source_cells)}
            for student in students:
                try:
                    submission = gb.find_submission(assignment, student)
                except MissingEntry:
                    continue
                grades = [g for nb in submission.notebooks for g in nb.grades if g.cell_type == "code"]
                grades.sort(key=lambda g: order.get(g.name, len(order)))
                found[student] = StudentResult(
                    student, float(submission.score), float(submission.max_score),
                    float(submission.late_submission_penalty or 0.0), float(submission.total_seconds_late),
                    {g.name: (float(g.score), float(g.max_score)) for g in grades},
                )
    return found


def _n(value: float) -> str:
    return f"{round(value, 2):g}"


def format_student(result: StudentResult, seconds: float | None = None) -> str:
    """``ben: 3/11  (8.1 s)  lost points: test_brew 0/3, test_steep 1/2``."""
    line = f"{result.student}: {_n(result.final)}/{_n(result.max_score)}"
    if seconds is not None:
        line += f"  ({seconds:.1f} s)"
    if result.seconds_late > 0:
        late = f"late by {result.seconds_late / 86400:.2f} day(s)"
        line += f"  [{late}: {_n(result.score)} - {_n(result.penalty)} penalty]" if result.penalty else f"  [{late}]"
    lost = [f"{name} {_n(got)}/{_n(most)}" for name, (got, most) in result.tests.items() if got < most]
    if lost:
        line += "  lost points: " + ", ".join(lost)
    return line


def format_tests(results: dict[str, StudentResult]) -> list[str]:
    """One line per test: how many of the graded students got its full points."""
    if not results:
        return []
    names: list[str] = []
    for result in results.values():
        names += [n for n in result.tests if n not in names]
    width = max(map(len, names), default=0)
    lines = [f"per test, students with full points (of {len(results)} graded):"]
    for name in names:
        marks = [r.tests[name] for r in results.values() if name in r.tests]
        passed = sum(1 for got, most in marks if got >= most)
        most = max((m for _, m in marks), default=0.0)
        lines.append(f"  {name:<{width}}  {passed}/{len(marks)}  ({_n(most)} point{'s' if most != 1 else ''})")
    return lines
