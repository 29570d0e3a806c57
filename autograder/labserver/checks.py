"""Checks that read the lab server's counters: server-side evidence of concurrency.

``assert_concurrent`` judges a coroutine by its timing on a virtual clock.  Against a real
server, timing depends on the machine; the server's ``max_in_flight`` does not: it is the
number of the student's requests the server was answering at the same moment.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..checks import fail_check
from .background import LabServer

__all__ = ["assert_max_in_flight"]

_POOL_HINT = (
    "something caps how many requests run at once: aiohttp allows 100 connections per "
    "ClientSession (TCPConnector(limit=...)), a ThreadPoolExecutor has a few workers "
    "(max_workers=...), and a Semaphore lets through only its value"
)


def assert_max_in_flight(
    stats: Mapping[str, int] | LabServer, *, at_least: int | None = None, at_most: int | None = None
) -> None:
    """The server had at least ``at_least`` (at most ``at_most``) requests in flight at once.

    ``stats`` is what ``server.stats()`` returns, or the server itself (read now).  Reset
    the counters (``server.reset_stats()``) before running the student's code.
    """
    __tracebackhide__ = True
    if at_least is None and at_most is None:
        raise TypeError("assert_max_in_flight() needs at_least=N, at_most=N or both")
    if isinstance(stats, LabServer):
        stats = stats.stats()
    peak, total = stats["max_in_flight"], stats["requests"]
    got = f"at most {peak} request(s) in flight at once, out of {total} the server received"
    if at_least is not None and peak < at_least:
        if total < at_least:
            hint = f"the server received only {total} request(s): did your code make all {at_least}?"
        elif peak == 1:
            hint = (
                "each request waited for the previous one to finish. Start them all before awaiting "
                "any (asyncio.gather, create_task or a TaskGroup); a blocking call such as "
                "requests.get inside a coroutine also serializes them (use aiohttp, or asyncio.to_thread)."
            )
        else:
            hint = _POOL_HINT + "."
        fail_check("Your requests did not run concurrently enough.", f"at least {at_least} in flight at once", got, hint)
    if at_most is not None and peak > at_most:
        fail_check(
            "Your code had too many requests in flight at once.",
            f"at most {at_most} in flight at once",
            got,
            f"limit concurrency, for example with asyncio.Semaphore({at_most}) around each request.",
        )
