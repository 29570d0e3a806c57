"""``/stats`` counts requests and the peak in flight correctly, even under 200 at once."""

from __future__ import annotations

import asyncio
import threading

import aiohttp
import pytest
import requests

from autograder import CheckFailed, LabServer, assert_max_in_flight
from autograder.labserver.stats import Stats

TIMEOUT = aiohttp.ClientTimeout(total=30)


async def get_many(url: str, n: int) -> list[int]:
    """``n`` concurrent GETs (no connection cap: aiohttp's default of 100 would be the bottleneck)."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=TIMEOUT) as session:

        async def one() -> int:
            async with session.get(url) as response:
                await response.read()
                return response.status

        return await asyncio.gather(*(one() for _ in range(n)))


def test_200_concurrent_requests_are_all_counted_in_flight(fresh_lab_server: LabServer) -> None:
    # 2 s is far longer than 200 loopback connections take to open, so all overlap.
    statuses = asyncio.run(get_many(f"{fresh_lab_server.url}/delay/2", 200))
    assert statuses == [200] * 200
    assert fresh_lab_server.stats() == {"requests": 200, "in_flight": 0, "max_in_flight": 200, "cancelled": 0}
    assert_max_in_flight(fresh_lab_server, at_least=200)


def test_sequential_requests_peak_at_one(fresh_lab_server: LabServer) -> None:
    for _ in range(5):
        requests.get(f"{fresh_lab_server.url}/delay/0.01", timeout=10)
    assert fresh_lab_server.stats() == {"requests": 5, "in_flight": 0, "max_in_flight": 1, "cancelled": 0}


def test_errors_and_unknown_routes_count_as_requests(fresh_lab_server: LabServer) -> None:
    for path in ("/nope", "/delay/x", "/status/500"):
        requests.get(f"{fresh_lab_server.url}{path}", timeout=10)
    assert fresh_lab_server.stats()["requests"] == 3


def test_reading_and_resetting_stats_are_not_counted(fresh_lab_server: LabServer) -> None:
    for _ in range(3):
        fresh_lab_server.stats()
    assert fresh_lab_server.reset_stats() == {"requests": 0, "in_flight": 0, "max_in_flight": 0, "cancelled": 0}
    assert fresh_lab_server.stats()["requests"] == 0


def test_reset_keeps_requests_in_flight(fresh_lab_server: LabServer) -> None:
    slow = threading.Thread(target=requests.get, args=(f"{fresh_lab_server.url}/delay/1",), kwargs={"timeout": 10})
    slow.start()
    try:
        for _ in range(200):  # bounded: at most ~2 s
            if fresh_lab_server.stats()["in_flight"] == 1:
                break
            threading.Event().wait(0.01)
        after_reset = fresh_lab_server.reset_stats(settle=0)  # at once: POST /stats/reset semantics
        assert after_reset == {"requests": 0, "in_flight": 1, "max_in_flight": 1, "cancelled": 0}
    finally:
        slow.join(10)
    assert fresh_lab_server.stats() == {"requests": 0, "in_flight": 0, "max_in_flight": 1, "cancelled": 0}


def test_stats_counters() -> None:
    stats = Stats()
    ids = [stats.enter(), stats.enter(), stats.enter()]
    stats.leave()
    stats.leave(cancelled=True)
    assert stats.snapshot() == {"requests": 3, "in_flight": 1, "max_in_flight": 3, "cancelled": 1}
    stats.reset()
    assert stats.snapshot() == {"requests": 0, "in_flight": 1, "max_in_flight": 1, "cancelled": 0}
    assert stats.enter() > max(ids) == 3  # ids keep growing across resets


def test_each_server_has_its_own_counters(fresh_lab_server: LabServer) -> None:
    with LabServer() as other:
        requests.get(f"{other.url}/delay/0", timeout=10)
        assert other.stats()["requests"] == 1
    assert fresh_lab_server.stats()["requests"] == 0


# -- the check students see ---------------------------------------------------------
def test_assert_max_in_flight_passes() -> None:
    assert_max_in_flight({"requests": 10, "in_flight": 0, "max_in_flight": 10}, at_least=10)
    assert_max_in_flight({"requests": 10, "in_flight": 0, "max_in_flight": 3}, at_least=2, at_most=3)


@pytest.mark.parametrize(
    ("stats", "at_least", "hint"),
    [
        ({"requests": 10, "max_in_flight": 1}, 10, "each request waited for the previous one"),
        ({"requests": 4, "max_in_flight": 4}, 10, "received only 4 request(s)"),
        ({"requests": 200, "max_in_flight": 100}, 200, "TCPConnector(limit=...)"),
    ],
)
def test_assert_max_in_flight_explains_too_few(stats: dict[str, int], at_least: int, hint: str) -> None:
    with pytest.raises(CheckFailed) as failure:
        assert_max_in_flight(stats, at_least=at_least)
    message = str(failure.value)
    assert f"expected: at least {at_least} in flight at once" in message
    assert f"got:      at most {stats['max_in_flight']} request(s) in flight" in message
    assert hint in message


def test_assert_max_in_flight_explains_too_many() -> None:
    with pytest.raises(CheckFailed, match=r"(?s)expected: at most 5 .*Semaphore\(5\)"):
        assert_max_in_flight({"requests": 20, "max_in_flight": 20}, at_most=5)


def test_assert_max_in_flight_needs_a_bound() -> None:
    with pytest.raises(TypeError):
        assert_max_in_flight({"requests": 1, "max_in_flight": 1})
