"""``aiocourse grade`` on an existing dask cluster (``--scheduler``), and grading twice.

The cluster is started here, on 127.0.0.1 only; the CLI, another process, sends it the
work.  Grading the same class again must update the gradebook's rows, not add to them.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import tool_env
from submissions import full_marks, make_submission, scratch_course, variants

CHAPTER = "04_coroutines"
pytestmark = pytest.mark.nbgrader


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        return {t: db.execute(f"select count(*) from {t}").fetchone()[0]
                for t in ("student", "submitted_assignment", "submitted_notebook", "grade", "comment")}


def test_scheduler_option_and_regrading_keep_one_row_each(tmp_path):
    from dask.distributed import LocalCluster

    course = scratch_course(tmp_path / "course", CHAPTER)
    for name in ("correct", "time_sleep"):
        folder = course / "submitted" / name / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, variants(CHAPTER)[name]), folder / f"{CHAPTER}.ipynb")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                      host="127.0.0.1", dashboard_address=None) as cluster:
        first = subprocess.run(
            [sys.executable, "-m", "autograder", "grade", CHAPTER, "--scheduler", cluster.scheduler_address,
             "--quiet"], cwd=course, capture_output=True, text=True, env=tool_env(), timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"correct: {full_marks(CHAPTER):g}" in first.stdout and "time_sleep: 0" in first.stdout
    after_first = counts(course / "gradebook.db")
    second = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--quiet", "--workers", "1"],
                            cwd=course, capture_output=True, text=True, env=tool_env(), timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert counts(course / "gradebook.db") == after_first
    assert after_first["submitted_assignment"] == 2 and after_first["student"] == 2
    assert (course / "grades.csv").read_text().count("\n") == 3  # header + one row per student
