"""Grade every submission of an assignment in parallel on dask, merging results serially.

Each dask task grades one student (:func:`.scratch.grade_in_scratch`: nbgrader's own
autograde in a scratch course); the results come back to this process, which is the only
writer of the course's gradebook and of ``autograded/`` -- so SQLite sees one writer, one
student at a time, and a failed task changes nothing.

Why worker processes, one thread each: starting nbgrader costs ~2.5 s of CPU (imports),
about what grading a short notebook costs, so a process per task (or per batch) spent a
large share of the machine on starting up.  Long-lived worker processes import nbgrader
once and run its autograde in-process, which nbgrader allows one at a time per process
(it ``chdir``s); with one student per task again, a fast worker takes over from a slow
one.  Two workers per CPU: a task spends about half its time waiting (kernel start-up and
shutdown, nbclient polling).  The cluster listens on 127.0.0.1 only.  ``scheduler`` sends
the tasks to an existing dask.distributed cluster instead; its workers need the
``aiocourse`` package (tasks are plain bytes in and out).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..course import CONFIG_FILE, Course, tool_env
from .gradebook_merge import merge_student
from .intake import IntakeError, Submission, find_submissions
from .scratch import SCRATCH_GRADEBOOK, WORKER_IMPORTS, ScratchJob, ScratchResult, grade_in_scratch, read_tree

__all__ = ["GradeRun", "grade_assignment", "default_workers", "dask_client", "select_students"]

METHOD = "distributed.worker.multiprocessing-method"


@dataclass
class GradeRun:
    """What happened: scores of the students graded, and a sentence per student not graded."""

    assignment: str
    scores: dict[str, float] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def default_workers() -> int:
    """Two worker processes per CPU: grading spends about half its time waiting (kernel
    start-up and shutdown, nbclient polling), measured 0.85 s of CPU in 1.9 s per submission."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, 2 * cpus)


#: How long to try reaching an existing scheduler before telling the instructor (dask's default: 30 s).
SCHEDULER_CONNECT_SECONDS = 10


