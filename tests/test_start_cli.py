"""``aiocourse start``: a working copy of a chapter's exercises, kept across runs, reset on demand."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "04_coroutines"


def start(course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", "start", *args], cwd=course,
                          capture_output=True, text=True, timeout=120)


def test_start_copies_keeps_and_resets(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "release" / CHAPTER, course / "release" / CHAPTER)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    first = start(course, CHAPTER)
    notebook = course / "work" / CHAPTER / f"{CHAPTER}.ipynb"
    assert first.returncode == 0 and "a fresh copy" in first.stdout
    assert notebook.read_bytes() == (course / "release" / CHAPTER / f"{CHAPTER}.ipynb").read_bytes()
    notebook.write_text(notebook.read_text().replace("raise NotImplementedError()", "my_answer = 1"))
    again = start(course, CHAPTER)
    assert "already there" in again.stdout and "my_answer = 1" in notebook.read_text()
    reset = start(course, CHAPTER, "--reset")
    assert "a fresh copy" in reset.stdout and "my_answer = 1" not in notebook.read_text()
    assert "my_answer = 1" in notebook.with_suffix(".ipynb.bak").read_text()


def test_an_unknown_chapter_gets_the_list(tmp_path):
    done = start(ROOT, "99_nothing")
    assert done.returncode == 2 and "no chapter '99_nothing'" in done.stderr and CHAPTER in done.stderr
