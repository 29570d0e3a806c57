"""Argument types shared by the commands: bad input is refused by argparse, in one line.

Each type raises ``argparse.ArgumentTypeError``, so ``aiocourse grade X --workers -3``
ends with the usage line, one sentence and exit status 2 -- not a hang, and not a
traceback from deep inside dask, asyncio or nbclient.
"""

from __future__ import annotations

import argparse
import math
import os
import re
from pathlib import Path

from ..course import DEFAULT_CELL_TIMEOUT

__all__ = ["cell_timeout", "positive_int", "port", "scheduler_address", "percentage", "github_repo", "git_branch",
           "new_folder", "writable_file"]

_ADDRESS = re.compile(r"^(?:(?:tcp|tls|inproc|ucx|ws|wss)://)?\[?[A-Za-z0-9_.:-]+\]?:\d{1,5}$")


def cell_timeout(text: str) -> int:
    """Whole seconds, at least 1: nbclient times cells in whole seconds and reads 0 as "none"."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds < 1:
        raise argparse.ArgumentTypeError(
            f"{text} s is too short: cells are timed in whole seconds, at least 1 (default {DEFAULT_CELL_TIMEOUT})"
        )
    if seconds != int(seconds):
        raise argparse.ArgumentTypeError(f"{text} s: give a whole number of seconds (cells are timed in seconds)")
    return int(seconds)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: give 1 or more")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port: give 0 (any free port) to 65535")
    return value


def scheduler_address(text: str) -> str:
    """``tcp://host:port`` (or ``host:port``), as dask prints it when a scheduler starts."""
    if not _ADDRESS.match(text.strip()):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a scheduler address: give it as dask prints it, e.g. tcp://127.0.0.1:8786"
        )
    return text.strip()


def percentage(text: str) -> float:
    """0 to 100.  ``float()`` reads "nan" and "inf": nan compares false with everything, so
    ``--fail-under nan`` let a 0 % notebook exit 0 -- a gate that never closes."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a percentage: give a number from 0 to 100") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is not a percentage: give a number from 0 to 100")
    return value


#: GitHub's rules: an owner is 1-39 letters, digits or single hyphens, not at either end; a
#: repository name is 1-100 letters, digits, ``.``, ``_`` or ``-`` (but not ``.`` or ``..``).
_OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_REPO_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def github_repo(text: str) -> str:
    """``owner/name`` as GitHub allows it: it is pasted into Binder and nbgitpuller links, where
    a space or a ``;`` made a link that opens nothing."""
    owner, slash, name = text.partition("/")
    if not slash or not _OWNER.match(owner) or not _REPO_NAME.match(name) or name in (".", ".."):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a GitHub repository: give owner/name (letters, digits, - in the owner; "
            "letters, digits, . _ - in the name), e.g. my-org/aiocourse-2027"
        )
    return text


_BAD_BRANCH = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")


def git_branch(text: str) -> str:
    """A branch name git accepts (``git check-ref-format``'s main rules): it goes into the same links."""
    if (not text or _BAD_BRANCH.search(text) or text.startswith(("-", "/", ".")) or text.endswith(("/", ".", ".lock"))
            or text == "@"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a git branch name (no spaces, ~ ^ : ? * [ \\ or ..)")
    return text


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor or ".")


def new_folder(text: str) -> Path:
    """A folder to write into: absent (and creatable) or empty.  Checked before any work, so the
    command does not copy half a tree and then fail on ``mkdir``."""
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder: give a new folder")
    if path.is_dir():
        if any(path.iterdir()):
            raise argparse.ArgumentTypeError(f"{text} is not empty: export into a new folder")
        if not os.access(path, os.W_OK | os.X_OK):
            raise argparse.ArgumentTypeError(f"{text} is not writable by you")
        return path
    base = _nearest_existing(path.absolute())
    if not base.is_dir():
        raise argparse.ArgumentTypeError(f"cannot create {text}: {base} is a file, not a folder")
    if not os.access(base, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot create {text}: {base} is not writable by you")
    return path


def writable_file(path: Path, *, base: Path) -> str | None:
    """Why ``path`` (relative to ``base`` unless absolute) cannot be written as a new or replaced
    file, or ``None``.  For paths only known once the course root is, hence not an argparse type."""
    target = path if path.is_absolute() else base / path
    if target.is_dir():
        return f"{path} is a folder: give a file name, e.g. {path / 'grades.csv'}"
    if not target.parent.is_dir():
        return f"the folder {target.parent} does not exist: create it first, or give another path"
    if not os.access(target.parent, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        return f"{target} is not writable by you"
    return None
