"""The blocking detector names the coroutine, the duration, the cause and the fix -- and
stays silent on correct code."""

import asyncio
import http.server
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
    async def crunch():
        total, start = 0, time.perf_counter()
        while time.perf_counter() - start < 0.4:
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
