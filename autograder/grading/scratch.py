"""Autograde students with nbgrader's own ``Autograde`` converter, in a throw-away copy of the course.

Why a copy per job: nbgrader keeps everything in one SQLite gradebook, and parallel
autogrades writing to it would contend for its lock (and nbgrader does not retry).  Each
job therefore gets a copy of the gradebook taken before grading starts, writes only there,
and sends back its rows and files; the caller merges them into the real gradebook one
student at a time (:mod:`.gradebook_merge`).  The job's inputs and outputs are plain
bytes, so it runs the same on a local worker process or on a remote dask worker that has
the ``aiocourse`` package installed.

Why in-process: starting an ``nbgrader`` process costs ~2.5 s of CPU (imports), about as
much as grading a short notebook, so a job runs nbgrader's ``Autograde`` converter (what
``nbgrader autograde`` runs, with the course's ``nbgrader_config.py`` and the same
command-line options) inside the long-lived worker, which imports nbgrader once.  Only one
job per process may do so at a time: nbgrader ``chdir``s into the course while it
converts.  A job that finds another one grading in its process (a worker with several
threads) runs ``nbgrader autograde`` as a subprocess instead, so it still runs in parallel.
Per job, nothing outlives it: a fresh traitlets ``Config`` and converter (no singleton
application), its own log handler, the working directory restored by nbgrader, and any
error -- a timeout, a dead kernel, a corrupt notebook, even a broken config -- ends up in
the job's log and result, never in the worker.

The course's ``source/`` notebooks are not copied: autograde takes the instructor's cells
from the gradebook, and a notebook on disk is one more thing a student's code could read.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from ..course import Course, tool_env


__all__ = ["ScratchJob", "ScratchResult", "grade_in_scratch", "read_tree", "scratch_course", "WORKER_IMPORTS",
           "SCRATCH_GRADEBOOK"]

#: The gradebook's copy in a scratch course (its ``db_url`` points there, whatever the course's says).
SCRATCH_GRADEBOOK = "gradebook.db"
# What an in-process autograde imports (nbgrader, nbconvert, nbclient, the course config's
# modules): ~2.5 s of CPU, worth importing once for all local workers (see parallel.py).
WORKER_IMPORTS = ("nbgrader.converters", "nbgrader.coursedir", "autograder.grading.preprocessor",
                  "autograder.grading.feedback", "autograder.grading.scratch")
_IN_PROCESS = threading.Lock()  # nbgrader chdirs while converting: one in-process job at a time
_LOG = logging.getLogger("aiocourse.autograde")
_LOG.propagate = False  # the job's log goes back in its result, not to the worker's stderr


@dataclass
class ScratchJob:
    assignment: str
    students: list[str]
    files: dict[str, bytes]  # path relative to the course root -> content
    nbgrader_args: list[str] = field(default_factory=list)  # as for `nbgrader autograde`
    timeout: float = 3600.0  # the whole job: past it, its students are named as not graded


@dataclass
class ScratchResult:
    students: list[str]
    returncode: int
    log: str
    gradebook: bytes | None
    autograded: dict[str, dict[str, bytes]]  # student -> path under autograded/<student>/<assignment>/ -> bytes
    seconds: float


def read_tree(folder: Path, prefix: str = "") -> dict[str, bytes]:
    """Every file under ``folder``, keyed by ``prefix`` + its relative path."""
    return {prefix + str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def grade_in_scratch(job: ScratchJob) -> ScratchResult:
    """Autograde the job's students (all of the scratch course's) and return what nbgrader wrote.

    nbgrader goes on with the next student when one fails; a student is graded when its
    autograded folder exists (the caller also checks the gradebook).  The whole job has a
    deadline (``job.timeout``): a hang inside nbgrader itself -- not a student's cell, which
    the cell timeout stops -- must not hold the worker forever.  Past it the job returns at
    once with its students named as not graded; the stuck thread is left behind, with its
    scratch folder, and later jobs on this worker run as subprocesses (which are killed at
    their own deadline).
    """
    started = time.monotonic()
    course = Path(tempfile.mkdtemp(prefix="aiocourse-grade-"))
    for relative, content in job.files.items():
        target = course / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    if _IN_PROCESS.acquire(blocking=False):
        finished = _in_process_with_deadline(course, job)
        if finished is None:
            return ScratchResult(
                students=list(job.students), returncode=-1, gradebook=None, autograded={},
                log=f"[ERROR] nbgrader autograde did not finish within the job's deadline of {job.timeout:g} s "
                    "(a hang inside nbgrader, not in a student's cell): these students were not graded",
                seconds=time.monotonic() - started,
            )
        returncode, log = finished
    else:
        returncode, log = _autograde_subprocess(course, job)
    try:
        try:  # the course's config is code: a broken one has failed the job already
            scratch = scratch_course(course, job.nbgrader_args)
            outputs = {s: scratch.folder("autograded", s, job.assignment) for s in job.students}
        except (Exception, SystemExit):
            outputs = {}
        database = course / SCRATCH_GRADEBOOK
        return ScratchResult(
            students=list(job.students),
            returncode=returncode,
            log=log,
            gradebook=database.read_bytes() if database.is_file() else None,
            autograded={s: read_tree(out) for s, out in outputs.items() if out.is_dir()},
            seconds=time.monotonic() - started,
        )
    finally:
        shutil.rmtree(course, ignore_errors=True)


def _in_process_with_deadline(course: Path, job: ScratchJob) -> tuple[int, str] | None:
    """``autograde_here`` in a thread of this process (the lock is held, and released by that
    thread when it ends); ``None`` if it is still running at the job's deadline."""
    result: list[tuple[int, str]] = []

    def grade() -> None:
        try:
            result.append(autograde_here(course, job.assignment, job.nbgrader_args))
        finally:
            _IN_PROCESS.release()

    worker = threading.Thread(target=grade, name=f"aiocourse-autograde-{job.assignment}", daemon=True)
    worker.start()
    worker.join(job.timeout)
    return result[0] if result else None


