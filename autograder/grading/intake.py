"""Which submissions of an assignment can be graded, and why the others cannot.

Checked before anything is written, so bad input never reaches the gradebook: an unknown
assignment or an empty ``submitted/`` stops the run; a corrupt notebook or a notebook of
another assignment stops only that student's grading, with a sentence saying why.

A *damaged* notebook is valid JSON whose shape the graders trust without checking: a cell
whose ``metadata.nbgrader`` is a string (JupyterLab's metadata panel accepts anything), a
``source`` that is a number, a cell that is not a table.  nbformat reads some of these
without complaint, and then ``merge``, nbgrader or nbclient fail deep inside, with a
traceback that stopped the whole class.  :func:`read_submission` checks the shape once, on
the raw JSON, before any of them sees it, and names the cell and the repair.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.utils import is_grade, is_solution

from ..course import Course
from .merge import grade_id

__all__ = ["IntakeError", "DamagedNotebook", "Submission", "find_submissions", "assignment_notebooks",
           "notebook_damage", "read_submission"]


class IntakeError(Exception):
    """The assignment cannot be graded at all (unknown, or nothing submitted)."""


class DamagedNotebook(ValueError):
    """One notebook cannot be graded; the message names the cell and how to repair it.

    ``unreadable`` is set when the file is not a notebook at all (not JSON, not nbformat's
    shape), as opposed to a notebook with a damaged cell; ``reason`` is then the parser's."""

    def __init__(self, message: str, *, unreadable: bool = False, reason: str = "") -> None:
        super().__init__(message)
        self.unreadable, self.reason = unreadable, reason


def _unreadable(path: Path, error: Exception) -> DamagedNotebook:
    reason = f"{type(error).__name__}: {str(error)[:200]}"
    return DamagedNotebook(f"{path.name} is not a readable notebook ({reason})", unreadable=True, reason=reason)


#: Grade ids as nbgrader's cell toolbar accepts them: letters, digits, ``_`` and ``-``.
_GRADE_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_FLAGS = ("grade", "solution", "locked", "task")
_RESTORE = "restore the cell from the release notebook"


def _kind(value: object) -> str:
    """The JSON name of a value's type, as a student reads it ("a string", "a list")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a table" if isinstance(value, dict) else type(value).__name__


def _is_text(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _nbgrader_damage(meta: object) -> str | None:
    """What is wrong with one cell's ``metadata.nbgrader``, or ``None``."""
    if not isinstance(meta, dict):
        return (f"its nbgrader metadata is {_kind(meta)}, not a table; JupyterLab's metadata panel can do "
                f"this — {_RESTORE}")
    if "grade_id" in meta:
        gid = meta["grade_id"]
        if not isinstance(gid, str):
            return f"its nbgrader grade_id is {_kind(gid)}, not a name — {_RESTORE}"
        if not _GRADE_ID.match(gid):
            return f"its nbgrader grade_id {gid[:40]!r} is garbled (letters, digits, _ and - only) — {_RESTORE}"
    if "points" in meta:
        points = meta["points"]
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points) or points < 0:
            shown = repr(points)[:40] if isinstance(points, (str, int, float)) else _kind(points)
            return f"its nbgrader points {shown} is not a number of points — {_RESTORE}"
    for flag in _FLAGS:
        if flag in meta and not isinstance(meta[flag], bool):
            return f"its nbgrader {flag!r} is {_kind(meta[flag])}, not true/false — {_RESTORE}"
    return None


def _cell_damage(cell: object) -> str | None:
    if not isinstance(cell, dict):
        return f"it is {_kind(cell)}, not a cell (a table with cell_type, metadata and source) — {_RESTORE}"
    if cell.get("cell_type") not in ("code", "markdown", "raw"):
        return f"its cell_type {cell.get('cell_type')!r} is not code, markdown or raw — {_RESTORE}"
    if not _is_text(cell.get("source", "")):
        return f"its source is {_kind(cell['source'])}, not text (a string, or a list of strings) — {_RESTORE}"
    metadata = cell.get("metadata", {})
    if not isinstance(metadata, dict):
        return f"its metadata is {_kind(metadata)}, not a table — {_RESTORE}"
    if cell["cell_type"] == "code" and not isinstance(cell.get("outputs", []), list):
        return "its outputs are not a list — clear the cell's outputs (Edit > Clear Outputs) and save"
    return _nbgrader_damage(metadata["nbgrader"]) if "nbgrader" in metadata else None


def notebook_damage(raw: Any) -> list[str]:
    """Every damaged part of a notebook's raw JSON, one sentence each, cells numbered from 1
    (as ``aiocourse check`` numbers them); ``[]`` when its shape can be trusted."""
    if not isinstance(raw, dict):
        return [f"the file holds {_kind(raw)}, not a notebook"]
    if raw.get("nbformat", 4) != 4:
        return []  # an older format: nbformat converts it, and says so when it cannot
    cells = raw.get("cells")
    if not isinstance(cells, list):
        found = "is missing" if cells is None else f"is {_kind(cells)}, not a list"
        return [f"its list of cells {found}: the file was cut or edited by hand — start again from the "
                "release notebook and paste your answers back"]
    return [f"cell {number}: {why}" for number, cell in enumerate(cells, start=1)
            if (why := _cell_damage(cell)) is not None]


def read_submission(path: Path) -> NotebookNode:
    """Read a student's notebook, damage checked first.  Raises :class:`DamagedNotebook` naming
    the first damaged cell (the others, if any, counted), or the reason it is not a notebook."""
    try:
        raw = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise _unreadable(path, error) from None
    damage = notebook_damage(raw)
    if damage:
        more = f" (and {len(damage) - 1} more damaged cell(s))" if len(damage) > 1 else ""
        raise DamagedNotebook(f"{path.name}: {damage[0]}{more}")
    try:
        return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as error:  # nbformat raises several types for "not a notebook"
        raise _unreadable(path, error) from None


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
            nb = read_submission(path)
        except DamagedNotebook as damaged:
            problems.append(str(damaged))
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
