"""The student's path in a real browser: JupyterLab, the start page, an exercise, a pass, a failure.

JupyterLab is started with the README's first command (so at the course's root) on a free
loopback port with a token, in a scratch copy of the course (nothing in ``release/`` is
touched), and driven by headless Chromium -- Debian's ``chromium`` through Playwright's
``executable_path``; no browser is ever downloaded (never ``playwright install``).  The
test opens the start page, follows its link to chapter 04's exercises, runs the setup cell,
then answers exercise 1 right (the test cell shows ``✓ test_shout — 1/1 point``) and wrong
(the test cell shows the ``✗ CheckFailed — Cell In[…]`` block with ``expected:``/``got:``
and no traceback).  Screenshots go to ``tests/artifacts/`` (git-ignored by the folder's own
``.gitignore``; ``AIOCOURSE_ARTIFACTS`` chooses another folder).

Skipped, with the reason, only where no Chromium or no Playwright is installed
(``.ci/run`` installs Debian's ``chromium``; Playwright is in the dev extra).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.notebooks  # a real kernel, behind a real JupyterLab (about 30 s)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("AIOCOURSE_ARTIFACTS", ROOT / "tests" / "artifacts"))
CHAPTER = "04_coroutines"
START_PAGE = "notebooks/00_start_here.ipynb"
EXERCISE = f"release/{CHAPTER}/{CHAPTER}.ipynb"
# Cells of the chapter-04 release, by position: 1 setup, 3 answer to exercise 1, 5 its test.
SETUP, ANSWER, TEST = 1, 3, 5
RIGHT = 'async def shout(word): return word.upper() + "!"'
WRONG = "async def shout(word): return word.upper()"
SERVER_START = 90  # seconds; every wait below is bounded (2 busy cores: be generous)
KERNEL_START = 120
STEP = 60
PRESSES, ACCEPTED = 3, 10  # see run_cell


def chromium() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no Chromium: install Debian's `chromium` (apt-get install -y chromium), as .ci/run does")


def readme_command() -> list[str]:
    """The README's first Quick-start command, the part that starts JupyterLab."""
    readme = (ROOT / "README.md").read_text()
    first = re.search(r"```bash\n(.*?)\n```", readme.split("## Quick start", 1)[1], re.S).group(1)
    command = shlex.split(first.split("&&")[-1])
    assert command[:2] == ["jupyter", "lab"], first
    return command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_course(tmp: Path) -> Path:
    course = tmp / "course"
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for folder in ("notebooks", "release"):
        shutil.copytree(ROOT / folder, course / folder, ignore=ignore)
    shutil.copy(ROOT / "README.md", course)
    return course


def quiet_settings(tmp: Path) -> Path:
    """JupyterLab user settings without the news and update pop-ups over the page."""
    settings = tmp / "lab-settings"
    (settings / "@jupyterlab" / "apputils-extension").mkdir(parents=True)
    (settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}'
    )
    return settings