def scratch_course(folder: Path, args: list[str]) -> Course:
    """The scratch course in ``folder`` as ``nbgrader autograde ARGS`` sees it there: the
    Jupyter config paths' ``nbgrader_config.py``, the course's, ``args`` -- and its own gradebook."""
    return Course(folder, [*args, f"--CourseDirectory.db_url=sqlite:///{folder / SCRATCH_GRADEBOOK}"])


def autograde_here(course: Path, assignment: str, args: list[str]) -> tuple[int, str]:
    """``nbgrader autograde ASSIGNMENT --force ARGS`` in this process, in ``course``; (status, log)."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    _LOG.addHandler(handler)
    _LOG.setLevel(logging.INFO)
    try:
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory
        from sqlalchemy.exc import SAWarning

        config = scratch_course(course, args).config
        coursedir = CourseDirectory(config=config, log=_LOG, assignment_id=assignment, student_id="*")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SAWarning)  # nbgrader 0.9 under SQLAlchemy 2 (autoflush); harmless
            Autograde(coursedir=coursedir, config=config, log=_LOG, force=True).start()
        returncode = 0
    except (Exception, SystemExit):  # nbgrader has logged a student's failure; anything else, say it here
        _LOG.error("nbgrader autograde failed:\n%s", traceback.format_exc())
        returncode = 1
    finally:
        _LOG.removeHandler(handler)
    return returncode, buffer.getvalue()


def _autograde_subprocess(course: Path, job: ScratchJob) -> tuple[int, str]:
    """``nbgrader autograde`` as a process of its own, when this process is already grading."""
    # The root is given, not only the working folder: a user's own nbgrader config may set
    # CourseDirectory.root (nbgrader's JupyterHub layout does), and would send this run to the real course.
    command = [sys.executable, "-m", "nbgrader", "autograde", job.assignment, "--force",
               f"--CourseDirectory.root={course}", *job.nbgrader_args]
    try:
        done = subprocess.run(command, cwd=course, capture_output=True, text=True, timeout=job.timeout, env=tool_env())
        return done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        stderr = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else expired.stderr or ""
        return -1, f"nbgrader autograde did not finish within {job.timeout:g} s\n{stderr}"
