"""Score an executed notebook the way nbgrader does, with a message per test."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from nbformat import NotebookNode
from nbgrader.utils import determine_grade, is_grade, is_solution

from .merge import grade_id

__all__ = ["TestResult", "score_notebook", "failing_line"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_CELL_FRAME = re.compile(r"(?:Cell In\[\d+\]|<ipython-input-[^>]*>), line (\d+)")
MAX_MESSAGE = 2000


def failing_line(traceback: list[str]) -> int | None:
    """The line of the test cell where the error was raised (its first frame), if shown."""
    match = _CELL_FRAME.search(_ANSI.sub("", "\n".join(traceback)))
    return int(match.group(1)) if match else None


@dataclass
class TestResult:
    grade_id: str
    points: float
    max_points: float
    passed: bool
    message: str
    hidden: bool = False  # the failure came from a hidden test (known when the merge kept its lines)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _message(cell: NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            text = f"{output.ename}: {output.evalue}" if output.evalue else output.ename
            if output.ename in ("AssertionError", "CheckFailed") and output.evalue:
                text = output.evalue
            return _clip(_ANSI.sub("", text))
        if output.output_type == "stream" and output.name == "stderr":
            return _clip("the test wrote to stderr: " + _ANSI.sub("", output.text).strip())
    return ""


def _failed_in_hidden_lines(cell: NotebookNode) -> bool:
    hidden = set(cell.get("metadata", {}).get("aiocourse", {}).get("hidden_lines", []))
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    return bool(hidden and errors and failing_line(errors[0].get("traceback", [])) in hidden)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + " [...]"


def score_notebook(nb: NotebookNode) -> list[TestResult]:
    """One result per auto-graded test cell; answer cells graded by hand are skipped."""
    results = []
    for cell in nb.cells:
        if not is_grade(cell) or is_solution(cell) or cell.cell_type != "code":
            continue
        points, max_points = determine_grade(cell)
        points = float(points or 0.0)
        passed = points >= max_points
        message = _message(cell) if not passed else "passed"
        hidden = not passed and _failed_in_hidden_lines(cell)
        results.append(TestResult(grade_id(cell) or "?", points, float(max_points), passed, message, hidden))
    return results
