"""Build sample submissions from the committed release notebooks.

A submission is the release notebook with some answer cells filled in, exactly as a
student would hand it in, so the samples follow the course when its content changes.
Answers live in ``tests/answers/ch<chapter>.py`` (``ch04_coroutines.py``) as ``VARIANTS``: for each variant, the code
of each answer cell (by grade id), the points expected for each test cell and, for a test it
must fail, a fragment of the message the student must read there (``messages``).
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Variant:
    """One kind of submission: its answers and the grade each test should get."""

    answers: dict[str, str]
    expected: dict[str, float]
    edits: dict[str, str] = field(default_factory=dict)  # grade id -> new source for any cell
    delete: tuple[str, ...] = ()  # grade ids of cells the student deleted
    #: test grade id -> a fragment of the failure message that test must show (case-insensitive):
    #: a misconception must be told *why* it lost the points, not only lose them.
    messages: dict[str, str] = field(default_factory=dict)
    #: the variant reaches into the grader on purpose (a forged thread name, a patched module): the
    #: grader's reader must flag it for manual grading; every other sample must never be flagged.
    flagged: bool = False


def graded_chapters() -> list[str]:
    """Chapters that have sample answers, hence end-to-end grading tests."""
    return sorted(p.stem[2:] for p in (ROOT / "tests" / "answers").glob("ch*.py"))


def variants(chapter: str) -> dict[str, Variant]:
    return importlib.import_module(f"answers.ch{chapter}").VARIANTS


def full_marks(chapter: str) -> float:
    """The chapter's total points, read off its correct sample (so a new exercise needs no edit here)."""
    return float(sum(variants(chapter)["correct"].expected.values()))


def release_notebook(chapter: str) -> NotebookNode:
    return nbformat.read(ROOT / "release" / chapter / f"{chapter}.ipynb", as_version=4)


def make_submission(chapter: str, variant: Variant) -> NotebookNode:
    nb = copy.deepcopy(release_notebook(chapter))
    kept = []
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in variant.delete:
            continue
        if gid in variant.answers:
            cell.source = variant.answers[gid]
        if gid in variant.edits:
            cell.source = variant.edits[gid]
        kept.append(cell)
    nb.cells = kept
    return nb


def scratch_course(folder: Path, chapter: str) -> Path:
    """A fresh course in ``folder``: the chapter's source, the repository's config, and
    ``nbgrader generate_assignment`` run (so the gradebook knows the assignment)."""
    import shutil
    import subprocess
    import sys

    from autograder.course import tool_env

    shutil.copytree(ROOT / "source" / chapter, folder / "source" / chapter)
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", chapter, "--force"],
                          cwd=folder, capture_output=True, text=True, env=tool_env(), timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder
