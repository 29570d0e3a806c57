"""The README's instructor commands, run literally in a fresh clone of the course (issue 31).

A fresh clone has ``release/`` committed and no gradebook; the commands of the "For
instructors" section's code blocks are read from README.md and run one after the other, as
written, in a scratch copy of the course's folders, with two students' submissions in
``submitted/``.  Every command must succeed without any flag the README does not show, plain
``nbgrader autograde`` must not warn about checksums for test cells nobody touched, and
``aiocourse grade`` must print ``n/max``, the per-test counts and the next step.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from autograder.course import tool_env
from submissions import full_marks, make_submission, variants

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "04_coroutines"
pytestmark = pytest.mark.nbgrader


def instructor_commands() -> list[str]:
    """Every command line of the bash blocks in README's "For instructors" section, in order."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## For instructors"):]
    section = section[:section.index("**Publishing to students.**")]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def fresh_clone(folder: Path) -> Path:
    """What a clone holds for grading: the config, source/ and the committed release/; no gradebook."""
    shutil.copy(ROOT / "nbgrader_config.py", folder)
    for step in ("source", "release"):
        shutil.copytree(ROOT / step / CHAPTER, folder / step / CHAPTER)
    return folder


def test_readme_commands_grade_a_class_from_a_fresh_clone(tmp_path):
    commands = instructor_commands()
    assert commands[0].startswith(f"aiocourse release {CHAPTER}")
    assert any(c.startswith(f"aiocourse grade {CHAPTER}") for c in commands)
    course = fresh_clone(tmp_path)
    release_before = (course / "release" / CHAPTER / f"{CHAPTER}.ipynb").read_bytes()
    students = {"ana": "correct", "ben": "time_sleep"}
    for student, variant in students.items():
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, variants(CHAPTER)[variant]), folder / f"{CHAPTER}.ipynb")
    outputs = {}
    for command in commands:  # as a shell runs them: the comments are the README's own
        done = subprocess.run(["bash", "-c", command], cwd=course, capture_output=True, text=True,
                              env=tool_env(), timeout=600)
        assert done.returncode == 0, f"{command}\n{done.stdout}{done.stderr}"
        outputs[command.split("#")[0].strip()] = done.stdout + done.stderr
    assert (course / "gradebook.db").is_file()
    assert (course / "release" / CHAPTER / f"{CHAPTER}.ipynb").read_bytes() == release_before
    autograde = outputs[f"nbgrader autograde {CHAPTER}"]
    assert "Skipping" not in outputs[f"aiocourse release {CHAPTER}"]
    assert "checksum" not in autograde, autograde  # untouched test cells: their hidden tests go back quietly
    for student in students:
        assert (course / "feedback" / student / CHAPTER / f"{CHAPTER}.html").is_file()
    grade = outputs[f"aiocourse grade {CHAPTER}"]
    full = f"{full_marks(CHAPTER):g}"
    assert f"ana: {full}/{full}" in grade and f"ben: 0/{full}" in grade
    assert "per test, students with full points (of 2 graded):" in grade
    assert re.search(r"test_\w+\s+1/2", grade)
    assert f"nbgrader release_feedback {CHAPTER}" in grade
    again = outputs[f"aiocourse grade {CHAPTER} --student ben"]
    assert f"ben: 0/{full}" in again and "ana:" not in again
    csv = (course / "grades.csv").read_text()
    assert csv.count("\n") == 3  # header, ana, ben: the regrade of one keeps the other
