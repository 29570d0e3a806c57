"""One owner for the course's layout and settings: ``autograder.course.Course``.

Paths come from nbgrader's ``CourseDirectory`` configured by ``nbgrader_config.py``, so an
override there moves them for every command -- checked here on pure paths, and end to end
with ``aiocourse grade`` on a course whose submissions live in ``handed_in/``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.course import DEFAULT_CELL_TIMEOUT, Course, tool_env
from submissions import full_marks, make_submission, scratch_course, variants

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "04_coroutines"


def course_with(tmp_path: Path, *lines: str) -> Course:
    (tmp_path / "release").mkdir()
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n" + "\n".join(lines) + "\n")
    return Course(tmp_path)


def test_paths_follow_the_course_directory_settings(tmp_path):
    course = course_with(tmp_path, "c.CourseDirectory.submitted_directory = 'handed_in'",
                         "c.CourseDirectory.db_url = 'sqlite:///' + __import__('os').path.join("
                         f"{str(tmp_path)!r}, 'marks.db')")
    assert course.folder("submitted", "ann", CHAPTER) == tmp_path / "handed_in" / "ann" / CHAPTER
    assert course.folder("source", assignment=CHAPTER) == tmp_path / "source" / CHAPTER
    assert course.relative("submitted", "ann", CHAPTER) == f"handed_in/ann/{CHAPTER}"
    assert course.gradebook == tmp_path / "marks.db"
    assert course.secrets() == [str(tmp_path / "source"), str(tmp_path / "handed_in"), str(tmp_path / "marks.db")]


def test_one_cell_timeout_from_the_config_or_the_default(tmp_path):
    assert Course(ROOT).cell_timeout == DEFAULT_CELL_TIMEOUT
    (tmp_path / "a").mkdir()
    assert course_with(tmp_path / "a", "c.Execute.timeout = 12").cell_timeout == 12
    (tmp_path / "b").mkdir()
    assert Course(course_with(tmp_path / "b").root, ["--Execute.timeout=7"]).cell_timeout == 7


def test_chapters_and_notebooks_of_the_real_course():
    course = Course(ROOT)
    assert "04_coroutines" in course.chapters() and course.chapters("source") == sorted(course.chapters("source"))
    assert course.chapter_of(Path("04_coroutines-Copy1.ipynb")) == "04_coroutines"
    assert course.notebook("release", CHAPTER) == ROOT / "release" / CHAPTER / f"{CHAPTER}.ipynb"


@pytest.mark.nbgrader
def test_grade_finds_submissions_where_the_config_puts_them(tmp_path):
    """``c.CourseDirectory.submitted_directory = "handed_in"``: graded, fed back and exported
    as with the default layout."""
    root = scratch_course(tmp_path / "course", CHAPTER)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write('\nc.CourseDirectory.submitted_directory = "handed_in"\n')
    folder = root / "handed_in" / "ann" / CHAPTER
    folder.mkdir(parents=True)
    nbformat.write(make_submission(CHAPTER, variants(CHAPTER)["correct"]), folder / f"{CHAPTER}.ipynb")
    (root / "release").mkdir(exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--quiet", "--workers", "1"],
                          cwd=root, capture_output=True, text=True, env=tool_env(), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"ann: {full_marks(CHAPTER):g}" in done.stdout
    assert (root / "autograded" / "ann" / CHAPTER / f"{CHAPTER}.ipynb").is_file()
    assert (root / "feedback" / "ann" / CHAPTER / f"{CHAPTER}.html").is_file()
    assert not (root / "submitted").exists()
