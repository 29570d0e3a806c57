"""Where the course lives on disk, and which chapters it has.

The repository root is the nbgrader course root (``nbgrader_config.py``, ``source/``,
``release/``).  Commands look for it from the current directory upwards, then next to
the installed package (an editable install from a clone), so ``aiocourse check`` works
from anywhere inside the clone.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["CourseNotFound", "find_course_root", "chapters", "chapter_of", "source_notebook", "release_notebook"]

CHAPTER_ID = re.compile(r"^\d\d_[a-z0-9_]+$")


class CourseNotFound(RuntimeError):
    """No course root (a folder with ``nbgrader_config.py`` and ``release/``) was found."""


def _is_root(folder: Path) -> bool:
    return (folder / "nbgrader_config.py").is_file() and (folder / "release").is_dir()


def find_course_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parent.parent):
        if _is_root(folder):
            return folder
    raise CourseNotFound(
        "could not find the course: run this inside the aiocourse folder "
        "(the one with nbgrader_config.py and release/)"
    )


def chapters(root: Path) -> list[str]:
    """Chapter ids that have a student version, in course order."""
    found = {p.name for p in (root / "release").iterdir() if p.is_dir() and CHAPTER_ID.match(p.name)}
    if (root / "source").is_dir():
        found |= {p.name for p in (root / "source").iterdir() if p.is_dir() and CHAPTER_ID.match(p.name)}
    return sorted(found)


def chapter_of(notebook: Path, root: Path) -> str | None:
    """The chapter a notebook belongs to, from its file name (``04_coroutines-Copy1`` counts)."""
    stem = notebook.stem
    matches = [c for c in chapters(root) if stem == c or stem.startswith(c)]
    return max(matches, key=len) if matches else None


def source_notebook(root: Path, chapter: str) -> Path:
    return root / "source" / chapter / f"{chapter}.ipynb"


def release_notebook(root: Path, chapter: str) -> Path:
    return root / "release" / chapter / f"{chapter}.ipynb"
