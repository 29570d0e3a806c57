"""Build the notebook to grade: the student's answers with the instructor's tests.

The rule is nbgrader's own (its ``OverwriteCells`` preprocessor), without a gradebook:
cells the student may edit (solution cells) come from the student; every other graded
or locked cell comes from the instructor's copy, so an edited or deleted test cannot
change a grade.  Hidden tests are kept, with their ``### BEGIN/END HIDDEN TESTS``
marker lines removed, when the instructor's copy is the source notebook.
"""

from __future__ import annotations

import copy

import nbformat
from nbformat import NotebookNode
from nbgrader.utils import is_grade, is_locked, is_solution

__all__ = ["merge_for_grading", "grade_id"]

HIDDEN_MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def grade_id(cell: NotebookNode) -> str | None:
    """The cell's nbgrader grade id, or ``None``; never raises on a damaged cell (a string where
    a table belongs): intake refuses those with a message, and this must not crash first."""
    metadata = cell.get("metadata") if isinstance(cell, dict) else None
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    gid = nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None
    return gid if isinstance(gid, str) and gid else None


def _instructors(cell: NotebookNode) -> NotebookNode:
    """The instructor's cell without hidden-test markers; the lines they enclosed are kept in
    ``metadata.aiocourse.hidden_lines`` (1-based), so a failure there can be labelled hidden."""
    cell = copy.deepcopy(cell)
    kept, hidden_lines, hidden = [], [], False
    for line in cell.source.splitlines():
        marker = line.strip()
        if marker in HIDDEN_MARKERS:
            hidden = marker == HIDDEN_MARKERS[0]
            continue
        kept.append(line)
        if hidden:
            hidden_lines.append(len(kept))
    cell.source = "\n".join(kept)
    if hidden_lines:
        cell.metadata.setdefault("aiocourse", {})["hidden_lines"] = hidden_lines
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def _unanswered(cell: NotebookNode) -> NotebookNode:
    """A deleted answer cell comes back empty: never with the reference's solution."""
    stub = copy.deepcopy(cell)
    if stub.cell_type == "code":
        stub.source = 'raise NotImplementedError("this answer cell was deleted from the notebook")'
        stub.outputs, stub.execution_count = [], None
    else:
        stub.source = "(this answer cell was deleted from the notebook)"
    return stub


def merge_for_grading(student: NotebookNode, reference: NotebookNode) -> NotebookNode:
    """The student's notebook with every protected cell restored from ``reference``.

    Protected cells missing from the student's notebook (deleted) are put back after the
    protected cell that precedes them in the reference; solution cells the student
    deleted come back unanswered (never with the reference's solution).
    """
    protected = {
        grade_id(c): c
        for c in reference.cells
        if grade_id(c) and (is_locked(c) or (is_grade(c) and not is_solution(c)))
    }
    solutions = {grade_id(c): c for c in reference.cells if grade_id(c) and is_solution(c)}
    merged = nbformat.v4.new_notebook(metadata=copy.deepcopy(reference.metadata))
    seen: set[str] = set()
    for cell in student.cells:
        gid = grade_id(cell)
        if gid in protected and gid not in seen:
            merged.cells.append(_instructors(protected[gid]))
        elif gid in solutions and gid not in seen:
            mine = copy.deepcopy(cell)
            mine.cell_type = solutions[gid].cell_type
            mine.metadata["nbgrader"] = copy.deepcopy(solutions[gid].metadata["nbgrader"])
            if mine.cell_type == "code":
                mine.outputs, mine.execution_count = [], None
            merged.cells.append(mine)
        elif gid is None:
            student_cell = copy.deepcopy(cell)
            if student_cell.cell_type == "code":
                student_cell.outputs, student_cell.execution_count = [], None
            merged.cells.append(student_cell)
        else:
            continue  # a duplicate, or a cell of another notebook: ignore it
        if gid:
            seen.add(gid)
    _restore_missing(merged, reference, protected | solutions, seen)
    for number, cell in enumerate(merged.cells):
        cell["id"] = f"graded-{number}"
    return merged


def _restore_missing(merged: NotebookNode, reference: NotebookNode, known: dict, seen: set[str]) -> None:
    previous: str | None = None
    for cell in reference.cells:
        gid = grade_id(cell)
        if not gid or gid not in known:
            continue
        if gid not in seen:
            position = 0
            if previous is not None:
                position = next(i for i, c in enumerate(merged.cells) if grade_id(c) == previous) + 1
            merged.cells.insert(position, _unanswered(cell) if is_solution(cell) else _instructors(cell))
            seen.add(gid)
        previous = gid
