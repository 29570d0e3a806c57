"""The blocking detector names the coroutine, the duration, the cause and the fix -- and
stays silent on correct code."""

import asyncio
import http.server
import socket
import sys
import threading
import time

import pytest
import requests

from autograder import CheckFailed, assert_not_blocking, run_virtual
from autograder.blocking import classify


@pytest.fixture(scope="module")
def slow_http_url():
    """A loopback HTTP server whose answers take 0.3 s (requests blocks while it waits)."""

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(0.3)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def failure(outcome) -> str:
    with pytest.raises(CheckFailed) as caught:
        assert_not_blocking(outcome)
    return str(caught.value)


def test_time_sleep_is_named_with_its_fix():
    async def naps():
        time.sleep(0.4)

    message = failure(run_virtual(naps))
    assert "naps() held the event loop for 0.4" in message
    assert "probably time.sleep" in message and "time.sleep(0.4)" in message
    assert "await asyncio.sleep" in message


def test_cpu_loop_is_named_with_its_fix():
    async def crunch():  # sized by CPU time, so a busy machine cannot shrink the work
        total, start = 0, time.thread_time()
        while time.thread_time() - start < 0.4:
            total += 1
        return total

    message = failure(run_virtual(crunch))
    assert "crunch() held the event loop" in message
    assert "probably CPU-bound work" in message and "run_in_executor" in message


def test_requests_is_named_with_its_fix(slow_http_url):
    async def fetch():
        return requests.get(slow_http_url, timeout=5).status_code

    outcome = run_virtual(fetch)
    assert outcome.result == 200
    message = failure(outcome)
    assert "fetch() held the event loop" in message
    assert "blocking HTTP client" in message and "aiohttp" in message


def test_the_blocking_task_is_named_not_the_harness():
    async def worker():
        time.sleep(0.3)

    async def main():
        await asyncio.gather(asyncio.create_task(worker()), asyncio.sleep(1))

    outcome = run_virtual(main)
    assert outcome.blocking[0].coroutine == "test_the_blocking_task_is_named_not_the_harness.<locals>.worker"


def test_correct_code_raises_no_alarm():
    async def polite():
        await asyncio.gather(*(asyncio.sleep(s) for s in (1, 2, 3)))
        await asyncio.to_thread(time.sleep, 0.3)  # real waiting, but in a thread: not blocking

    outcome = run_virtual(polite)
    assert_not_blocking(outcome)
    assert outcome.blocking == []


def test_classify_falls_back_to_a_generic_blocking_call():
    import json.decoder
    import traceback

    stack = [traceback.FrameSummary(json.decoder.__file__, 10, "decode", line="x")]
    assert classify(stack) == ("a blocking call", "")


def test_a_step_stretched_by_another_thread_is_not_blocking():
    """The false alarm a busy machine used to cause: the loop thread waits (for the GIL
    here, for a core under load) in the middle of a short step of correct code."""
    started, finished = threading.Event(), threading.Event()

    def hog():  # one C call: it keeps the GIL for its whole duration
        started.wait(5)
        sum(range(60_000_000))
        finished.set()

    async def polite():
        started.set()
        while not finished.is_set():  # a little CPU of our own, before the hog takes the GIL
            pass
        await asyncio.sleep(1)

    thread = threading.Thread(target=hog)
    thread.start()
    outcome = run_virtual(polite)
    thread.join()
    assert outcome.longest_step > 0.25, "the hog did not stretch the step: nothing was tested"
    assert_not_blocking(outcome)


def test_two_tasks_computing_in_one_step_are_told_apart():
    def spin(seconds):
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass

    async def long_one():
        spin(0.4)

    async def short_one():
        spin(0.1)

    async def main():
        await asyncio.gather(long_one(), short_one())

    events = run_virtual(main).blocking
    named = {e.coroutine.rsplit(".", 1)[-1]: e for e in events}
    assert set(named) == {"long_one", "short_one"}
    assert 0.35 < named["long_one"].seconds < 0.6 and named["long_one"].cause == "CPU-bound work"
    assert 0.05 < named["short_one"].seconds < 0.2
    assert events[0] is named["long_one"]


def test_waiting_on_a_threading_event_is_blocking():
    async def waits():
        threading.Event().wait(0.4)

    outcome = run_virtual(waits)
    message = failure(outcome)
    assert "waits() held the event loop for 0.4" in message and "a blocking call" in message


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the thread's system call in /proc")
def test_a_blocking_system_call_without_python_frames_is_caught(slow_http_url):
    """``sock.recv`` is C all the way down: only the system call shows the thread waits."""
    host, port = slow_http_url.split("/")[2].split(":")

    async def raw():
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            return sock.recv(100)[:12]

    outcome = run_virtual(raw)
    assert outcome.result == b"HTTP/1.0 200"
    assert "raw() held the event loop for" in failure(outcome)
    # The server answers after 0.3 s; a loaded machine can only make the wait longer.
    assert outcome.longest_hold >= 0.28
