"""``aiocourse export-student DIR``: the course as students get it, with no solution in reach.

The instructor's repository holds ``source/`` (every solution and hidden test), the sample
answers in ``tests/answers/`` and, after grading, a gradebook.  A graded class must never
see them, so Binder and nbgitpuller links point at a separate *student tree*, made here:
the lectures (``notebooks/``), the exercises (``release/``), the course package
(``autograder/``: the harness, the lab server, ``aiocourse start``/``check``), ``binder/``,
the packaging and nbgrader settings the package needs, and a README written for students.

The tree is then scanned (:mod:`autograder.cli.leaks`): every distinctive line of a solution or
hidden-test block of ``source/`` is looked for in every file written.  A hit -- a master
copied by mistake, a release out of date -- removes nothing silently: the command fails
and names the file and the line.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..course import Course, CourseNotFound
from .arguments import git_branch, github_repo, new_folder
from .leaks import Leak, find_leaks

#: What a student tree holds, relative to the course root (folders and files).
STUDENT_PARTS = ("notebooks", "release", "autograder", "binder", "pyproject.toml", "nbgrader_config.py",
                 "docs/labserver.md", "LICENSE")
_SKIP = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc", "*.egg-info")
START_PAGE = "notebooks/00_start_here.ipynb"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export-student",
        help="write the student tree (lectures, exercises, the package, binder/) with no solution or hidden test",
    )
    parser.add_argument("directory", type=new_folder, help="where to write it (must be empty or absent)")
    parser.add_argument("--repo", type=github_repo, default="OWNER/REPO",
                        help="the GitHub repository students will get it from, e.g. my-org/aiocourse-2027 "
                             "(fills in the README's Binder and nbgitpuller links)")
    parser.add_argument("--branch", type=git_branch, default="main", help="its branch (default: main)")
    parser.add_argument("--hub", default="https://HUB.EXAMPLE.EDU",
                        help="your JupyterHub's address, for the nbgitpuller link")
    parser.set_defaults(run=run)


def binder_url(repo: str, branch: str) -> str:
    """mybinder.org opening JupyterLab on the start page of ``repo``."""
    return f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{START_PAGE}"


def nbgitpuller_url(hub: str, repo: str, branch: str) -> str:
    """A JupyterHub link that clones (or updates) the tree into the student's home, then opens the start page."""
    from urllib.parse import quote

    folder = repo.rsplit("/", 1)[-1]
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(f'https://github.com/{repo}', safe='')}"
            f"&branch={quote(branch)}&urlpath={quote(f'lab/tree/{folder}/{START_PAGE}', safe='')}")


def student_readme(course: Course, repo: str, branch: str, hub: str) -> str:
    chapters = course.chapters("release")
    return f"""# aiocourse — asynchronous programming in Python (student edition)

[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(repo, branch)})

An open Jupyter course on `asyncio`, with exercises checked automatically on a virtual clock.
This is the students' copy: lectures and exercises, no solutions.

## Start

- **On Binder** (nothing to install): click the badge above. JupyterLab opens on the start
  page. A Binder session is temporary: download your notebooks before you leave.
- **On your class's JupyterHub**: use the link your instructor gives you (it looks like
  `{nbgitpuller_url(hub, repo, branch)}`); your copy lives in your home folder.
- **On your own machine**, with Python 3.11 or newer, from this folder:

  ```bash
  pip install -e . && jupyter lab --notebook-dir=. {START_PAGE}
  ```

## Work on an exercise

`aiocourse start 04_coroutines` copies a chapter's exercises to `work/04_coroutines/` (answer
there; `--reset` starts again). Run the setup cell, answer the cells that say
`raise NotImplementedError()`, and run the test cell under each answer: a pass prints
`✓ test_… — points`, a failure shows what was expected, what your code gave, and a hint.
`aiocourse check work/04_coroutines/04_coroutines.ipynb` runs all the visible tests at once;
your instructor also runs hidden ones.

Chapters: {", ".join(chapters)}.
"""


def export(course: Course, target: Path, *, repo: str = "OWNER/REPO", branch: str = "main",
           hub: str = "https://HUB.EXAMPLE.EDU") -> list[Leak]:
    """Write the student tree into ``target``; the leaks found in it (none, or the command fails)."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ValueError(f"{target} is not an empty folder: export into a new folder")
    try:  # the command line checked this already; a caller from Python gets the same sentence
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(f"cannot create {target}: {error.strerror or error}") from None
    for part in STUDENT_PARTS:
        origin = course.root / part
        if origin.is_dir():
            shutil.copytree(origin, target / part, ignore=_SKIP)
        elif origin.is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target / part)
    (target / "README.md").write_text(student_readme(course, repo, branch, hub), encoding="utf-8")
    (target / ".gitignore").write_text("work/\n__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n", encoding="utf-8")
    return find_leaks(target, course.folder("source"), public=[course.root / "notebooks", course.root / "autograder"])


def run(args: argparse.Namespace) -> int:
    try:
        course = Course.find()
        leaks = export(course, args.directory, repo=args.repo, branch=args.branch, hub=args.hub)
    except (CourseNotFound, ValueError) as error:
        print(f"aiocourse export-student: {error}", file=sys.stderr)
        return 2
    if leaks:
        print(f"aiocourse export-student: {len(leaks)} line(s) of solutions or hidden tests in {args.directory}; "
              "do not publish it:", file=sys.stderr)
        for leak in leaks[:20]:
            print(f"  {leak}", file=sys.stderr)
        return 1
    print(f"{args.directory}: the student tree ({', '.join(course.chapters('release'))}); "
          "no solution or hidden-test line of source/ in it")
    print(f"Binder: {binder_url(args.repo, args.branch)}")
    return 0
