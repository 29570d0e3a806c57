"""Autograde a batch of students with nbgrader's own ``autograde``, in a throw-away copy of the course.

Why a copy per job: nbgrader keeps everything in one SQLite gradebook, and parallel
``nbgrader autograde`` processes writing to it would contend for its lock (and nbgrader
does not retry).  Each job therefore gets a copy of the gradebook taken before grading
starts, writes only there, and sends back its rows and files; the caller merges them into
the real gradebook one student at a time (:mod:`.gradebook_merge`).  Why a batch rather
than one student: starting ``nbgrader`` costs about as much CPU as grading a short
notebook (imports), so one process grades several students in turn, as it would in
the course folder.  The job's inputs and
outputs are plain bytes, so it runs the same on a thread, a local worker process or a
remote dask worker that has the ``aiocourse`` package installed.

The course's ``source/`` notebooks are not copied: autograde takes the instructor's cells
from the gradebook, and a notebook on disk is one more thing a student's code could read.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ScratchJob", "ScratchResult", "grade_in_scratch", "read_tree"]


@dataclass
class ScratchJob:
    assignment: str
    students: list[str]
    files: dict[str, bytes]  # path relative to the course root -> content
    nbgrader_args: list[str] = field(default_factory=list)
    timeout: float = 3600.0  # the whole autograde of the batch


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
    """Run ``nbgrader autograde ASSIGNMENT`` on the job's students in a scratch course.

    nbgrader goes on with the next student when one fails; a student is graded when its
    autograded folder exists (the caller also checks the gradebook).
    """
    from ..cli.release import tool_env  # here: the cli package imports this module

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="aiocourse-grade-") as folder:
        course = Path(folder)
        for relative, content in job.files.items():
            target = course / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        command = [sys.executable, "-m", "nbgrader", "autograde", job.assignment, "--force", *job.nbgrader_args]
        try:
            done = subprocess.run(command, cwd=course, capture_output=True, text=True,
                                  timeout=job.timeout, env=tool_env())
            returncode, log = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired as expired:
            returncode, log = -1, f"nbgrader autograde did not finish within {job.timeout:g} s\n{expired.stderr or ''}"
        outputs = {s: course / "autograded" / s / job.assignment for s in job.students}
        database = course / "gradebook.db"
        return ScratchResult(
            students=list(job.students),
            returncode=returncode,
            log=log if isinstance(log, str) else log.decode(errors="replace"),
            gradebook=database.read_bytes() if database.is_file() else None,
            autograded={s: read_tree(out) for s, out in outputs.items() if out.is_dir()},
            seconds=time.monotonic() - started,
        )
