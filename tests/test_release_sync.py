"""release/ is exactly what nbgrader generates from source/ (CI fails when it is stale)."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.cli.release import stale_files

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.nbgrader
def test_release_is_in_sync_with_source():
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "release", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_releases_contain_no_solutions_or_hidden_tests():
    for path in sorted((ROOT / "release").glob("*/*.ipynb")):
        text = "".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in text, f"{path.relative_to(ROOT)} leaks '{marker}'"


def test_stale_files_sees_a_changed_notebook(tmp_path):
    fresh, committed = tmp_path / "fresh", tmp_path / "committed"
    for folder, text in ((fresh, "print(1)"), (committed, "print(2)")):
        folder.mkdir()
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)])
        nb.cells[0]["id"] = "same"
        nbformat.write(nb, folder / "a.ipynb")
    (fresh / "extra.txt").write_text("new")
    assert stale_files(fresh, committed) == ["extra.txt", "a.ipynb"]


def test_lecture_helper_modules_are_the_exercises_own():
    """A chapter's helper module (``notebooks/chNN_*.py``, imported by the lecture and by child
    processes) is a copy of the one beside its exercises in ``source/``: one may not drift."""
    copies = sorted((ROOT / "notebooks").glob("ch[0-9][0-9]_*.py"))
    for lecture_copy in copies:
        masters = list((ROOT / "source").glob(f"{lecture_copy.stem[2:4]}_*/{lecture_copy.name}"))
        assert masters, f"{lecture_copy.name} has no twin in source/{lecture_copy.stem[2:4]}_*/"
        assert lecture_copy.read_bytes() == masters[0].read_bytes(), (
            f"notebooks/{lecture_copy.name} differs from {masters[0].relative_to(ROOT)}: copy the master over it"
        )


def test_an_unknown_chapter_is_refused_with_the_list():
    done = subprocess.run([sys.executable, "-m", "autograder", "release", "--check", "99_nothing"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no chapter 99_nothing" in done.stderr and "Traceback" not in done.stderr
