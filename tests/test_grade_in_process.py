"""nbgrader's autograde run in-process several times in one process, as a grading worker does.

A student who cannot be graded (a corrupt notebook) or a job that cannot start (a broken
config) is reported in that job's result, and the process grades the next job as if
nothing had happened: same working directory, no log handler left behind.  A student
whose code kills the worker process is named, and the others are still graded.
"""

from __future__ import annotations

import copy
import logging
import os
import subprocess
import sys
import time

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import tool_env
from autograder.grading.scratch import ScratchJob, grade_in_scratch
from submissions import full_marks, make_submission, scratch_course, variants

CHAPTER = "04_coroutines"
NOTEBOOK = f"{CHAPTER}.ipynb"
pytestmark = pytest.mark.nbgrader


def test_failures_stay_in_their_job(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", tool_env()["PATH"])
    course = scratch_course(tmp_path / "course", CHAPTER)
    shared = {name: (course / name).read_bytes() for name in ("nbgrader_config.py", "gradebook.db")}
    correct = nbformat.writes(make_submission(CHAPTER, variants(CHAPTER)["correct"])).encode()
    cwd, handlers = os.getcwd(), list(logging.getLogger("aiocourse.autograde").handlers)

    def grade(student: str, notebook: bytes, **files: bytes):
        job = ScratchJob(CHAPTER, [student], {**shared, **files, f"submitted/{student}/{CHAPTER}/{NOTEBOOK}": notebook},
                         ["--Execute.timeout=10"])
        return grade_in_scratch(job)

    corrupt = grade("corrupt", b'{"cells": [ not json')
    assert corrupt.autograded == {} and "[ERROR]" in corrupt.log and "corrupt" in corrupt.log
    broken = grade("alice", correct, **{"nbgrader_config.py": b"raise RuntimeError('config is broken')"})
    assert broken.returncode == 1 and broken.autograded == {} and "config is broken" in broken.log
    graded = grade("bob", correct)
    assert graded.returncode == 0, graded.log
    assert NOTEBOOK in graded.autograded["bob"]
    (tmp_path / "bob.db").write_bytes(graded.gradebook)
    with Gradebook(f"sqlite:///{tmp_path / 'bob.db'}") as gb:
        assert gb.find_submission(CHAPTER, "bob").score == sum(variants(CHAPTER)["correct"].expected.values())
    assert os.getcwd() == cwd and logging.getLogger("aiocourse.autograde").handlers == handlers


def test_a_student_who_kills_the_grading_worker_is_reported_alone(tmp_path):
    """The kernel's parent is the worker process: killing it loses that worker, which dask
    replaces; the student is tried once more, then named, and the others are graded.  Under
    bubblewrap the kernel cannot see its worker at all (its parent is the sandbox's init), so
    the fallback sandbox stands in here for any way a worker process can die."""
    course = scratch_course(tmp_path / "course", CHAPTER)
    with open(course / "nbgrader_config.py", "a") as config:
        config.write('\nc.SandboxLimits.bubblewrap = ""  # the fallback sandbox: the kernel can reach its worker\n')
    killer = copy.deepcopy(variants(CHAPTER)["correct"])
    first = next(iter(killer.answers))
    killer.answers[first] = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n" + killer.answers[first]
    for name, variant in (("correct", variants(CHAPTER)["correct"]), ("killer", killer)):
        folder = course / "submitted" / name / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, variant), folder / NOTEBOOK)
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--quiet", "--no-feedback",
                           "--workers", "2"], cwd=course, capture_output=True, text=True, env=tool_env(), timeout=600)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"correct: {full_marks(CHAPTER):g}" in done.stdout
    assert "killer not graded: grading task failed: its worker process died" in done.stderr


def test_a_hang_inside_nbgrader_costs_the_job_not_the_worker(tmp_path):
    """The job's deadline: a config that never finishes loading (standing in for any hang in
    nbgrader itself) ends the job on time, its student named; the process grades on."""
    hang = b"import time\ntime.sleep(20)\n"
    job = ScratchJob(CHAPTER, ["stuck"], {"nbgrader_config.py": hang, f"submitted/stuck/{CHAPTER}/{NOTEBOOK}": b"{}"},
                     timeout=2)
    started = time.monotonic()
    result = grade_in_scratch(job)
    assert time.monotonic() - started < 10
    assert result.returncode == -1 and not result.autograded
    assert "did not finish within the job's deadline of 2 s" in result.log
    # The stuck thread still holds the in-process slot: the next job runs as a subprocess, and is graded.
    broken = ScratchJob(CHAPTER, ["next"], {"nbgrader_config.py": b"raise SystemExit('broken config')\n",
                                            f"submitted/next/{CHAPTER}/{NOTEBOOK}": b"{}"}, timeout=120)
    assert grade_in_scratch(broken).returncode != 0  # it ran, and reported its own failure
