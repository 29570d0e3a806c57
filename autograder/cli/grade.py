"""``aiocourse grade ASSIGNMENT``: autograde a whole class in parallel, then feedback and grades.csv.

Every submission in ``submitted/*/ASSIGNMENT/`` is graded by nbgrader's own ``autograde``
(with the course's config: sandboxed kernel, ResilientExecute), several at a time on dask
(:mod:`autograder.grading.parallel`); then ``nbgrader generate_feedback`` and
``nbgrader export`` run as usual.  An assignment the gradebook does not know yet is recorded
there from ``source/`` first (a fresh clone).  ``--student ID`` (repeatable) regrades only
those students, as ``nbgrader autograde --student ID --force`` would.  It prints each
student's ``n/max`` with the tests that lost points, how many students got each test's full
points, and what to do next.  Exit status: 0 when every submission was graded, 1 when
some could not be (each named, with the reason), 2 when nothing could be graded.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from ..course import Course, CourseNotFound, tool_env
from .arguments import cell_timeout, positive_int, scheduler_address, writable_file

# dask, nbformat and nbgrader take seconds to import: only when `grade` runs, not whenever
# any `aiocourse` command starts.


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("grade", help="autograde every submission of an assignment in parallel")
    parser.add_argument("assignment", help="assignment (chapter) id, e.g. 04_coroutines")
    parser.add_argument("--workers", type=positive_int, default=None,
                        help="worker processes of a local dask cluster (default: two per CPU)")
    parser.add_argument("--scheduler", type=scheduler_address,
                        help="address of an existing dask.distributed scheduler to use instead (tcp://HOST:PORT)")
    parser.add_argument("--student", action="append", metavar="ID", dest="students",
                        help="grade only this student's submission (repeatable); the others' grades stay")
    parser.add_argument("--batch-size", type=positive_int, default=None,
                        help="students per dask task (default 1)")
    parser.add_argument("--timeout", type=cell_timeout, default=None,
                        help="whole seconds one cell may run (default: the course's Execute.timeout, 30)")
    parser.add_argument("--csv", type=Path, default=Path("grades.csv"), help="where to export grades (default grades.csv)")
    parser.add_argument("--no-feedback", action="store_true", help="skip generate_feedback and export")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--require-isolation", action="store_true",
                        help="refuse to grade (exit 2) unless the kernels run fully isolated (bubblewrap)")
    parser.set_defaults(run=run)


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, capture_output=True,
                          text=True, env=tool_env())


def _report_flags(course: Course, assignment: str, students: list[str]) -> None:
    """Name every submission flagged for manual grading, with the reasons (see grading/tamper.py)."""
    from ..grading.flag import flags_in

    flagged = {s: flags_in(course.folder("autograded", s, assignment)) for s in students}
    flagged = {s: reasons for s, reasons in flagged.items() if reasons}
    if flagged:
        print(f"aiocourse grade: {len(flagged)} submission(s) flagged for manual grading (their code reaches into "
              "the grader; nbgrader's formgrader lists them as needing manual grading):", file=sys.stderr)
    for student, reasons in flagged.items():
        for reason in reasons:
            print(f"  {student}: {reason}", file=sys.stderr)


def _report_scores(course: Course, assignment: str, graded) -> None:
    """Each graded student's ``n/max`` (late penalty included) with the tests that lost points,
    then how many students got each test's full points -- from the course's gradebook."""
    from ..grading.summary import class_results, format_student, format_tests

    if not graded.scores or course.gradebook is None:
        return
    results = class_results(course.gradebook, assignment, sorted(graded.scores))
    for student, result in results.items():
        print(format_student(result, graded.seconds.get(student)))
    for line in format_tests(results):
        print(line)


def _next_step(course: Course, assignment: str, csv: Path, *, feedback: bool) -> str:
    where = course.relative("feedback", "<student>", assignment)
    if not feedback:
        return (f"next: `nbgrader generate_feedback {assignment}` writes each student's feedback into {where}/, "
                f"`nbgrader export` the grades")
    return (f"next: each student's feedback is in {where}/ (HTML; on a JupyterHub, "
            f"`nbgrader release_feedback {assignment}` hands it to them); grades in {csv}")


def run(args: argparse.Namespace) -> int:
    from ..grading.intake import IntakeError
    from ..grading.parallel import grade_assignment

    try:
        nbgrader_args = [f"--Execute.timeout={args.timeout}"] if args.timeout is not None else []
        course = Course.find(overrides=nbgrader_args)
        root = course.root
        if not args.no_feedback and (why := writable_file(args.csv, base=root)):
            print(f"aiocourse grade: --csv: {why}", file=sys.stderr)  # before grading, not after it
            return 2
        from ..sandbox.report import FULL, REFUSAL, course_isolation
        isolation = course_isolation(course.config)  # said before grading and in the summary
        if args.require_isolation and not isolation.startswith(FULL):
            print(f"aiocourse grade: {REFUSAL}: {isolation}", file=sys.stderr)
            return 2
        print(isolation, file=sys.stderr)
        graded = grade_assignment(course, args.assignment, workers=args.workers, scheduler=args.scheduler,
                                  nbgrader_args=nbgrader_args, progress=not args.quiet,
                                  batch_size=args.batch_size, students=args.students,
                                  announce=lambda line: print(f"aiocourse grade: {line}", file=sys.stderr))
    except (IntakeError, CourseNotFound) as error:
        print(f"aiocourse grade: {error}", file=sys.stderr)
        return 2
    _report_scores(course, args.assignment, graded)
    for student, why in sorted(graded.failures.items()):
        print(f"aiocourse grade: {student} not graded: {why}", file=sys.stderr)
    print(isolation)
    _report_flags(course, args.assignment, sorted(graded.scores))
    csv = args.csv if args.csv.is_absolute() else root / args.csv
    if graded.scores and not args.no_feedback:
        # Feedback for the students graded now (--student: only theirs); grades.csv for everyone.
        feedback = ([("generate_feedback", args.assignment, "--force", f"--student={s}") for s in sorted(graded.scores)]
                    if args.students else [("generate_feedback", args.assignment, "--force")])
        for step in [*feedback, ("export", f"--to={csv.resolve()}")]:
            done = _nbgrader(root, *step)
            if done.returncode != 0:
                print(f"aiocourse grade: nbgrader {step[0]} failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
                return 1
    if graded.scores:
        print(_next_step(course, args.assignment, csv, feedback=not args.no_feedback))
    if not graded.scores:
        return 2
    return 1 if graded.failures else 0
