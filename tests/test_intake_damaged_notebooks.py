"""One damaged notebook never stops a class: it is named, cell and repair, and the others are graded.

JupyterLab's metadata panel saves whatever JSON is typed into it, and a notebook edited by
hand or by a script can hold a number where text belongs.  nbformat reads several of these
without complaint; merge, nbgrader or nbclient then failed deep inside, and one student's
notebook stopped ``aiocourse grade`` before anyone was graded (``check`` showed a traceback).
Intake now checks the shape first (``grading/intake.py``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from autograder.course import tool_env
from autograder.grading.intake import DamagedNotebook, notebook_damage, read_submission
from autograder.grading.merge import grade_id

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "04_coroutines"
RELEASE = ROOT / "release" / CHAPTER / f"{CHAPTER}.ipynb"
RESTORE = "restore the cell from the release notebook"


def _release() -> dict:
    return json.loads(RELEASE.read_text(encoding="utf-8"))


def _cell(raw: dict, gid: str) -> tuple[int, dict]:
    """(number from 1, cell) of the cell with this grade id in the release notebook."""
    return next((n, c) for n, c in enumerate(raw["cells"], start=1)
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid)


def _nbgrader(gid: str, value: object) -> Callable[[dict], int]:
    def damage(raw: dict) -> int:
        number, cell = _cell(raw, gid)
        cell["metadata"]["nbgrader"] = value
        return number
    return damage


def _key(gid: str, key: str, value: object) -> Callable[[dict], int]:
    def damage(raw: dict) -> int:
        number, cell = _cell(raw, gid)
        cell["metadata"]["nbgrader"][key] = value
        return number
    return damage


def _field(gid: str, key: str, value: object) -> Callable[[dict], int]:
    def damage(raw: dict) -> int:
        number, cell = _cell(raw, gid)
        cell[key] = value
        return number
    return damage


def _replace_cell(gid: str, value: object) -> Callable[[dict], int]:
    def damage(raw: dict) -> int:
        number, _ = _cell(raw, gid)
        raw["cells"][number - 1] = value
        return number
    return damage


#: name -> (how to damage the release notebook, a fragment of the message)
DAMAGE = {
    "nbgrader metadata a string": (_nbgrader("steep", "garbage"), "its nbgrader metadata is a string, not a table"),
    "nbgrader metadata a list": (_nbgrader("steep", [1, 2]), "its nbgrader metadata is a list, not a table"),
    "grade_id a list": (_key("steep", "grade_id", ["steep"]), "its nbgrader grade_id is a list"),
    "grade_id garbled": (_key("steep", "grade_id", "st eep\n"), "grade_id 'st eep\\n' is garbled"),
    "points a word": (_key("test_steep", "points", "lots"), "its nbgrader points 'lots' is not a number"),
    "points negative": (_key("test_steep", "points", -3), "its nbgrader points -3 is not a number"),
    "points a table": (_key("test_steep", "points", {"a": 1}), "its nbgrader points a table is not a number"),
    "solution flag a string": (_key("steep", "solution", "yes"), "its nbgrader 'solution' is a string"),
    "source a number": (_field("steep", "source", 42), "its source is a number, not text"),
    "source with a number": (_field("steep", "source", ["x = 1\n", 3]), "its source is a list, not text"),
    "metadata a string": (_field("steep", "metadata", "oops"), "its metadata is a string, not a table"),
    "cell a string": (_replace_cell("steep", "hello"), "it is a string, not a cell"),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_each_damage_is_named_with_its_cell_and_the_repair(tmp_path, name):
    damage, fragment = DAMAGE[name]
    raw = _release()
    number = damage(raw)
    found = notebook_damage(raw)
    assert len(found) == 1 and found[0].startswith(f"cell {number}: ") and fragment in found[0], found
    assert RESTORE in found[0]
    path = tmp_path / f"{CHAPTER}.ipynb"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DamagedNotebook) as caught:
        read_submission(path)
    assert str(caught.value) == f"{CHAPTER}.ipynb: {found[0]}" and not caught.value.unreadable


def test_a_notebook_without_cells_is_named():
    raw = _release()
    del raw["cells"]
    assert notebook_damage(raw) == [
        "its list of cells is missing: the file was cut or edited by hand — start again from the release "
        "notebook and paste your answers back"]
    assert "its list of cells is a string" in notebook_damage({**_release(), "cells": "x"})[0]
    assert notebook_damage([1, 2]) == ["the file holds a list, not a notebook"]


def test_several_damaged_cells_are_counted(tmp_path):
    raw = _release()
    _nbgrader("steep", "a")(raw)
    _field("shout", "source", 1)(raw)
    path = tmp_path / f"{CHAPTER}.ipynb"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DamagedNotebook, match=r"\(and 1 more damaged cell\(s\)\)"):
        read_submission(path)


def test_the_release_notebook_is_not_damaged():
    """Every notebook the course ships passes intake: no false alarm on a real notebook."""
    for path in sorted([*ROOT.glob("release/*/*.ipynb"), *ROOT.glob("source/*/*.ipynb")]):
        assert notebook_damage(json.loads(path.read_text(encoding="utf-8"))) == [], path
        read_submission(path)


def test_grade_id_never_raises_on_a_damaged_cell():
    assert grade_id({"metadata": {"nbgrader": "x"}}) is None
    assert grade_id({"metadata": "x"}) is None
    assert grade_id({"metadata": {"nbgrader": {"grade_id": ["a"]}}}) is None
    assert grade_id("a string") is None  # type: ignore[arg-type]
    assert grade_id({"metadata": {"nbgrader": {"grade_id": "steep"}}}) == "steep"


@pytest.mark.parametrize("name", ["nbgrader metadata a string", "source a number", "cell a string"])
def test_check_prints_the_same_one_line_and_exits_2(tmp_path, name):
    damage, fragment = DAMAGE[name]
    raw = _release()
    number = damage(raw)
    path = tmp_path / f"{CHAPTER}.ipynb"
    path.write_text(json.dumps(raw), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(path)], cwd=ROOT,
                          capture_output=True, text=True, env=tool_env(), timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"aiocourse check: {CHAPTER}.ipynb: cell {number}: " + done.stderr.split(f"cell {number}: ", 1)[1].strip()]
    assert fragment in done.stderr and RESTORE in done.stderr


def test_grade_names_the_damaged_student_and_grades_the_others(tmp_path, monkeypatch):
    from submissions import scratch_course

    monkeypatch.setenv("PATH", tool_env()["PATH"])
    course = scratch_course(tmp_path, CHAPTER)
    damaged = {"bob": DAMAGE["nbgrader metadata a string"][0], "carol": DAMAGE["source a number"][0]}
    for student in ("alice", *damaged):
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        raw = _release()
        if student in damaged:
            damaged[student](raw)
        (folder / f"{CHAPTER}.ipynb").write_text(json.dumps(raw), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--workers", "1", "--quiet"],
                          cwd=course, capture_output=True, text=True, env=tool_env(), timeout=300)
    assert done.returncode == 1, done.stderr  # some students not graded: 1, as for a corrupt notebook
    assert "alice: 0" in done.stdout  # the release notebook, unanswered: graded
    assert "Traceback" not in done.stderr
    assert "bob not graded: 04_coroutines.ipynb: cell 8: its nbgrader metadata is a string, not a table" in done.stderr
    assert "carol not graded: 04_coroutines.ipynb: cell 8: its source is a number, not text" in done.stderr
    assert (course / "autograded" / "alice" / CHAPTER).is_dir()
    assert not (course / "autograded" / "bob").exists() and not (course / "autograded" / "carol").exists()
