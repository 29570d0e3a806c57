"""``aiocourse export-student``: the tree students get holds the course and none of its answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from autograder.cli.export import binder_url, export, nbgitpuller_url
from autograder.cli.leaks import find_leaks, secret_lines
from autograder.course import Course

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = [ROOT / "notebooks", ROOT / "autograder"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("export") / "student"
    leaks = export(Course(ROOT), target, repo="my-org/aiocourse-2027")
    assert leaks == [], "\n".join(map(str, leaks))
    return target


def test_the_tree_holds_what_students_use_and_nothing_of_the_instructors(tree):
    names = {p.name for p in tree.iterdir()}
    assert {"notebooks", "release", "autograder", "binder", "pyproject.toml", "nbgrader_config.py", "README.md"} <= names
    assert not names & {"source", "tests", "benchmarks", "classroom", "gradebook.db", "submitted", "autograded"}
    chapters = sorted(p.name for p in (ROOT / "release").iterdir() if p.is_dir())
    assert sorted(p.name for p in (tree / "release").iterdir()) == chapters
    assert not list(tree.rglob("__pycache__")) and not list(tree.rglob(".ipynb_checkpoints"))
    readme = (tree / "README.md").read_text()
    assert binder_url("my-org/aiocourse-2027", "main") in readme and "solution" in readme


def test_no_line_of_a_solution_or_a_hidden_test_is_in_it(tree):
    secret = secret_lines(ROOT / "source", PUBLIC)
    assert len(secret) > 300  # the scan has something to look for: every chapter's answers
    assert find_leaks(tree, ROOT / "source", PUBLIC) == []


def test_the_scan_names_a_master_or_a_pasted_answer(tree, tmp_path):
    planted = tmp_path / "planted"
    shutil.copytree(tree / "notebooks", planted / "notebooks")
    master = next((ROOT / "source").glob("*/*.ipynb"))
    shutil.copy(master, planted / "notebooks" / "oops.ipynb")
    line = sorted(secret_lines(ROOT / "source", PUBLIC))[0]
    (planted / "notebooks" / "helper.py").write_text(f"# copied from a master\n    {line}\n")
    found = find_leaks(planted, ROOT / "source", PUBLIC)
    assert {leak.path.name for leak in found} == {"oops.ipynb", "helper.py"}
    assert any(leak.line == line for leak in found)


def test_the_command_refuses_a_folder_in_use_and_names_the_binder_link(tmp_path):
    def export_cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "autograder", "export-student", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)

    done = export_cli(str(tmp_path / "out"), "--repo", "my-org/aiocourse-2027")
    assert done.returncode == 0, done.stderr
    assert "no solution or hidden-test line" in done.stdout and "mybinder.org/v2/gh/my-org/aiocourse-2027" in done.stdout
    again = export_cli(str(tmp_path / "out"))
    assert again.returncode == 2 and "is not empty" in again.stderr and "Traceback" not in again.stderr


def test_a_student_starts_an_exercise_inside_the_tree(tree, tmp_path):
    copy = tmp_path / "student"
    shutil.copytree(tree, copy)
    done = subprocess.run([sys.executable, "-m", "autograder", "start", "04_coroutines"], cwd=copy,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    work = copy / "work" / "04_coroutines" / "04_coroutines.ipynb"
    cells = json.loads(work.read_text())["cells"]
    assert any("raise NotImplementedError()" in "".join(c["source"]) for c in cells)


def test_the_links_open_the_start_page():
    binder = urlsplit(binder_url("my-org/course", "main"))
    assert binder.path == "/v2/gh/my-org/course/main"
    assert parse_qs(binder.query)["urlpath"] == ["lab/tree/notebooks/00_start_here.ipynb"]
    puller = urlsplit(nbgitpuller_url("https://hub.example.edu/", "my-org/course", "main"))
    query = parse_qs(puller.query)
    assert puller.path == "/hub/user-redirect/git-pull"
    assert query == {"repo": ["https://github.com/my-org/course"], "branch": ["main"],
                     "urlpath": ["lab/tree/course/notebooks/00_start_here.ipynb"]}
