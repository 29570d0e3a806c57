"""The course: where it lives on disk, its chapters, and every path and setting of it.

One owner, so that no command pieces a path or a setting together by itself.  The
repository root is the nbgrader course root; its layout and settings come from nbgrader's
own :class:`~nbgrader.coursedir.CourseDirectory` configured by ``nbgrader_config.py`` (and
any ``nbgrader_config.py`` in the Jupyter config paths, as ``nbgrader`` reads them), so a
``c.CourseDirectory.submitted_directory = "handed_in"`` there moves the submissions for
``aiocourse grade`` exactly as for ``nbgrader autograde``.  Code that needs a path asks the
:class:`Course`; it never spells ``"submitted"`` itself.

Commands look for the course from the current directory upwards, then next to the
installed package (an editable install from a clone), so ``aiocourse check`` works from
anywhere inside the clone.  nbgrader and the config load only when a path or setting is
first asked for: ``aiocourse`` starts fast.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

__all__ = ["Course", "CourseNotFound", "CONFIG_FILE", "DEFAULT_CELL_TIMEOUT", "find_course_root", "tool_env"]

CHAPTER_ID = re.compile(r"^\d\d_[a-z0-9_]+$")
CONFIG_FILE = "nbgrader_config.py"
#: Whole seconds one notebook cell may run, for every command that executes notebooks:
#: ``nbgrader_config.py`` sets ``c.Execute.timeout`` from it, ``aiocourse check`` and
#: ``aiocourse grade`` read that setting, ``--timeout`` overrides it (nbclient times cells in
#: whole seconds and reads 0 as "no limit", which a grader never wants).
DEFAULT_CELL_TIMEOUT = 30


class CourseNotFound(RuntimeError):
    """No course root (a folder with ``nbgrader_config.py`` and ``release/``) was found."""


def tool_env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: this Python's scripts first on PATH.

    nbgrader runs ``alembic`` from PATH; in a virtualenv that was not activated (``venv/bin/
    aiocourse ...``) it would not be found.
    """
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([os.path.dirname(sys.executable), env.get("PATH", "")])
    return env


def _is_root(folder: Path) -> bool:
    return (folder / CONFIG_FILE).is_file() and (folder / "release").is_dir()


def find_course_root(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parent.parent):
        if _is_root(folder):
            return folder
    raise CourseNotFound(
        "could not find the course: run this inside the aiocourse folder "
        "(the one with nbgrader_config.py and release/)"
    )


class Course:
    """A course root with its nbgrader configuration: paths, chapters, secrets, settings.

    ``overrides`` are command-line style options (``--Execute.timeout=10``), applied last,
    as ``nbgrader`` applies its own command line.  A component that already holds the
    loaded configuration (nbgrader's preprocessors) passes it as ``config`` instead.
    """

    def __init__(self, root: Path, overrides: list[str] | None = None, *, config: Config | None = None) -> None:
        self.root = Path(root).resolve()
        self.overrides = list(overrides or [])
        if config is not None:  # no file is read; the copy gets this root
            config = copy.deepcopy(config)  # Config.copy() shares its sections
            config.CourseDirectory.root = str(self.root)
            self.config = config  # the cached property's slot

    @classmethod
    def find(cls, start: Path | None = None, overrides: list[str] | None = None) -> Course:
        return cls(find_course_root(start), overrides)

    def __repr__(self) -> str:
        return f"Course({str(self.root)!r})"

    # Settings ------------------------------------------------------------------------
    @cached_property
    def config(self) -> Config:
        """What ``nbgrader`` run in the course root reads: the Jupyter config paths'
        ``nbgrader_config.py`` (lowest priority first), the course's, then ``overrides``."""
        from jupyter_core.paths import jupyter_config_path
        from traitlets.config.loader import Config, ConfigFileNotFound, KVArgParseConfigLoader, PyFileConfigLoader

        config = Config()
        for path in [*reversed(jupyter_config_path()), str(self.root)]:
            try:
                config.merge(PyFileConfigLoader(CONFIG_FILE, path=path).load_config())
            except ConfigFileNotFound:
                pass
        config.merge(KVArgParseConfigLoader(self.overrides).load_config())
        config.CourseDirectory.root = str(self.root)  # ResilientExecute makes its own CourseDirectory from config
        return config

    @cached_property
    def directory(self) -> CourseDirectory:
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)

    @property
    def cell_timeout(self) -> int:
        """Whole seconds one cell may run (``c.Execute.timeout``), for every command."""
        timeout = self.config.Execute.get("timeout") if "Execute" in self.config else None
        return int(timeout) if timeout else DEFAULT_CELL_TIMEOUT

    # Paths ---------------------------------------------------------------------------
    def folder(self, step: str, student: str = ".", assignment: str = ".") -> Path:
        """The folder of a step (``source``, ``release``, ``submitted``, ``autograded``,
        ``feedback``) for a student and an assignment, as nbgrader formats it."""
        name = getattr(self.directory, f"{step}_directory")
        return Path(self.directory.format_path(name, student, assignment)).resolve()

    def relative(self, step: str, student: str = ".", assignment: str = ".") -> str:
        """The same folder relative to the root, with ``/`` (keys of files sent to a worker)."""
        return self.folder(step, student, assignment).relative_to(self.root).as_posix()

    @property
    def gradebook(self) -> Path | None:
        """The SQLite gradebook file, or ``None`` when ``db_url`` is not a local SQLite file."""
        url = self.directory.db_url
        return Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None

    def secrets(self) -> list[str]:
        """What a grading kernel must not read: the masters (solutions, hidden tests), every
        student's submission, and the gradebook.  (Not ``autograded/``: ``nbgrader autograde``
        runs the kernel inside it.  ``aiocourse grade`` grades in scratch courses, so it hides
        the real course's ``autograded/`` and ``feedback/`` too.)"""
        found = [str(self.folder(step)) for step in ("source", "submitted")]
        if self.gradebook is not None:
            found.append(str(self.gradebook))
        return found

    # Chapters ------------------------------------------------------------------------
    def chapters(self, step: str | None = None) -> list[str]:
        """Chapter ids with a master or a student version (or in ``step`` only), in course order."""
        steps = [step] if step else ["source", "release"]
        found = {
            p.name
            for folder in map(self.folder, steps) if folder.is_dir()
            for p in folder.iterdir() if p.is_dir() and CHAPTER_ID.match(p.name)
        }
        return sorted(found)

    def chapter_of(self, notebook: Path) -> str | None:
        """The chapter a notebook belongs to, from its file name (``04_coroutines-Copy1`` counts)."""
        matches = [c for c in self.chapters() if notebook.stem == c or notebook.stem.startswith(c)]
        return max(matches, key=len) if matches else None

    def notebook(self, step: str, chapter: str) -> Path:
        """A chapter's notebook in ``source`` or ``release``."""
        return self.folder(step, assignment=chapter) / f"{chapter}.ipynb"
