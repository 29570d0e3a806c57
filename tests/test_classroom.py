"""The classroom round trip on a real JupyterHub, with separate system users (issue #16).

What runs: ``classroom/hub.py setup`` creates throwaway users -- ``aioc-<random>-instr``,
``-s1``, ``-s2``, ``-s3`` with private homes under a temporary folder -- the nbgrader
exchange and the per-role config; ``classroom/hub.py start``'s command runs JupyterHub (with
``configurable-http-proxy``) on free ports of 127.0.0.1; ``classroom/walkthrough.py``'s
``walk()`` drives it through the hub's REST API only: the ``classroom`` service token starts
every server, and each command runs as its user in that user's own server (a kernel there,
over its websocket).  The same ``walk()`` is the README's scripted walk-through.

The class: s1 submits a wrong answer, then a right one (the latest counts: full marks);
s2 submits a wrong one (``missing_await``: 0 points, and the feedback says why); s3 submits a
right one after the deadline (``c.LateSubmissionPlugin.penalty_method = "zero"``: raw 8,
penalty 8, score 0); ``-absent`` is in the gradebook and never submits (score 0 in
``grades.csv``, no timestamp).  Then: each student fetched exactly their own feedback, with
no hidden test's source in it; no student can read another student's home, the instructor's
``source/``, the gradebook, or list the exchange's inbound and feedback folders; the
instructor's server has the formgrader and a student's has not; headless Chromium (Debian's,
never ``playwright install``) logs in as s1 and opens the Assignment List.

Users, processes and folders are removed in ``finally`` blocks, even on failure.  Root
only (it creates users); skipped, with the reason, where npm or Chromium is absent.
What every user saw is written to ``tests/artifacts/classroom_transcript.txt``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from submissions import variants

pytestmark = pytest.mark.nbgrader  # the longest test: scheduled first (conftest)

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("AIOCOURSE_ARTIFACTS", ROOT / "tests" / "artifacts"))
CHAPTER = "04_coroutines"
HUB_START = 90  # seconds; every wait is bounded
HUB_STOP = 60
BROWSER_STEP = 60


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


hub_setup = _load("classroom_hub", ROOT / "classroom" / "hub.py")
walkthrough = _load("classroom_walkthrough", ROOT / "classroom" / "walkthrough.py")


def requirements() -> None:
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("the classroom test creates system users: it runs as root (as in CI)")
    for tool in ("useradd", "userdel", "unshare"):
        if not shutil.which(tool):
            pytest.skip(f"`{tool}` is not installed")
    if hub_setup.proxy_command() is None:
        if shutil.which("npm") is None:
            pytest.skip("no npm, so no configurable-http-proxy (JupyterHub's proxy): install Node.js and npm")
        pytest.fail("configurable-http-proxy is missing: run `npm install --prefix classroom` (as .ci/run does)")
    pytest.importorskip("jupyterhub", reason="JupyterHub is in the dev extra: pip install -e '.[dev]'")


@contextlib.contextmanager
def running_hub(state: Path, log: Path):
    command, env = hub_setup.hub_command(state)
    settings = hub_setup.load_state(state)
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=settings["hub_dir"], env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            hub = walkthrough.Hub(settings)
            try:
                hub.wait_up(HUB_START)
            except TimeoutError:
                pytest.fail(f"JupyterHub did not start:\n{log.read_text()[-4000:]}")
            yield hub
        finally:
            with contextlib.suppress(Exception):
                hub.close()
            process.send_signal(signal.SIGTERM)  # the hub stops every server, then its proxy
            try:
                process.wait(timeout=HUB_STOP)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: the hub and the proxy
                process.wait(timeout=10)
            pid_file = Path(settings["hub_dir"]) / "proxy.pid"
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)  # a proxy left behind


@pytest.fixture
def classroom():
    """(settings, hub, names): a set-up classroom with a running hub; everything removed after."""
    requirements()
    tag = f"aioc-{secrets.token_hex(3)}"
    instructor, students, absent = f"{tag}-instr", [f"{tag}-s{i}" for i in (1, 2, 3)], f"{tag}-absent"
    scratch = Path(tempfile.mkdtemp(prefix="aiocourse-classroom-"))
    os.chmod(scratch, 0o755)  # the users' homes and the exchange are below it
    try:
        settings = hub_setup.setup(scratch / "state", instructor, students, create_users=True,
                                   homes=scratch / "home", port=0, late_penalty="zero")
        with running_hub(scratch / "state", scratch / "hub.log") as hub:
            yield settings, hub, {"instructor": instructor, "students": students, "absent": absent,
                                  "log": scratch / "hub.log"}
    finally:
        for name in [instructor, *students]:
            hub_setup.remove_user(name)
        shutil.rmtree(scratch, ignore_errors=True)


def test_the_classroom_round_trip_on_a_real_jupyterhub(classroom):
    started = time.monotonic()
    settings, hub, names = classroom
    s1, s2, s3 = names["students"]
    instructor, absent = names["instructor"], names["absent"]
    answers = variants(CHAPTER)
    right, wrong = answers["correct"], answers["missing_await"]
    full, wrong_points = sum(right.expected.values()), sum(wrong.expected.values())
    plan = {s1: [wrong.answers, right.answers], s2: [wrong.answers], s3: [right.answers]}
    try:
        result = walkthrough.walk(settings, hub, plan, late=s3, absent=absent, say=print)
    except Exception:
        print("JupyterHub's log, last lines:\n" + names["log"].read_text()[-4000:])
        raise
    trip = time.monotonic() - started
    seen, feedback, probes = result["seen"], result["feedback"], result["probes"]
    transcript = [f"round trip: {trip:.1f} s"]
    transcript += [f"\n===== {user} =====\n{s.text()}" for user, s in seen.items()]

    # Grades: the latest submission counts, the late one is zeroed, the absent student is there.
    grades = {row["student_id"]: row for row in result["grades"]}
    transcript.append("\n===== grades.csv =====\n" + "\n".join(
        f"{who}: raw {r['raw_score']}, late penalty {r['late_submission_penalty']}, score {r['score']}/{r['max_score']},"
        f" submitted {r['timestamp'] or '-'}" for who, r in sorted(grades.items())))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")
    (ARTIFACTS / "classroom_transcript.txt").write_text("\n".join(transcript) + "\n")
    print("\n".join(transcript))
    assert set(grades) == {s1, s2, s3, absent}, grades
    assert float(grades[s1]["score"]) == full and float(grades[s1]["max_score"]) == full, grades[s1]
    assert float(grades[s2]["score"]) == wrong_points < full, grades[s2]
    assert float(grades[s3]["raw_score"]) == full, grades[s3]
    assert float(grades[s3]["late_submission_penalty"]) == full and float(grades[s3]["score"]) == 0, grades[s3]
    assert float(grades[absent]["score"]) == 0 and not grades[absent]["timestamp"], grades[absent]
    assert float(grades[s1]["late_submission_penalty"]) == 0, grades[s1]

    # Everyone saw what nbgrader says they should.
    instructor_log = seen[instructor].text()
    assert f"Released as: aiocourse {CHAPTER}" in instructor_log, instructor_log
    assert re.search(rf"Collecting submission: {re.escape(s1)} {CHAPTER}", instructor_log), instructor_log
    assert "not graded" not in instructor_log, instructor_log
    for student in (s1, s2, s3):
        log = seen[student].text()
        assert f"aiocourse {CHAPTER}" in log and "Submitted as:" in log, log
    assert seen[s1].text().count("Submitted as:") == 2

    # Feedback: exactly one file each (of the latest submission), their own, no hidden test source.
    for student, score in ((s1, full), (s2, wrong_points), (s3, 0)):  # s3: the late penalty zeroes it
        files = feedback[student]
        assert len(files) == 1, (student, list(files))
        (path, html), = files.items()
        assert path.startswith(f"{settings['course'].rsplit('/', 2)[0]}/{student}/"), path
        assert f"(Score: {score:.1f} / {full:.1f})" in html, (student, re.findall(r"\(Score: [^)]*\)", html))
        assert "BEGIN HIDDEN TESTS" not in html
        assert 'shout, "asyncio"' not in html and "shout, &quot;asyncio&quot;" not in html, student
        for other in {s1, s2, s3} - {student}:
            assert other not in html, (student, other)
    assert "no shouting here" in next(iter(feedback[s2].values()))  # the wrong shout's error, explained
    assert f"Late submission penalty (Score: -{full:.1f})" in next(iter(feedback[s3].values()))
    assert "Late submission penalty" not in next(iter(feedback[s1].values()))
    assert "no shouting here" not in next(iter(feedback[s1].values()))  # the first, wrong, submission is gone

    # What a student's server can read.
    for student, found in probes.items():
        assert found == {
            "another student's home": "permission denied",
            "the instructor's home": "permission denied",
            "the instructor's source/": "permission denied",
            "the gradebook": "permission denied",
            "the exchange's inbound (listing)": "permission denied",
            "the exchange's feedback (listing)": "permission denied",
            "the released assignment": "readable",
        }, (student, found)

    # nbgrader's tools per role: the formgrader on the instructor's server only.
    status, _ = hub.request("GET", f"/user/{instructor}/formgrader/")
    assert status == 200, status
    status, _ = hub.request("GET", f"/user/{s1}/formgrader/")
    assert status == 404, status
    status, body = hub.request("GET", f"/user/{s1}/assignments?course_id=aiocourse")
    assert status == 200 and CHAPTER in str(body), (status, body)

    shown = assignment_list_in_chromium(settings, s1)
    print(f"s1's Assignment List in Chromium:\n{shown}")
    assert CHAPTER in shown and "There are no assignments to fetch." in shown, shown  # fetched already
    assert shown.count(" UTC") == 2 and shown.count("view feedback") == 1, shown  # two submissions, one feedback
    print(f"whole test: {time.monotonic() - started:.1f} s")


def assignment_list_in_chromium(settings: dict, student: str) -> str:
    """Log in as ``student`` and open Nbgrader > Assignment List; the list's text."""
    executable = next((c for c in ("/usr/bin/chromium", shutil.which("chromium")) if c and Path(c).exists()), None)
    if executable is None:
        pytest.skip("no Chromium for the browser step: apt-get install -y chromium (as .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is in the dev extra")
    url = f"http://127.0.0.1:{settings['port']}"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, timeout=BROWSER_STEP * 1000,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-quic"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(BROWSER_STEP * 1000)
            try:
                page.goto(f"{url}/hub/login")
                page.fill("input[name=username]", student)
                page.fill("input[name=password]", settings["password"])
                page.click("#login_submit")
                page.wait_for_url(re.compile(rf".*/user/{re.escape(student)}/lab.*"))
                page.get_by_text("Nbgrader", exact=True).first.click()
                menu = page.locator("#jp-mainmenu-nbgrader")
                sync_api.expect(menu).to_be_visible()
                items = menu.inner_text()
                assert "Assignment List" in items and "Formgrader" not in items, items
                menu.get_by_text("Assignment List", exact=True).click()
                listing = page.locator("#nbgrader-assignment-list")
                sync_api.expect(listing).to_contain_text(CHAPTER)
                text = listing.inner_text()
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "classroom_assignment_list.png"))
                return text
            except Exception:
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / "classroom_at_failure.png"))
                raise
        finally:
            browser.close()
