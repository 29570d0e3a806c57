"""The grader under attack: every adversarial submission graded by ``aiocourse grade``, end to end.

One class of students -- a correct one, each case of ``adversarial.py``, a corrupt
notebook and a notebook of another assignment -- goes through the real CLI (nbgrader's
autograde per student, sandboxed kernel, parallel workers, serial gradebook merge,
feedback, CSV export) in a scratch copy of the course.  Then, for each case: the points
of every test cell, and the message of the ones that must fail.
"""

from __future__ import annotations

import csv
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from adversarial import CHAPTER, ESCAPES, PLANTED, PLANTED_LINE, SURVIVOR_TAG, cases, outcome_table
import autograder
from autograder.course import tool_env
from autograder.sandbox.report import is_fully_isolated, isolation_report
from autograder.grading.score import score_notebook
from submissions import make_submission, scratch_course

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.nbgrader
IS_ROOT = os.geteuid() == 0
#: Without bubblewrap the escapes succeed by design (the threat model says so): graded only with it.
ISOLATED = is_fully_isolated()
#: The network is isolated as root (the fallback) and wherever bubblewrap runs.
NETWORK_ISOLATED = IS_ROOT or ISOLATED
#: AIOCOURSE_ADVERSARIAL=escapes grades only the escape cases (CI's unprivileged pass, for time).
ONLY_ESCAPES = os.environ.get("AIOCOURSE_ADVERSARIAL") == "escapes"
CASES = {name: case for name, case in cases(network_port=0 if NETWORK_ISOLATED else None).items()
         if (ISOLATED or name not in ESCAPES) and (not ONLY_ESCAPES or name in (*ESCAPES, "network_escape"))}
PACKAGE = Path(autograder.__file__).resolve().parent


def _write_bad_submissions(course: Path) -> None:
    corrupt = course / "submitted" / "corrupt" / CHAPTER
    corrupt.mkdir(parents=True)
    (corrupt / f"{CHAPTER}.ipynb").write_text('{"cells": [ this is not json')
    foreign = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x = 1", metadata={"nbgrader": {"grade": True, "grade_id": "test_other_chapter", "points": 5,
                                        "solution": False, "locked": True, "schema_version": 3}})])
    wrong = course / "submitted" / "wrong_assignment" / CHAPTER
    wrong.mkdir(parents=True)
    nbformat.write(foreign, wrong / f"{CHAPTER}.ipynb")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = scratch_course(tmp_path_factory.mktemp("adversarial-course"), CHAPTER)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    marker = tmp_path_factory.mktemp("survivor") / "marker"
    submissions = cases(network_port=listener.getsockname()[1] if NETWORK_ISOLATED else None,
                        course_root=str(course), marker=str(marker))
    for name, case in submissions.items():
        if name not in CASES:
            continue
        folder = course / "submitted" / name / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, case.variant), folder / f"{CHAPTER}.ipynb")
    _write_bad_submissions(course)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--timeout", "10", "--quiet"],
                         cwd=course, capture_output=True, text=True, env=tool_env(), timeout=1200)
    seconds = time.monotonic() - started
    try:
        listener.accept()
        reached = True
    except BlockingIOError:
        reached = False
    listener.close()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {s.student.id: {g.name: g.score for g in s.notebooks[0].grades if g.cell_type == "code"}
                  for s in gb.assignment_submissions(CHAPTER)}
    return {"course": course, "run": run, "seconds": seconds, "scores": scores, "reached": reached,
            "marker": marker}


