"""What a student sees in a real kernel: a pass line under a passing test cell, a failed check
as its message under one line naming the cell -- as JupyterLab sends cells (with their id)."""

from __future__ import annotations

import os
import queue
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel

pytestmark = pytest.mark.notebooks

TEST_CELL = "from autograder import assert_result, run_virtual\n\nasync def f():\n    return 2\n\n" \
            "assert_result(run_virtual(f), EXPECTED)\n"


@pytest.fixture
def kernel(tmp_path: Path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(TEST_CELL, id="graded-test", metadata={"nbgrader": {
            "grade": True, "solution": False, "locked": True, "grade_id": "test_two", "points": 2,
            "schema_version": 3}}),
        nbformat.v4.new_code_cell("EXPECTED = 2", id="plain"),
    ])
    nbformat.write(nb, tmp_path / "homework.ipynb")
    env = {**os.environ, "JPY_SESSION_NAME": "somewhere/homework.ipynb"}  # as the Jupyter server sets it
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(tmp_path), env=env)
    try:
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str, cell_id: str, displays: list[dict] | None = None) -> tuple[str, list[str]]:
    """Execute like JupyterLab does (the cell id in the request's metadata); (stdout, traceback).

    Rich outputs (``display_data``) are appended to ``displays`` when given."""
    message = client.session.msg("execute_request", {"code": code, "silent": False, "store_history": True,
                                                     "user_expressions": {}, "allow_stdin": False,
                                                     "stop_on_error": True}, metadata={"cellId": cell_id})
    client.shell_channel.send(message)
    stdout, traceback = [], []
    while True:
        try:
            reply = client.get_iopub_msg(timeout=60)
        except queue.Empty:
            raise AssertionError("the kernel went quiet") from None
        if reply["parent_header"].get("msg_id") != message["header"]["msg_id"]:
            continue
        kind, content = reply["msg_type"], reply["content"]
        if kind == "stream" and content["name"] == "stdout":
            stdout.append(content["text"])
        elif kind == "error":
            traceback = content["traceback"]
        elif kind == "display_data" and displays is not None:
            displays.append(content["data"])
        elif kind == "status" and content["execution_state"] == "idle":
            return "".join(stdout), traceback


def test_a_passing_test_cell_says_so_with_its_points(kernel):
    run(kernel, "EXPECTED = 2", "plain")
    stdout, traceback = run(kernel, TEST_CELL, "graded-test")
    assert not traceback and "✓ test_two — 2/2 points" in stdout


def test_a_plain_cell_prints_no_pass_line(kernel):
    stdout, _ = run(kernel, "EXPECTED = 3", "plain")
    assert "✓" not in stdout


def test_a_failed_check_shows_its_message_not_the_harness(kernel):
    run(kernel, "EXPECTED = 3", "plain")
    stdout, traceback = run(kernel, TEST_CELL, "graded-test")
    assert "✓" not in stdout
    text = "\n".join(traceback)
    assert "CheckFailed — Cell In[" in text and ", line 6" in text  # the test cell's own line
    assert "expected: 3" in text and "got:      2" in text
    assert "checks.py" not in text and "runner.py" not in text and len(traceback) <= 6


def test_check_runs_the_notebooks_tests_and_prints_a_line_each(kernel):
    run(kernel, "EXPECTED = 2", "plain")
    stdout, traceback = run(kernel, "from autograder import check\nscores = check()", "plain")
    assert not traceback, traceback
    assert "✓ test_two — 2/2" in stdout and "2/2 points from the visible tests" in stdout
    run(kernel, "EXPECTED = 3", "plain")
    stdout, _ = run(kernel, "scores = check('test_two')", "plain")
    assert "✗ test_two — 0/2: CheckFailed: f() returned the wrong value." in stdout
    _, traceback = run(kernel, "check('test_nope')", "plain")
    assert any("no test called test_nope" in line for line in traceback)


def test_a_failed_timing_check_draws_the_two_timelines_as_a_picture(kernel):
    code = ("import asyncio\nfrom autograder import assert_concurrent, delay, run_virtual\n"
            "async def in_turn():\n    await delay(2, 'brew', quiet=True)\n    await delay(1, 'toast', quiet=True)\n"
            "assert_concurrent(run_virtual(in_turn), [2, 1])\n")
    displays: list[dict] = []
    _, traceback = run(kernel, code, "plain", displays)
    text = "\n".join(traceback)
    assert "expected: 2 s of loop time" in text and "got:      3 s of loop time" in text
    assert "your timeline" not in text  # drawn instead of written
    assert [sorted(d) for d in displays] == [["image/png", "text/plain"]], displays
