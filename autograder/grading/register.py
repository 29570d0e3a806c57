"""Run nbgrader's ``generate_assignment`` in a scratch copy of the course; optionally into the course's gradebook.

``generate_assignment`` does two things: it writes the student version (``release/``) and it
records the assignment in the gradebook -- the assignment row, its notebooks, and every
graded cell's master source, points and checksum (``SaveCells``), which ``autograde`` later
grades against.  This course commits ``release/``, so in a fresh clone plain ``nbgrader
generate_assignment ID`` sees the release folder, prints "Skipping existing assignment" and
records nothing.  :func:`register` does the recording with nbgrader's own converter, in a
scratch copy of the chapter's ``source/`` with ``db_url`` pointing at the course's real
gradebook, so ``release/`` is never touched; :func:`generate` (``aiocourse release``) keeps
the gradebook a scratch one and returns the generated folders.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

from ..course import CONFIG_FILE, Course

__all__ = ["generate", "gradebook_url", "register", "is_registered"]


def generate(course: Course, chapters: list[str], into: Path, *, gradebook_url: str | None = None) -> dict[str, Path]:
    """Run nbgrader's ``generate_assignment`` for each chapter in a scratch course under ``into``;
    the generated release folders.  The gradebook is ``into/gradebook.db`` unless ``gradebook_url``.

    Through nbgrader's own API, in this process: one start-up of nbgrader for the whole
    course instead of one per chapter (twelve chapters: about 20 s instead of 90 s).
    """
    from nbgrader.apps import NbGraderAPI

    scratch = Course(into / "course", config=course.config)
    scratch.config.CourseDirectory.db_url = gradebook_url or f"sqlite:///{into / 'gradebook.db'}"
    for chapter in chapters:
        shutil.copytree(course.folder("source", assignment=chapter), scratch.folder("source", assignment=chapter))
    shutil.copy(course.root / CONFIG_FILE, scratch.root / CONFIG_FILE)
    api = NbGraderAPI(coursedir=scratch.directory, config=scratch.config)
    generated = {}
    with warnings.catch_warnings():
        from sqlalchemy.exc import SAWarning

        warnings.simplefilter("ignore", SAWarning)  # nbgrader 0.9 under SQLAlchemy 2 (autoflush); harmless
        for chapter in chapters:
            result = api.generate_assignment(chapter, force=True)
            if not result["success"]:
                raise RuntimeError(f"nbgrader generate_assignment {chapter} failed:\n{result.get('log', '')}"
                                   f"{result.get('error', '')}")
            generated[chapter] = scratch.folder("release", assignment=chapter)
    return generated


def gradebook_url(course: Course) -> str:
    """The course's gradebook as a database URL, its folder created (nbgrader creates the file)."""
    if course.gradebook is None:
        return course.directory.db_url
    course.gradebook.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{course.gradebook}"


def register(course: Course, chapters: list[str]) -> None:
    """Record ``chapters`` (assignment, notebooks, master cells) in the course's gradebook, from
    ``source/``, as ``nbgrader generate_assignment`` does; ``release/`` is left as it is.

    Again after an edit of ``source/``: the gradebook's master cells are updated in place
    (grades already given stay)."""
    url = gradebook_url(course)
    with tempfile.TemporaryDirectory(prefix="aiocourse-register-") as scratch:
        generate(course, chapters, Path(scratch), gradebook_url=url)


def is_registered(course: Course, assignment: str) -> bool:
    """Whether the course's gradebook knows ``assignment`` (with at least one notebook)."""
    from nbgrader.api import Gradebook, MissingEntry

    database = course.gradebook
    if database is not None and not database.is_file():
        return False
    with Gradebook(course.directory.db_url) as gb:
        try:
            return bool(gb.find_assignment(assignment).notebooks)
        except MissingEntry:
            return False