def _messages(course: Path, student: str) -> dict[str, str]:
    nb = nbformat.read(course / "autograded" / student / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    return {r.grade_id: r.message for r in score_notebook(nb)}


def test_the_run_finishes_and_names_what_it_could_not_grade(graded):
    run = graded["run"]
    assert run.returncode == 1, run.stdout + run.stderr  # two bad submissions
    assert "corrupt not graded: 04_coroutines.ipynb is not a readable notebook" in run.stderr
    assert "wrong_assignment not graded" in run.stderr and "another assignment" in run.stderr
    print(f"graded {len(CASES)} adversarial submissions in {graded['seconds']:.0f} s; {isolation_report()}")
    print(outcome_table(graded["course"], {name: graded["scores"][name] for name in CASES}))


def test_bad_submissions_never_reach_the_gradebook(graded):
    assert set(graded["scores"]) == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_gets_the_expected_points(graded, name):
    assert graded["scores"][name] == CASES[name].variant.expected


@pytest.mark.parametrize("name", sorted(n for n in CASES if CASES[n].messages))
def test_case_failure_says_why(graded, name):
    messages = _messages(graded["course"], name)
    for test, fragments in CASES[name].messages.items():
        fragments = (fragments,) if isinstance(fragments, str) else fragments
        assert any(f in messages[test] for f in fragments), messages[test]


only_all = pytest.mark.skipif(ONLY_ESCAPES, reason="AIOCOURSE_ADVERSARIAL=escapes: the other cases are not graded")


@only_all
def test_huge_output_is_clipped(graded):
    notebook = graded["course"] / "autograded" / "huge_output" / CHAPTER / f"{CHAPTER}.ipynb"
    assert notebook.stat().st_size < 2_000_000
    assert "more bytes of output were cut by the grader" in notebook.read_text()


@pytest.mark.skipif(not NETWORK_ISOLATED, reason="without bubblewrap the kernel gets its own network namespace only as root")
def test_the_kernel_could_not_reach_the_hosts_loopback(graded):
    assert not graded["reached"]


def test_grades_are_exported_for_every_graded_student(graded):
    with open(graded["course"] / "grades.csv") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["student_id"] for r in rows) == sorted(CASES)
    assert all((graded["course"] / "feedback" / s / CHAPTER / f"{CHAPTER}.html").is_file() for s in CASES)


def _visible_text(html: str) -> str:
    import html as html_module
    import re

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def _hidden_test_lines() -> list[str]:
    from autograder.grading.feedback import hidden_lines

    master = nbformat.read(ROOT / "source" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    hidden, visible = set(), set()
    for cell in master.cells:
        numbers = hidden_lines(cell.source)
        for n, line in enumerate(cell.source.splitlines(), 1):
            (hidden if n in numbers else visible).add(line.strip())
    # Lines that also appear outside hidden regions are no secret.
    return sorted(line for line in hidden - visible if "HIDDEN TESTS" not in line and len(line) > 12)


def _leaked(hidden: list[str], text: str) -> list[str]:
    """Hidden lines shown as lines of the page (alone, or quoted in a traceback: ``----> 3 line``).
    Whole lines, not substrings: ``check(x)`` hidden is not leaked by a visible ``def check(x):``."""
    import re

    shown = [line.strip() for line in text.splitlines()]
    quoted = re.compile(r"^(?:-*>\s*)?(?:\d+\s+)?")
    return [line for line in hidden if any(quoted.sub("", candidate) == line for candidate in shown)]


def test_the_leak_check_reads_whole_lines():
    hidden = ["check_steep(seconds)", "assert secret == 42"]
    page = "def check_steep(seconds):\n----> 3 assert secret == 42\nok"
    assert _leaked(hidden, page) == ["assert secret == 42"]


@only_all
def test_feedback_shows_messages_but_not_hidden_tests(graded):
    hidden = _hidden_test_lines()
    assert hidden, "the chapter has hidden tests to protect"
    for student in CASES:
        text = _visible_text((graded["course"] / "feedback" / student / CHAPTER / f"{CHAPTER}.html").read_text())
        leaked = _leaked(hidden, text)
        assert not leaked, f"{student}'s feedback shows hidden test code: {leaked}"
    text = _visible_text((graded["course"] / "feedback" / "test_edited_to_pass" / CHAPTER / f"{CHAPTER}.html").read_text())
    assert "CheckFailed" in text and "HELLO!" in text  # the harness's message reaches the student


escapes = pytest.mark.skipif(not ISOLATED, reason=f"escape cases need full isolation: {isolation_report()}")


@escapes
def test_no_planted_module_and_no_write_outside_the_kernels_folder(graded):
    assert not (PACKAGE / PLANTED).exists()
    assert PLANTED_LINE not in (graded["course"] / "nbgrader_config.py").read_text()


def _survivors() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and SURVIVOR_TAG.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@escapes
def test_nothing_a_submission_started_outlives_its_grading(graded):
    """The survivor writes its marker 5 s after its kernel died, if it is alive: give it 6 s."""
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and not graded["marker"].exists() and not _survivors():
        time.sleep(0.5)
    assert not graded["marker"].exists() and not _survivors()


@pytest.mark.skipif(ISOLATED, reason="bubblewrap isolates the kernel here")
def test_escape_cases_are_skipped_without_isolation():
    pytest.skip(f"escape cases not graded: {isolation_report()}")
