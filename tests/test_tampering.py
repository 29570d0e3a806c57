"""Attacks on the tests from inside the kernel (``tampering.py``), graded as an instructor and a student would.

One class -- the correct sample and every attack -- goes through ``aiocourse grade`` (nbgrader's
autograde per student in the sandboxed kernel, the gradebook, the feedback); each attack also
goes through ``aiocourse check --json``.  Each must lose ``test_shout``'s point, keep every
other point, and be flagged for manual grading with its reason, in the gradebook (nbgrader's
``flagged`` and ``needs_manual_grade``) and in ``check``'s report.  The correct sample is
never flagged.  The reader behind the flags is also run on every sample answer of every
chapter: an honest answer, right or wrong, is never flagged.
"""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook

from answers.ch04_coroutines import CORRECT, FULL
from autograder.course import tool_env
from autograder.grading.tamper import scan_source
from submissions import Variant, graded_chapters, make_submission, scratch_course, variants
from tampering import ATTACKS, CHAPTER

pytestmark = pytest.mark.nbgrader


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = scratch_course(tmp_path_factory.mktemp("tampering-course"), CHAPTER)
    students = {name: attack.variant() for name, attack in ATTACKS.items()}
    students["honest"] = Variant(dict(CORRECT), dict(FULL))
    for name, variant in students.items():
        folder = course / "submitted" / name / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, variant), folder / f"{CHAPTER}.ipynb")
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--timeout", "20", "--quiet"],
                         cwd=course, capture_output=True, text=True, env=tool_env(), timeout=1200)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        rows = {}
        for submission in gb.assignment_submissions(CHAPTER):
            notebook = submission.notebooks[0]
            rows[submission.student.id] = {
                "scores": {g.name: g.score for g in notebook.grades if g.cell_type == "code"},
                "flagged": notebook.flagged,
                "manual": all(g.needs_manual_grade for g in notebook.grades),
                "comment": " ".join(c.auto_comment or "" for c in notebook.comments),
            }
    return {"run": run, "rows": rows}


def test_each_attack_earns_nothing_it_did_not_solve_and_is_flagged(graded):
    """One test over the whole class, so that the class is graded once (pytest-xdist runs a
    module fixture once per worker that needs it)."""
    run, rows = graded["run"], graded["rows"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert set(rows) == {*ATTACKS, "honest"}
    honest = rows["honest"]
    assert honest["scores"] == FULL and not honest["flagged"] and not honest["manual"]
    assert "honest" not in run.stderr
    wrong = []
    for name, attack in ATTACKS.items():
        row = rows[name]
        if row["scores"] != attack.variant().expected:
            wrong.append(f"{name} ({attack.why}): {row['scores']}")
        if not (row["flagged"] and row["manual"] and attack.flag in row["comment"]):
            wrong.append(f"{name} not flagged with {attack.flag!r}: {row['comment']!r}")
        if f"  {name}: " not in run.stderr:
            wrong.append(f"{name} not listed at the end of `aiocourse grade`")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ["input_transformer", "guard_bypassed", "event_callback", "fake_autograder_module"])
def test_check_reports_the_same(tmp_path, name):
    path = tmp_path / f"{CHAPTER}.ipynb"
    nbformat.write(make_submission(CHAPTER, ATTACKS[name].variant()), path)
    done = subprocess.run([sys.executable, "-m", "autograder", "check", str(path), "--json"],
                          capture_output=True, text=True, env=tool_env(), timeout=600)
    report = json.loads(done.stdout)
    points = {t["grade_id"]: t["points"] for t in report["tests"]}
    assert points == ATTACKS[name].variant().expected
    assert any(ATTACKS[name].flag in reason for reason in report["flagged"]), report["flagged"]


def test_no_honest_sample_answer_of_any_chapter_is_flagged_and_every_attack_is():
    wrong = {
        (chapter, name): found
        for chapter in graded_chapters()
        for name, variant in variants(chapter).items()
        if bool(found := [r for source in {**variant.answers, **variant.edits}.values() for r in scan_source(source)])
        != variant.flagged
    }
    assert not wrong, wrong


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_reader_names_each_attack(name):
    reasons = " ".join(reason for _, reason in scan_source(ATTACKS[name].variant().answers["shout"]))
    assert reasons, f"{name} is not flagged by reading its source alone"