@pytest.fixture
def lab(tmp_path):
    """(base URL, token, course folder) of a JupyterLab started as the README says."""
    course = scratch_course(tmp_path)
    port, token = free_port(), secrets.token_hex(16)
    command = [
        *readme_command(), "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    command[0] = str(Path(sys.executable).parent / "jupyter")
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(quiet_settings(tmp_path)),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    log = (tmp_path / "jupyter.log").open("w")
    server = subprocess.Popen(command, cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'jupyter.log').read_text()[-3000:]}")
                time.sleep(0.5)
        yield url, token, course
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def shot(page, name: str, shots: list[Path]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    path = ARTIFACTS / f"browser_{len(shots) + 1:02d}_{name}.png"
    page.screenshot(path=str(path))
    shots.append(path)
    print(f"screenshot: {path}")


def test_a_student_opens_the_start_page_and_passes_then_fails_an_exercise(lab):
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is in the dev extra: pip install -e '.[dev]'")
    url, token, course = lab
    assert course != ROOT  # the server's root is the scratch copy: release/ stays untouched
    for old in ARTIFACTS.glob("browser_*.png"):
        old.unlink()
    shots: list[Path] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, timeout=STEP * 1000,
            args=[  # as root, offline: no sandbox, and none of Chromium's own network traffic
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(STEP * 1000)
            sync_api.expect.set_options(timeout=STEP * 1000)
            run_the_path(page, url, token, shots, sync_api.expect)
        except Exception:
            if "page" in locals():
                with contextlib.suppress(Exception):  # the failure itself matters more
                    shot(page, "at_failure", shots)
            log = course.parent / "jupyter.log"
            print("JupyterLab's log, last lines:\n" + log.read_text()[-3000:] if log.exists() else "(no log)")
            raise
        finally:
            browser.close()


def run_the_path(page, url: str, token: str, shots: list[Path], expect) -> None:
    # 1. The start page, at the course's root.
    page.goto(f"{url}/lab/tree/{START_PAGE}?token={token}", timeout=STEP * 1000)
    start = page.locator(".jp-NotebookPanel:visible").first
    expect(start.get_by_role("heading", name="00 · Start here")).to_be_visible()
    link = start.locator(f'a[href*="{EXERCISE}"]').first
    expect(link).to_be_visible()
    shot(page, "start_page", shots)

    # 2. Its link to the chapter's exercises opens them in JupyterLab.
    link.click()
    notebook = page.locator(".jp-NotebookPanel:visible").filter(has_text="04 · Coroutines — exercises").first
    expect(notebook).to_be_visible()
    cells = notebook.locator(".jp-Notebook .jp-Cell")
    expect(cells.nth(TEST)).to_contain_text("assert_result(run_virtual(shout")
    kernel_idle(page)

    # 3. The setup cell, then a right answer and its test cell: the pass line.
    run_cell(page, cells.nth(SETUP), timeout=KERNEL_START)
    answer(page, cells.nth(ANSWER), RIGHT)
    run_cell(page, cells.nth(TEST))
    output = cells.nth(TEST).locator(".jp-OutputArea")
    expect(output).to_contain_text("✓ test_shout")
    passed = output.inner_text().strip()
    assert re.fullmatch(r"✓ test_shout — 1/1 points?", passed), passed
    cells.nth(TEST).scroll_into_view_if_needed()
    shot(page, "pass_line", shots)

    # 4. A wrong answer: the failed check as its message, under one line naming the test cell.
    answer(page, cells.nth(ANSWER), WRONG)
    run_cell(page, cells.nth(TEST))
    expect(output).to_contain_text("✗ CheckFailed")
    failed = output.inner_text().strip()
    lines = failed.splitlines()
    assert re.fullmatch(r"✗ CheckFailed — Cell In\[\d+\], line \d+( \(test_shout\))?", lines[0]), failed
    assert "expected: 'HELLO!'" in failed and "got:      'HELLO'" in failed, failed
    assert "Traceback" not in failed and "site-packages" not in failed, failed
    assert len(lines) <= 8, f"the failure block should be short:\n{failed}"
    cells.nth(TEST).scroll_into_view_if_needed()
    shot(page, "failure_block", shots)


def kernel_idle(page) -> None:
    """Wait until the notebook's kernel has started (the toolbar's status says Idle)."""
    page.locator(".jp-NotebookPanel:visible .jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(
        state="attached", timeout=KERNEL_START * 1000
    )


def answer(page, cell, code: str) -> None:
    from playwright.sync_api import expect

    cell.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(code)  # as typed text, without the editor's auto-indent
    expect(cell.locator(".cm-content")).to_have_text(code)
    run_cell(page, cell)


def run_cell(page, cell, timeout: float = STEP) -> None:
    """Run one cell in place (Ctrl+Enter) and wait for its execution count.

    On a loaded machine the key press can land before the editor has focus, and the prompt then
    stays ``[ ]:`` for ever (seen once in CI).  So the press is repeated -- at most
    ``PRESSES`` times, ``ACCEPTED`` seconds apart -- until the prompt shows that JupyterLab took
    it (``[*]:`` or a new count).  Running a cell of this path twice changes nothing.
    """
    before = cell.locator(".jp-InputPrompt").inner_text().strip()
    deadline = time.monotonic() + timeout
    prompt = before
    for _ in range(PRESSES):
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+Enter")
        accepted = time.monotonic() + ACCEPTED
        while time.monotonic() < accepted:
            prompt = cell.locator(".jp-InputPrompt").inner_text().strip()
            if prompt != before:
                break
            page.wait_for_timeout(200)
        if prompt != before:
            break
    while True:
        prompt = cell.locator(".jp-InputPrompt").inner_text().strip()
        if re.fullmatch(r"\[\d+\]:", prompt) and prompt != before:
            return
        if time.monotonic() > deadline:
            dialogs = page.locator(".jp-Dialog:visible").all_inner_texts()
            raise AssertionError(
                f"the cell did not finish within {timeout} s (prompt {prompt!r}"
                + (f"; a dialog is open: {dialogs}" if dialogs else "") + ")"
            )
        page.wait_for_timeout(200)
