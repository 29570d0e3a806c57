"""``aiocourse check``: per-test scores and messages for one notebook, with no gradebook."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from submissions import Variant, graded_chapters, make_submission, variants

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = graded_chapters()

pytestmark = pytest.mark.notebooks


def check(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "autograder", "check", str(path), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )


def check_json(path: Path, *extra: str) -> dict:
    done = check(path, "--json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def per_test(report: dict) -> dict[str, float]:
    return {t["grade_id"]: t["points"] for t in report["tests"]}


#: Errors a release may show with its answers missing: the graceful kind only.
GRACEFUL = {"NotImplementedError", "CheckFailed", "AssertionError"}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_source_runs_without_error_and_gets_full_marks(chapter):
    """The master, run once in the grading kernel: every cell runs, every test passes.
    (test_notebooks_execute.py runs the lectures; the masters and releases are run here.)"""
    report = check_json(ROOT / "source" / chapter / f"{chapter}.ipynb")
    assert report["score"] == report["max_score"] > 0, report
    assert report["hidden_tests"] is True
    assert report["cell_errors"] == [] and report["problems"] == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_unmodified_release_gets_zero_with_a_message_per_test(chapter):
    report = check_json(ROOT / "release" / chapter / f"{chapter}.ipynb")
    assert report["score"] == 0 and report["max_score"] > 0
    assert all(t["message"] for t in report["tests"])
    assert {e["error"] for e in report["cell_errors"]} <= GRACEFUL, report["cell_errors"]
    assert report["problems"] == []  # failing gracefully: no hang, no dead kernel


#: Every variant is graded by nbgrader in test_nbgrader_end_to_end.py.  Through ``check`` --
#: same kernel, same executor, so the same points -- a correct answer in another style for
#: every chapter, and one representative of each wrong kind for one chapter.
SAMPLED = {"alternative"}
SAMPLED_IN_04 = {"alternative", "time_sleep", "sequential", "edited_tests"}


@pytest.mark.parametrize("chapter, name", [
    (c, v) for c in CHAPTERS for v in variants(c) if v in (SAMPLED_IN_04 if c == "04_coroutines" else SAMPLED)
])
def test_submissions_get_the_expected_points(tmp_path, chapter, name):
    variant = variants(chapter)[name]
    for extra in (ROOT / "release" / chapter).iterdir():  # a chapter's helper modules, as a student has them
        if extra.is_file() and extra.suffix != ".ipynb":
            shutil.copy(extra, tmp_path)
    path = tmp_path / f"{chapter}.ipynb"
    nbformat.write(make_submission(chapter, variant), path)
    assert per_test(check_json(path, "--timeout", "15")) == variant.expected


def test_a_hanging_cell_costs_only_its_own_points(tmp_path):
    chapter = "04_coroutines"
    nb = make_submission(chapter, variants(chapter)["correct"])
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "steep":
            cell.source += "\nawait asyncio.Event().wait()  # hangs at the top level of the cell\n"
    path = tmp_path / f"{chapter}.ipynb"
    nbformat.write(nb, path)
    report = check_json(path, "--timeout", "5")
    # steep's cell never finished, so steep is undefined; every other answer is replayed.
    assert per_test(report) == {**variants(chapter)["correct"].expected, "test_steep": 0}
    assert any("did not finish within 5 s" in p for p in report["problems"])
    # said once in the table, not again as an error the cell "raised"
    from autograder.cli.check import _table

    assert [e["error"] for e in report["cell_errors"]].count("CellTimeoutError") == 1
    assert _table(report).count("did not finish within 5 s") == 1, _table(report)


def test_table_output_lists_each_test_and_the_total():
    done = check(ROOT / "release" / "04_coroutines" / "04_coroutines.ipynb")
    assert done.returncode == 0 and done.stderr == ""  # no kernel chatter for the student
    assert "test_follow_recipe" in done.stdout and "total" in done.stdout
    assert "not written yet" in done.stdout


def test_fail_under_gives_scripts_an_exit_status():
    release = ROOT / "release" / "04_coroutines" / "04_coroutines.ipynb"
    done = check(release, "--json", "--fail-under", "50")
    assert done.returncode == 1 and "under --fail-under 50%" in done.stderr
    assert json.loads(done.stdout)["score"] == 0


def test_a_failed_hidden_test_is_labelled_in_the_report(tmp_path):
    """An answer fitted to the visible test passes it and fails a hidden one: the report says so."""
    chapter = "04_coroutines"
    fitted = "async def shout(word):\n    return 'HELLO!'\n"
    path = tmp_path / f"{chapter}.ipynb"
    nbformat.write(make_submission(chapter, Variant({**variants(chapter)["correct"].answers, "shout": fitted}, {})),
                   path)
    shout = next(t for t in check_json(path)["tests"] if t["grade_id"] == "test_shout")
    assert shout["points"] == 0 and shout["hidden"] is True
    table = check(path).stdout
    assert "[hidden test]" in table


def test_bad_input_gets_a_clear_message_and_a_nonzero_exit(tmp_path):
    missing = check(tmp_path / "nope.ipynb")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    (tmp_path / "04_coroutines.ipynb").write_text("this is not json")
    broken = check(tmp_path / "04_coroutines.ipynb")
    assert broken.returncode == 2 and "not a Jupyter notebook" in broken.stderr
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "homework.ipynb")
    unknown = check(tmp_path / "homework.ipynb")
    assert unknown.returncode == 2 and "which chapter" in unknown.stderr
