"""Every failing test reads like ``CheckFailed``, and test cells print only their verdict (issues 25, 31).

Unit tests of the assert rewriting and of the feedback's handling of outputs, then one class of
chapter 04 graded end to end through ``aiocourse grade`` (nbgrader autograde in the sandboxed
kernel, then feedback), and ``aiocourse check`` on the untouched release notebook: a failing plain
assert shows its message and no traceback through the test's source, in every place; a passing
student's feedback holds no line printed by a hidden test.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import nbformat
import pytest
from nbconvert import HTMLExporter
from nbformat import v4

from autograder.assertions import rewrite_asserts
from autograder.grading.feedback import WRAP_STYLE, HideHiddenTests
from autograder.course import tool_env

CHAPTER = "04_coroutines"
ROOT = Path(__file__).resolve().parent.parent


def run_cell(source: str, namespace: dict | None = None) -> str:
    """Run ``source`` as a cell with rewritten asserts; the AssertionError's message ('' if none raised)."""
    code = compile(rewrite_asserts(ast.parse(source)), "<cell>", "exec")
    try:
        exec(code, {} if namespace is None else namespace)  # noqa: S102 -- the test's own code
    except AssertionError as error:
        return str(error)
    return ""


def test_an_assert_without_a_message_says_what_it_compared():
    message = run_cell("def finish_times():\n    return [5, 10]\nassert finish_times() == [5, 7]\n")
    assert message.splitlines()[:2] == ["assert [5, 10] == [5, 7]", "  At index 1 diff: 10 != 7"], message
    assert "-v" not in message  # pytest's command-line advice means nothing in a notebook
    assert "assert {'b': 3} == {'b': 2}" in run_cell("assert {'b': 3} == {'b': 2}\n")


def test_an_assert_with_a_message_keeps_that_message_alone():
    assert run_cell("x = 3\nassert x == 2, 'x is wrong\\n  expected: 2'\n") == "x is wrong\n  expected: 2"


def test_rewritten_asserts_keep_their_meaning():
    assert run_cell("assert 1 == 1\nassert [1, 2]\n") == ""
    # A name AssertionError bound by the notebook does not stop the failure.
    assert run_cell("AssertionError = None\nx = 1\nassert x == 2\n") == "assert 1 == 2"
    # Asserts inside functions and classes are rewritten too.
    assert run_cell("def check(v):\n    assert v > 2\ncheck(1)\n") == "assert 1 > 2"
    # pytest would warn about an always-true tuple; rewriting stays silent (stderr costs the points).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rewrite_asserts(ast.parse("assert (1 == 2, 'never fails')\n"))


def test_a_notebook_that_patches_pytests_rewriter_cannot_drop_a_tests_asserts():
    from _pytest.assertion import rewrite

    original = rewrite.AssertionRewriter.visit_Assert
    rewrite.AssertionRewriter.visit_Assert = lambda self, node: []  # every assert would vanish
    try:
        assert run_cell("x = 1\nassert x == 2\n") == "assert 1 == 2"
        assert rewrite.AssertionRewriter.visit_Assert is original
    finally:
        rewrite.AssertionRewriter.visit_Assert = original


def test_a_cell_that_cannot_be_rewritten_runs_as_written():
    tree = ast.parse("x = 1\n")
    assert rewrite_asserts(tree) is tree and ast.dump(tree) == ast.dump(ast.parse("x = 1\n"))


def _test_cell(source: str, outputs: list) -> nbformat.NotebookNode:
    cell = v4.new_code_cell(source, metadata={"nbgrader": {"grade": True, "solution": False, "grade_id": "t",
                                                            "points": 1, "locked": True}})
    cell.outputs = outputs
    return cell


def test_feedback_drops_what_a_hidden_test_printed_and_wraps_messages():
    hidden = _test_cell("visible()\n### BEGIN HIDDEN TESTS\nsecret(42)\n### END HIDDEN TESTS\n",
                        [v4.new_output("stream", name="stdout", text="grind: waiting 42 s\n")])
    visible = _test_cell("visible()\n", [v4.new_output("stream", name="stdout", text="my own print\n")])
    nb = v4.new_notebook(cells=[hidden, visible])
    nb, _ = HideHiddenTests().preprocess(nb, {})
    assert nb.cells[0].outputs == [] and "secret" not in nb.cells[0].source
    assert nb.cells[1].outputs[0].text == "my own print\n"
    assert nb.cells[-1].source == WRAP_STYLE and "white-space: pre-wrap" in WRAP_STYLE
    html, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    assert WRAP_STYLE in html  # as a style, not escaped as text


# End to end -------------------------------------------------------------------------------

