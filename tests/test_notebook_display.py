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


def reply_of(client, code: str, cell_id: str = "plain") -> dict:
    """The shell reply to one execute request (status, ename, traceback)."""
    msg_id = client.execute(code)
    while True:
        reply = client.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


ASSERT_TEST = ("async def f():\n    return [5, 10]\n\n"
               "def check_f():\n    got = run_virtual(f).result\n    assert got == [5, 7]\n\ncheck_f()\n")


def test_a_plain_assert_fails_like_a_check_with_the_values_it_compared(kernel):
    run(kernel, "from autograder import run_virtual", "plain")  # a notebook's setup cell: rewriting starts after it
    stdout, traceback = run(kernel, ASSERT_TEST, "plain")
    text = "\n".join(traceback)
    assert traceback[0].endswith("✗ AssertionError — Cell In[2], line 8\x1b[0m"), traceback  # the call in the test
    assert "assert [5, 10] == [5, 7]" in text and "At index 1 diff: 10 != 7" in text
    assert "check_f()" not in text and "got == [5, 7]" not in text  # no source quoted
    assert len(traceback) <= 6 and "Traceback" not in text and "rewrite.py" not in text


def test_an_assert_with_a_message_shows_that_message_alone(kernel):
    run(kernel, "import autograder", "plain")
    _, traceback = run(kernel, 'x = 3\nassert x == 2, "x should be 2\\n  expected: 2\\n  got:      3"\n', "plain")
    assert traceback[1:] == ["x should be 2", "  expected: 2", "  got:      3"], traceback
    assert "✗ AssertionError — Cell In[2], line 2" in traceback[0]


def test_a_failed_assert_still_makes_the_kernel_reply_error(kernel):
    run(kernel, "import autograder", "plain")
    reply = reply_of(kernel, "AssertionError = None\nx = 2\nassert x == 3\n")
    assert reply["status"] == "error" and reply["ename"] == "AssertionError"
    assert "assert 2 == 3" in reply["evalue"] and "assert 2 == 3" in "\n".join(reply["traceback"])
    reply = reply_of(kernel, "del AssertionError\nraise AssertionError\n")
    assert reply["status"] == "error" and "without a message" in "\n".join(reply["traceback"])
    assert reply_of(kernel, "assert True\nx = 1\n")["status"] == "ok"


def test_an_assert_raised_in_the_students_own_cell_says_where(kernel):
    run(kernel, "import autograder", "plain")
    run(kernel, "def helper(v):\n    assert v > 0, 'v must be positive'\n", "plain")
    _, traceback = run(kernel, "helper(-1)\n", "plain")
    assert "Cell In[3], line 1" in traceback[0]
    assert traceback[-1] == "  (raised in Cell In[2], line 2, in helper())", traceback


def test_the_test_cell_header_names_the_test_in_jupyterlab(kernel):
    run(kernel, "import autograder\nEXPECTED = 3", "plain")
    _, traceback = run(kernel, TEST_CELL, "graded-test")
    assert "(test_two)" in traceback[0]


def test_delay_is_quiet_under_the_harness_and_prints_when_awaited(kernel):
    code = ("from autograder import delay, run_virtual\nasync def f():\n    await delay(1, 'grind')\n"
            "outcome = run_virtual(f)\n")
    stdout, traceback = run(kernel, code, "plain")
    assert not traceback and "grind" not in stdout
    stdout, traceback = run(kernel, "await delay(0.01, 'grind')\n", "plain")
    assert not traceback and stdout.splitlines() == ["grind: waiting 0.01 s", "grind: done after 0.01 s"]
    stdout, _ = run(kernel, "outcome = run_virtual(delay, 1, 'loud', quiet=False)\n", "plain")
    assert "loud: waiting 1 s" in stdout


def test_check_shows_a_plain_asserts_whole_message_and_no_delay_lines(tmp_path: Path):
    test = ("from autograder import run_virtual, delay\nasync def f():\n    await delay(1, 'grind')\n    return [5, 10]\n"
            "got = run_virtual(f).result\n"
            "assert got == [5, 7], f'f() is wrong.\\n  expected: [5, 7]\\n  got:      {got}\\n  hint:     wait less'\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import autograder", id="s"),
                                         nbformat.v4.new_code_cell(test, id="t", metadata={"nbgrader": {
        "grade": True, "solution": False, "locked": True, "grade_id": "test_f", "points": 1, "schema_version": 3}}),
        nbformat.v4.new_code_cell("assert [1] == [2]", id="u", metadata={"nbgrader": {
            "grade": True, "solution": False, "locked": True, "grade_id": "test_bare", "points": 1,
            "schema_version": 3}})])
    nbformat.write(nb, tmp_path / "homework.ipynb")
    env = {**os.environ, "JPY_SESSION_NAME": "homework.ipynb"}
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(tmp_path), env=env)
    try:
        stdout, traceback = run(client, "from autograder import check\nscores = check()\n", "plain")
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert not traceback, traceback
    lines = stdout.splitlines()
    assert lines[:4] == ["✗ test_f — 0/1: AssertionError: f() is wrong.", "      expected: [5, 7]",
                         "      got:      [5, 10]", "      hint:     wait less"], lines
    assert "✗ test_bare — 0/1: AssertionError: assert [1] == [2]" in lines
    assert "grind" not in stdout
