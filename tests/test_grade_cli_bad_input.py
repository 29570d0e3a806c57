"""``aiocourse grade`` on input it cannot grade: a clear message, a non-zero exit, the gradebook untouched.

Corrupt notebooks and notebooks of another assignment are graded alongside real ones in
``test_adversarial_grading.py``; here are the cases that stop a run before any grading.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.course import tool_env

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "04_coroutines"


@pytest.fixture
def course(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", tool_env()["PATH"])  # nbgrader's Gradebook runs alembic from PATH
    shutil.copytree(ROOT / "source" / CHAPTER, tmp_path / "source" / CHAPTER)
    shutil.copytree(ROOT / "release" / CHAPTER, tmp_path / "release" / CHAPTER)
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    with Gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}") as gb:
        gb.add_assignment(CHAPTER)
        gb.add_notebook(CHAPTER, CHAPTER)  # registered: grade does not record it from source/ again
    return tmp_path


def grade(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "grade", *args, "--quiet"], cwd=course,
                          capture_output=True, text=True, env=tool_env(), timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unknown_assignment(course):
    before = digest(course / "gradebook.db")
    done = grade(course, "99_nothing")
    assert done.returncode == 2
    assert "unknown assignment '99_nothing' (the course has: 04_coroutines)" in done.stderr
    assert digest(course / "gradebook.db") == before


def test_empty_submitted(course):
    (course / "submitted").mkdir()
    before = digest(course / "gradebook.db")
    done = grade(course, CHAPTER)
    assert done.returncode == 2
    assert "nothing to grade: no folder submitted/<student>/04_coroutines/" in done.stderr
    assert digest(course / "gradebook.db") == before


def test_assignment_never_generated_is_recorded_from_source(course):
    """A fresh clone: release/ is committed, so `nbgrader generate_assignment` skipped the chapter and
    there is no gradebook.  grade records the assignment from source/ (release/ untouched) and grades."""
    (course / "gradebook.db").unlink()
    release = course / "release" / CHAPTER / f"{CHAPTER}.ipynb"
    before = digest(release)
    folder = course / "submitted" / "alice" / CHAPTER
    folder.mkdir(parents=True)
    shutil.copy(release, folder)
    done = grade(course, CHAPTER, "--no-feedback", "--workers", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "04_coroutines was not in the gradebook: recorded it from source/04_coroutines/" in done.stderr
    assert "alice: 0/11" in done.stdout and digest(release) == before
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert [nb.name for nb in gb.find_assignment(CHAPTER).notebooks] == [CHAPTER]


def test_student_without_a_submission(course):
    """--student names a student who submitted nothing: one line, exit 2, nothing graded."""
    folder = course / "submitted" / "alice" / CHAPTER
    folder.mkdir(parents=True)
    shutil.copy(course / "release" / CHAPTER / f"{CHAPTER}.ipynb", folder)
    before = digest(course / "gradebook.db")
    done = grade(course, CHAPTER, "--student", "alice", "--student", "zoe")
    assert done.returncode == 2
    assert "--student: no submission submitted/<student>/04_coroutines/ for zoe (submissions from: alice)" \
        in done.stderr and "Traceback" not in done.stderr
    assert digest(course / "gradebook.db") == before and not (course / "autograded").exists()


def test_a_scheduler_that_is_not_there(course):
    """Nothing listens on port 1 of this machine: one line after a bounded wait, no traceback."""
    folder = course / "submitted" / "alice" / CHAPTER
    folder.mkdir(parents=True)
    shutil.copy(course / "release" / CHAPTER / f"{CHAPTER}.ipynb", folder)
    before = digest(course / "gradebook.db")
    done = grade(course, CHAPTER, "--scheduler", "tcp://127.0.0.1:1")
    assert done.returncode == 2
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:1" in done.stderr
    assert "Traceback" not in done.stderr
    assert digest(course / "gradebook.db") == before


@pytest.mark.parametrize(
    "command, message",
    [
        (["grade", CHAPTER, "--workers", "-3"], "--workers: -3 is not allowed"),
        (["grade", CHAPTER, "--workers", "0"], "--workers: 0 is not allowed"),
        (["grade", CHAPTER, "--batch-size", "0"], "--batch-size: 0 is not allowed"),
        (["grade", CHAPTER, "--scheduler", "garbage"], "'garbage' is not a scheduler address"),
        (["grade", CHAPTER, "--timeout", "0.5"], "--timeout: 0.5 s is too short"),
        (["check", "x.ipynb", "--timeout", "-1"], "--timeout: -1 s is too short"),
        (["check", "x.ipynb", "--timeout", "0"], "--timeout: 0 s is too short"),
        (["check", "x.ipynb", "--timeout", "2.5"], "give a whole number of seconds"),
        (["serve", "--port", "99999"], "--port: 99999 is not a port"),
        # float() reads these: nan compared false with the score, so a 0 % notebook exited 0
        (["check", "x.ipynb", "--fail-under", "nan"], "--fail-under: nan is not a percentage"),
        (["check", "x.ipynb", "--fail-under", "inf"], "--fail-under: inf is not a percentage"),
        (["check", "x.ipynb", "--fail-under", "-1"], "--fail-under: -1 is not a percentage"),
        (["check", "x.ipynb", "--fail-under", "101"], "--fail-under: 101 is not a percentage"),
        (["export-student", "out", "--repo", "a b;c"], "--repo: 'a b;c' is not a GitHub repository"),
        (["export-student", "out", "--repo=-org/x"], "--repo: '-org/x' is not a GitHub repository"),
        (["export-student", "out", "--repo", "org"], "--repo: 'org' is not a GitHub repository"),
        (["export-student", "out", "--branch", "my branch"], "--branch: 'my branch' is not a git branch name"),
        (["export-student", "a-file.txt"], "a-file.txt is a file, not a folder"),
        (["export-student", "a-file.txt/inside"], "cannot create a-file.txt/inside: "),
    ],
)
def test_bad_arguments_get_one_clear_line_and_exit_2(tmp_path, command, message):
    (tmp_path / "a-file.txt").write_text("an existing file, not a folder\n")
    done = subprocess.run([sys.executable, "-m", "autograder", *command], cwd=tmp_path,
                          capture_output=True, text=True, env=tool_env(), timeout=60)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_export_student_into_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    done = subprocess.run([sys.executable, "-m", "autograder", "export-student", "out"], cwd=tmp_path,
                          capture_output=True, text=True, env=tool_env(), timeout=60)
    assert done.returncode == 2 and "out is not empty" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("csv, message", [
    ("no-such-folder/grades.csv", "--csv: the folder"),
    ("submitted", "--csv: submitted is a folder"),
])
def test_csv_that_cannot_be_written_is_refused_before_grading(course, csv, message):
    """It failed only after every student had been graded (nbgrader export, at the very end)."""
    folder = course / "submitted" / "alice" / CHAPTER
    folder.mkdir(parents=True)
    shutil.copy(course / "release" / CHAPTER / f"{CHAPTER}.ipynb", folder)
    before = digest(course / "gradebook.db")
    done = grade(course, CHAPTER, "--csv", csv)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert digest(course / "gradebook.db") == before and not (course / "autograded").exists()