WRONG_FOLLOW_RECIPE = (  # traced and in order, but returns the steps reversed: a plain assert fails
    "async def follow_recipe(steps):\n"
    "    for label, seconds in steps:\n"
    "        await delay(seconds, label)\n"
    "    return [label for label, _ in reversed(steps)]\n"
)


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    from answers.ch04_coroutines import CORRECT, FULL
    from submissions import Variant, make_submission, scratch_course

    course = scratch_course(tmp_path_factory.mktemp("failure-display"), CHAPTER)
    students = {
        "right": Variant(dict(CORRECT), dict(FULL)),
        "wrong": Variant({**CORRECT, "shout": "def shout(word):\n    return word.upper() + '!'\n",
                          "follow_recipe": WRONG_FOLLOW_RECIPE}, {}),
    }
    for name, variant in students.items():
        folder = course / "submitted" / name / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, variant), folder / f"{CHAPTER}.ipynb")
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--timeout", "20", "--quiet"],
                         cwd=course, capture_output=True, text=True, env=tool_env(), timeout=1200)
    assert run.returncode == 0, run.stdout + run.stderr
    return course


def _hidden_test_cells(nb: nbformat.NotebookNode) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
            and not c.metadata["nbgrader"].get("solution") and "BEGIN HIDDEN TESTS" in c.source]


def _text(html: str) -> str:
    import html as entities

    return entities.unescape(re.sub(r"<[^>]+>", "", html))


def _hidden_part(source: str) -> str:
    return source.split("### BEGIN HIDDEN TESTS", 1)[-1].split("### END HIDDEN TESTS", 1)[0]


@pytest.mark.nbgrader
def test_a_passing_students_feedback_holds_no_line_printed_by_a_hidden_test(graded_class):
    autograded = nbformat.read(graded_class / "autograded" / "right" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    hidden_cells = _hidden_test_cells(autograded)
    assert hidden_cells, "chapter 04 has hidden tests"
    printed = [o.text for c in hidden_cells for o in c.outputs if o.output_type == "stream"]
    assert printed == [], printed  # delay() is quiet under the harness: nothing printed in the first place
    html = (graded_class / "feedback" / "right" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8")
    labels = {label for cell in hidden_cells for label in re.findall(r'\("([a-z ]{3,})", \d', _hidden_part(cell.source))}
    assert labels, "the hidden tests pass labels to delay()"
    shown = [label for label in labels if re.search(re.escape(label) + r": (waiting|done after|cancelled)", html)]
    assert not shown, f"the feedback shows what hidden tests ran: {shown}"
    assert WRAP_STYLE in html


@pytest.mark.nbgrader
def test_a_failing_plain_assert_reads_like_a_check_in_the_graded_notebook_and_the_feedback(graded_class):
    autograded = nbformat.read(graded_class / "autograded" / "wrong" / CHAPTER / f"{CHAPTER}.ipynb", as_version=4)
    errors = {c.metadata["nbgrader"]["grade_id"]: o for c in autograded.cells for o in c.get("outputs", [])
              if o.output_type == "error" and c.metadata.get("nbgrader", {}).get("grade_id")}
    shout = errors["test_shout"]  # a plain assert with a message
    assert shout.ename == "AssertionError" and "should give a coroutine to await" in shout.evalue
    text = "\n".join(shout.traceback)
    assert "✗ AssertionError — Cell In[" in text and "---->" not in text and "pending = shout" not in text
    assert len(shout.traceback) <= 4, shout.traceback
    recipe = errors["test_follow_recipe"]  # a check (CheckFailed) from the test's helper
    assert "expected:" in recipe.evalue and "---->" not in "\n".join(recipe.traceback)
    html = _text((graded_class / "feedback" / "wrong" / CHAPTER / f"{CHAPTER}.html").read_text(encoding="utf-8"))
    assert "AssertionError: calling shout('hello') should give a coroutine to await" in html


@pytest.mark.nbgrader
def test_check_shows_the_message_of_each_failing_test(tmp_path):
    """``aiocourse check`` on the untouched exercises: every test fails with its message."""
    done = subprocess.run([sys.executable, "-m", "autograder", "check", f"release/{CHAPTER}/{CHAPTER}.ipynb",
                           "--json"], cwd=ROOT, capture_output=True, text=True, env=tool_env(), timeout=600)
    report = json.loads(done.stdout)
    messages = {t["grade_id"]: t["message"] for t in report["tests"]}
    assert all(messages.values()) and not any("Traceback" in m or "---->" in m for m in messages.values()), messages
    assert "not written yet" in messages["test_shout"].lower() or "coroutine" in messages["test_shout"], messages
