"""Every lecture runs headless from top to bottom, as CI and students run it, without an error.

The exercise notebooks are run once each, in the grading kernel, by ``test_check_cli.py``:
masters without a single error and with full marks, student releases failing gracefully
(an unanswered exercise, a failed check), never a crash or a hang.
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LECTURES = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOURCES = sorted((ROOT / "source").glob("*/*.ipynb"))
RELEASES = sorted((ROOT / "release").glob("*/*.ipynb"))

pytestmark = pytest.mark.notebooks


def run(path: Path, allow_errors: bool) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return nb


def test_the_course_has_notebooks():
    assert LECTURES and SOURCES and RELEASES


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: str(p.relative_to(ROOT)))
def test_lecture_runs_without_error(path):
    run(path, allow_errors=False)
