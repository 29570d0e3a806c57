"""nbgrader end to end: generate_assignment, autograde sample submissions, read the gradebook.

Runs in a scratch copy of the course, exactly as an instructor would: the repository's
``nbgrader_config.py``, the chapter's source, then one submission per sample variant
(correct, written differently, too slow, ``time.sleep``, endless loop, exception, edited
tests...).  Every submission must be graded -- none dropped -- with the expected points.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.course import tool_env
from autograder.grading.score import score_notebook
from submissions import graded_chapters, make_submission, variants

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.nbgrader


def nbgrader(course: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course, capture_output=True, text=True, timeout=timeout, env=tool_env(),
    )


def autograde_all_variants(chapter: str, course: Path):
    """Autograde one submission per sample variant; (points, messages, log) per variant."""
    shutil.copytree(ROOT / "source" / chapter, course / "source" / chapter)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    done = nbgrader(course, "generate_assignment", chapter, "--force")
    assert done.returncode == 0, done.stderr
    for name, variant in variants(chapter).items():
        folder = course / "submitted" / name / chapter
        folder.mkdir(parents=True)
        nbformat.write(make_submission(chapter, variant), folder / f"{chapter}.ipynb")
    # A short cell timeout keeps the endless-loop samples quick; the harness has its own.
    done = nbgrader(course, "autograde", chapter, "--force", "--Execute.timeout=10")
    assert done.returncode == 0, done.stdout + done.stderr
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {
            name: {
                grade.name: grade.score
                for grade in gb.find_submission_notebook(chapter, chapter, name).grades
                if grade.cell_type == "code"
            }
            for name in variants(chapter)
        }
    messages = {
        name: {
            result.grade_id: result.message
            for result in score_notebook(
                nbformat.read(course / "autograded" / name / chapter / f"{chapter}.ipynb", as_version=4)
            )
        }
        for name in variants(chapter)
    }
    return scores, messages, done.stdout + done.stderr


@pytest.mark.parametrize("chapter", graded_chapters())
def test_every_sample_submission_is_graded_as_expected(chapter, tmp_path):
    """One test per chapter (so parallel workers split chapters, never one autograde run):
    no submission dropped, the expected points per test, and for each test a wrong variant
    fails, the message its variant names (``Variant.messages``): a misconception must be
    told why it lost the points, not only lose them."""
    scores, messages, log = autograde_all_variants(chapter, tmp_path)
    assert "Removing failed assignment" not in log
    expected = {name: variant.expected for name, variant in variants(chapter).items()}
    assert scores == expected
    wrong = {
        (name, test): (fragment, messages[name].get(test, "(no such test)"))
        for name, variant in variants(chapter).items()
        for test, fragment in variant.messages.items()
        if fragment.lower() not in messages[name].get(test, "").lower()
    }
    assert not wrong, "\n".join(f"{n} {t}: wanted {f!r} in {m!r}" for (n, t), (f, m) in wrong.items())
