"""Unit tests of the grader's guards that need no kernel: sealing, output clipping, feedback."""

from __future__ import annotations

import asyncio
import sys

from nbformat import v4

import autograder
import autograder.checks
from autograder.grading.feedback import HideHiddenTests, failing_line, hide_hidden_source  # noqa: F401
from autograder.grading.outputs import clip_outputs
from autograder.sandbox.guard import arm_code, digest
from autograder.sandbox.seal import Seal, kernel_modules

TEST_SOURCE = "visible()\n### BEGIN HIDDEN TESTS\nsecret_check(42)\n### END HIDDEN TESTS\nafter()"


def test_seal_restores_patched_checks_and_code():
    seal = Seal.take()
    original, sleep, loop_time = autograder.assert_result, asyncio.sleep, asyncio.BaseEventLoop.time
    code = autograder.checks.assert_order.__code__
    try:
        autograder.assert_result = lambda *a, **k: None
        autograder.checks.assert_order.__code__ = (lambda *a, **k: None).__code__
        autograder.Outcome.__repr__ = lambda self: "patched"
        autograder.Outcome.passed_anyway = True
        asyncio.sleep = lambda *a: None  # the standard library the harness runs on: its code is sealed too
        asyncio.BaseEventLoop.time = lambda self: 3.0
        seal.restore()
        assert autograder.assert_result is original
        assert autograder.checks.assert_order.__code__ is code
        assert "patched" not in autograder.Outcome.__repr__.__code__.co_consts
        assert not hasattr(autograder.Outcome, "passed_anyway")
        assert asyncio.sleep is sleep and asyncio.BaseEventLoop.time is loop_time
    finally:
        autograder.assert_result, asyncio.sleep, asyncio.BaseEventLoop.time = original, sleep, loop_time
        autograder.checks.assert_order.__code__ = code


def test_seal_covers_lazy_names_added_names_and_later_modules():
    """A lazily served name defined by the student, a module loaded after the kernel started,
    a name added to a sealed module: none of them survives into a test cell."""
    import subprocess

    script = (
        "import sys\n"
        "from autograder.sandbox.seal import Seal\n"
        "seal = Seal.take()\n"
        "import autograder, autograder.labserver.checks\n"
        "autograder.assert_max_in_flight = lambda *a, **k: None\n"  # shadows the lazy lookup
        "autograder.labserver.checks.assert_max_in_flight = lambda *a, **k: None\n"
        "autograder.checks.always_pass = True\n"
        "import autograder.grading.score\n"  # instructor-side, not in the snapshot
        "autograder.grading.score.score_notebook = None\n"
        "seal.restore()\n"
        "from autograder import assert_max_in_flight\n"
        "assert assert_max_in_flight.__module__ == 'autograder.labserver.checks', assert_max_in_flight\n"
        "assert 'assert_max_in_flight' not in vars(autograder)\n"
        "assert not hasattr(autograder.checks, 'always_pass')\n"
        "assert 'autograder.grading.score' not in sys.modules\n"
        "import autograder.grading.score as fresh\n"
        "assert fresh.score_notebook is not None\n"
        "print('sealed')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "sealed" in done.stdout, done.stderr


def test_seal_imports_every_kernel_side_module_but_no_instructor_tool():
    found = kernel_modules()
    assert {"autograder", "autograder.checks", "autograder.runner", "autograder.capture",
            "autograder.labserver.checks", "autograder.labserver.background"} <= set(found)
    assert not [name for name in found if name.startswith(("autograder.cli", "autograder.grading",
                                                            "autograder.sandbox"))]


def test_the_arming_cell_is_one_call_naming_the_cells_by_digest():
    code = arm_code("t0k", [digest("b"), digest("a"), digest("a")], [], "/tmp/x")
    assert code.count("\n") == 0  # one call into a real, linted function: no code in a string
    assert code.count(digest("a")) == 1 and "autograder.sandbox.guard" in code


def test_clip_outputs_keeps_a_budget_and_says_how_much_was_cut():
    cell = v4.new_code_cell("print(...)")
    cell.outputs = [v4.new_output("stream", name="stdout", text="x" * 5000),
                    v4.new_output("error", ename="E", evalue="kept", traceback=[])]
    clip_outputs(cell, 1000)
    assert cell.outputs[0].text == "x" * 1000
    assert cell.outputs[1].ename == "E"
    assert "4,000 more bytes" in cell.outputs[2].text


def test_hidden_region_becomes_one_line():
    shown, found = hide_hidden_source(TEST_SOURCE, "# hidden")
    assert found and shown == "visible()\n# hidden\nafter()"


def test_feedback_error_keeps_the_message_and_drops_quoted_source():
    cell = v4.new_code_cell(TEST_SOURCE, metadata={"nbgrader": {"grade": True, "solution": False,
                                                                 "grade_id": "t", "points": 1}})
    traceback = ["\x1b[36mCell In[3], line 3\x1b[39m", "----> 3 secret_check(42)", "CheckFailed: expected 1"]
    cell.outputs = [v4.new_output("error", ename="CheckFailed", evalue="expected 1, got 2", traceback=traceback)]
    assert failing_line(traceback) == 3
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "secret_check" not in cell.source
    assert cell.outputs[0].traceback == ["CheckFailed (in a hidden test): expected 1, got 2"]