@contextmanager
def dask_client(workers: int | None, scheduler: str | None) -> Iterator[object]:
    """A client of ``scheduler``, or of a local cluster of ``workers`` single-threaded processes.

    Like any multiprocessing, a script (not ``python -m``) that grades needs its
    ``if __name__ == "__main__":`` guard: the worker processes' server imports it.
    """
    import dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        from .intake import IntakeError

        try:
            client = Client(scheduler, timeout=SCHEDULER_CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            raise IntakeError(
                f"cannot reach the dask scheduler at {scheduler} within {SCHEDULER_CONNECT_SECONDS} s "
                f"({type(error).__name__}: {error}); is it running, and is the address the one it printed?"
            ) from None
        with client:
            yield client
        return
    # A student whose code kills its worker (the kernel's parent) is tried on one more, then reported.
    with dask.config.set({**_forkserver(), "distributed.scheduler.allowed-failures": 1}), LocalCluster(
        n_workers=workers or default_workers(), threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, env={"PATH": tool_env()["PATH"]},
    ) as cluster, Client(cluster) as client:
        yield client


def _forkserver() -> dict[str, str]:
    """Dask config for worker processes forked from one server that imported nbgrader once.

    Spawned workers each import dask and nbgrader (~3 s of CPU apiece): four of them took
    13 s to be ready on 2 busy cores, against 2.5 s when forked from a preloaded server.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return {}
    import dask
    from distributed.utils import get_mp_context

    with dask.config.set({METHOD: "forkserver"}):
        # dask sets its own preload list when it first makes the context; ours replaces it.
        get_mp_context().set_forkserver_preload(["distributed", *WORKER_IMPORTS])
    return {METHOD: "forkserver"}


#: Real seconds grading one student may take in all (autograde's own work and every cell),
#: past which the task gives up on it: a hang inside nbgrader must not hold a worker forever.
STUDENT_DEADLINE_SECONDS = 900.0


def _job(course: Course, batch: list[Submission], assignment: str, shared: dict[str, bytes],
         args: list[str]) -> ScratchJob:
    files = dict(shared)
    for submission in batch:
        files.update(read_tree(submission.folder, course.relative("submitted", submission.student, assignment) + "/"))
    return ScratchJob(assignment, [s.student for s in batch], files, args,
                      timeout=STUDENT_DEADLINE_SECONDS * len(batch))


def batches(items: list[Submission], size: int = 1) -> list[list[Submission]]:
    """Split into tasks of ``size`` students each (default one: the fastest worker takes the next)."""
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


def _shared_files(course: Course, assignment: str) -> dict[str, bytes]:
    """The course files every job needs: config, gradebook snapshot, non-notebook source files."""
    database = course.gradebook
    if database is None or not database.is_file():
        raise IntakeError(f"no gradebook in {course.root}: run `aiocourse release {assignment}` first")
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{database}") as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise IntakeError(f"{assignment} is not in the gradebook: run `aiocourse release {assignment}` "
                              "first") from None
    files = {CONFIG_FILE: (course.root / CONFIG_FILE).read_bytes(), SCRATCH_GRADEBOOK: database.read_bytes()}
    source = course.folder("source", assignment=assignment)
    prefix = course.relative("source", assignment=assignment) + "/"
    files.update({k: v for k, v in read_tree(source, prefix).items() if not k.endswith(".ipynb")})
    return files


def select_students(submissions: list[Submission], students: list[str] | None, course: Course,
                    assignment: str) -> list[Submission]:
    """The submissions of ``students`` (every one when ``None``); a student without one is an error."""
    if not students:
        return submissions
    found = {s.student: s for s in submissions}
    missing = [s for s in dict.fromkeys(students) if s not in found]
    if missing:
        where = course.relative("submitted", "<student>", assignment)
        raise IntakeError(f"--student: no submission {where}/ for {', '.join(missing)} "
                          f"(submissions from: {', '.join(found) or 'nobody'})")
    return [found[s] for s in dict.fromkeys(students)]


def _why(log: str, student: str) -> str:
    lines = [line for line in log.splitlines() if line.strip()]
    mine = [line for line in lines if student in line and ("ERROR" in line or "failed" in line.lower())]
    return "nbgrader autograde failed: " + " | ".join((mine or lines)[-3:])


def _task_failed(error: Exception) -> str:
    from distributed import KilledWorker

    if isinstance(error, KilledWorker):
        return f"grading task failed: its worker process died each time it graded this submission ({error!r})"
    return f"grading task failed: {error!r}"


def _accept(course: Course, assignment: str, result: ScratchResult, run: GradeRun) -> None:
    """Merge one finished batch into the course, student by student (gradebook rows, files)."""
    with tempfile.TemporaryDirectory(prefix="aiocourse-merge-") as folder:
        scratch_db = Path(folder) / "gradebook.db"
        if result.gradebook is not None:
            scratch_db.write_bytes(result.gradebook)
        for student in result.students:
            if student not in result.autograded or result.gradebook is None:
                run.failures[student] = _why(result.log, student)
                continue
            assert course.gradebook is not None  # checked by _shared_files before any job ran
            run.scores[student] = merge_student(course.gradebook, scratch_db, assignment, student)
            output = course.folder("autograded", student, assignment)
            shutil.rmtree(output, ignore_errors=True)
            for relative, content in result.autograded[student].items():
                (output / relative).parent.mkdir(parents=True, exist_ok=True)
                (output / relative).write_bytes(content)
            run.seconds[student] = result.seconds / len(result.students)


def grade_assignment(
    course: Course,
    assignment: str,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    nbgrader_args: list[str] | None = None,
    progress: bool = True,
    batch_size: int | None = None,
    students: list[str] | None = None,
    announce=None,
) -> GradeRun:
    """Autograde every submission of ``assignment`` (or only those of ``students``); raises
    :class:`IntakeError` on bad input.

    An assignment the gradebook does not know yet (a fresh clone: release/ is committed, so
    ``nbgrader generate_assignment`` skipped it) is recorded there first from ``source/``
    (:func:`.register.register`), and ``announce`` is told so in one sentence."""
    from dask.distributed import as_completed
    from tqdm import tqdm

    from ..sandbox import ensure_kernelspec
    from .register import is_registered, register

    submissions = select_students(find_submissions(course, assignment), students, course, assignment)
    if not is_registered(course, assignment):
        register(course, [assignment])
        if announce is not None:
            announce(f"{assignment} was not in the gradebook: recorded it from "
                     f"{course.relative('source', assignment=assignment)}/ (as `nbgrader generate_assignment` "
                     "does; release/ untouched)")
    shared = _shared_files(course, assignment)
    run = GradeRun(assignment)
    for bad in (s for s in submissions if not s.ok):
        run.failures[bad.student] = "; ".join(bad.problems)
    good = [s for s in submissions if s.ok]
    # The real course's files, all of them: each student is graded in a scratch course of its own.
    secrets = [*course.secrets(), str(course.folder("autograded")), str(course.folder("feedback"))]
    args = [*(nbgrader_args or []), *(f"--SandboxLimits.hidden_paths={p}" for p in secrets)]
    ensure_kernelspec()
    with dask_client(workers, scheduler) as client, tqdm(
        total=len(good), desc=f"grading {assignment}", unit="student", file=sys.stderr, disable=not progress
    ) as bar:
        jobs = {}
        for batch in batches(good, batch_size or 1):
            future = client.submit(grade_in_scratch, _job(course, batch, assignment, shared, args), pure=False)
            jobs[future] = [s.student for s in batch]
        for future in as_completed(list(jobs)):
            students = jobs[future]
            try:
                result = future.result()
            except Exception as error:  # a worker lost, a pickling problem: that task only
                run.failures.update({s: _task_failed(error) for s in students})
            else:
                _accept(course, assignment, result, run)
            bar.update(len(students))
    return run
