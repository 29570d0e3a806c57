"""``aiocourse check NOTEBOOK``: grade one notebook now, with no gradebook and no instructor.

For self-learners and for students before they submit.  The notebook runs with the
instructor's tests (hidden ones included when the course's ``source/`` is present; the
visible ones only in a student-facing copy of the course), and a table shows each test's
points and what went wrong.  It runs exactly as ``nbgrader autograde`` would: the course's
``nbgrader_config.py`` is read, and its ``ResilientExecute`` runs the notebook -- the same
sandboxed kernel, limits, cell timeout and output cap -- so the same notebook gets the same
verdict here and in the instructor's gradebook.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..course import Course, CourseNotFound
from .arguments import cell_timeout, percentage

# nbformat, nbclient and nbgrader take seconds to import: they are imported when a notebook
# is graded, not whenever the `aiocourse` command starts.


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="grade one notebook now and print a per-test table")
    parser.add_argument("notebook", type=Path, help="the notebook to grade (a student's copy)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--timeout", type=cell_timeout, default=None,
                        help="whole seconds one cell may run (default: the course's Execute.timeout, 30)")
    parser.add_argument("--chapter", help="chapter id, when the file name does not start with it")
    parser.add_argument("--fail-under", type=percentage, default=None, metavar="PERCENT",
                        help="exit with status 1 when the score is below this percentage of the maximum")
    parser.add_argument("--require-isolation", action="store_true",
                        help="refuse to grade (exit 2) unless the kernel runs fully isolated (bubblewrap)")
    parser.set_defaults(run=run)


class CheckError(Exception):
    """The notebook could not be graded at all (as opposed to: graded, with a low score)."""


def grade(path: Path, *, timeout: int | None = None, chapter: str | None = None) -> dict[str, object]:
    """Grade ``path``; returns the JSON-ready report.  Raises :class:`CheckError`."""
    import nbformat

    from ..grading.intake import DamagedNotebook, read_submission
    from ..grading.merge import merge_for_grading
    from ..grading.preprocessor import course_executor
    from ..grading.score import score_notebook
    from ..grading.tamper import flags_of

    if not path.is_file():
        raise CheckError(f"no such file: {path}")
    try:  # the same intake as `aiocourse grade`: a damaged cell is named, never a traceback
        student = read_submission(path)
    except DamagedNotebook as error:
        raise CheckError(f"{path} is not a Jupyter notebook ({error.reason})" if error.unreadable else str(error)) \
            from None
    try:
        course = Course.find(path.parent)
    except CourseNotFound:
        course = Course.find()
    chapter = chapter or course.chapter_of(path)
    if chapter is None or chapter not in course.chapters():
        known = ", ".join(course.chapters())
        raise CheckError(f"cannot tell which chapter {path.name} belongs to; use --chapter (one of: {known})")
    reference_path = course.notebook("source", chapter)
    hidden = reference_path.is_file()
    if not hidden:
        reference_path = course.notebook("release", chapter)
    merged = merge_for_grading(student, nbformat.read(reference_path, as_version=4))
    problems = course_executor(course, timeout).execute(merged, path.resolve().parent)
    results = score_notebook(merged)
    return {
        "notebook": str(path),
        "chapter": chapter,
        "hidden_tests": hidden,
        "score": sum(r.points for r in results),
        "max_score": sum(r.max_points for r in results),
        "tests": [r.as_dict() for r in results],
        "problems": [str(p) for p in problems],
        "cell_errors": cell_errors(merged),
        "flagged": [str(flag) for flag in flags_of(merged)],
    }


def cell_errors(nb: Any) -> list[dict[str, object]]:
    """Errors raised by cells that are not tests (an answer, a "try it" cell): the student
    sees why a test could not pass, and CI sees a master notebook that does not run."""
    from nbgrader.utils import is_grade, is_solution

    return [
        {"cell": number, "answer": bool(is_solution(cell)), "error": output.ename,
         "message": str(output.evalue).splitlines()[0][:200] if output.evalue else ""}
        for number, cell in enumerate(nb.cells, start=1)
        if cell.cell_type == "code" and not (is_grade(cell) and not is_solution(cell))
        for output in cell.get("outputs", [])
        if output.output_type == "error"
    ]


#: Error names the executor writes into a cell it stopped; its note says so once, in ``problems``.
STOPPED_BY_THE_GRADER = ("CellTimeoutError", "DeadKernelError")


def _table(report: dict[str, Any]) -> str:
    from ..grading.score import TestResult

    tests = [TestResult(**t) for t in report["tests"]]
    width = max([len("test"), *(len(t.grade_id) for t in tests)])
    lines = [f"{'test':<{width}}  points   max  result", f"{'-' * width}  ------  ----  ------"]
    for t in tests:
        first = ("[hidden test] " if t.hidden else "") + (t.message.splitlines()[0] if t.message else "")
        lines.append(f"{t.grade_id:<{width}}  {t.points:6g}  {t.max_points:4g}  {first}")
    lines.append(f"{'total':<{width}}  {report['score']:6g}  {report['max_score']:4g}")
    problems = [f"note: {p}" for p in report["problems"]] + [
        f"note: cell {e['cell']}{' (an answer)' if e['answer'] else ''} raised {e['error']}: {e['message']}"
        for e in report.get("cell_errors", [])
        if e["error"] not in ("NotImplementedError", *STOPPED_BY_THE_GRADER)  # those are in problems already
    ]
    details = [f"\n--- {t.grade_id}{' (a hidden test)' if t.hidden else ''} ---\n{t.message}"
               for t in tests if not t.passed and "\n" in t.message]
    if report.get("flagged"):
        problems.append("FLAGGED for manual grading: this notebook's code reaches into the grader, so an "
                        "instructor reads it before trusting these points:")
        problems += [f"  - {reason}" for reason in report["flagged"]]
    if not report["hidden_tests"]:
        lines.append("(visible tests only: the instructor's hidden tests are not in this copy of the course)")
    return "\n".join(lines + problems + details)


def _isolation(path: Path) -> str:
    """The sandbox line for the course that will grade ``path`` (see ``sandbox/report.py``)."""
    from ..sandbox.report import course_isolation, isolation_report

    for start in (path.parent, None):
        try:
            return course_isolation(Course.find(start).config)
        except CourseNotFound:
            continue
    return isolation_report()


def run(args: argparse.Namespace) -> int:
    from ..sandbox.report import FULL, REFUSAL

    isolation = _isolation(args.notebook)  # with the result; also before grading when it is partial
    if args.require_isolation and not isolation.startswith(FULL):
        print(f"aiocourse check: {REFUSAL}: {isolation}", file=sys.stderr)
        return 2
    if not isolation.startswith(FULL):  # a warning before grading; the summary says it either way
        print(isolation, file=sys.stderr)
    try:
        report = grade(args.notebook, timeout=args.timeout, chapter=args.chapter)
    except (CheckError, CourseNotFound) as error:
        print(f"aiocourse check: {error}", file=sys.stderr)
        return 2
    print(json.dumps({**report, "isolation": isolation}) if args.json else f"{_table(report)}\n{isolation}")
    if args.fail_under is not None and report["max_score"]:
        percent = 100 * float(report["score"]) / float(report["max_score"])  # type: ignore[arg-type]
        if percent < args.fail_under:
            print(f"aiocourse check: {percent:.0f}% is under --fail-under {args.fail_under:g}%", file=sys.stderr)
            return 1
    return 0
