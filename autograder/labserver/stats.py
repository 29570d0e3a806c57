"""Server-side evidence of concurrency: how many requests were in flight at once.

Timing alone cannot always tell concurrent code from lucky code (a fast machine, a
cached answer).  The server can: it counts requests that have arrived and not yet been
answered, and keeps the peak.  A student's ten requests made with ``asyncio.gather``
show ``max_in_flight == 10``; the same requests made one by one show ``1``.

Every counter is changed only by the server's own event loop, between two ``await``\\s,
so no lock is needed: asyncio runs one callback at a time.  Other threads and processes
read the counters through ``GET /stats``.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

__all__ = ["RequestInfo", "STATS", "Stats", "count_requests", "is_control", "request_info", "stats_routes"]


@dataclass
class Stats:
    """Counters since the last reset; ``in_flight`` is a live gauge and never resets."""

    requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    #: Handlers cancelled before they answered: the client went away mid-request.
    cancelled: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    def enter(self) -> int:
        """A request arrived; returns its id (unique for the server's life, unlike ``requests``)."""
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return next(self._ids)

    def leave(self, *, cancelled: bool = False) -> None:
        """A request was answered, failed, or was cancelled."""
        self.in_flight -= 1
        self.cancelled += cancelled

    def reset(self) -> None:
        """Start a new measurement.

        Requests still in flight stay counted in ``in_flight`` (they will leave later), so
        the peak restarts from them rather than from zero.
        """
        self.requests = 0
        self.cancelled = 0
        self.max_in_flight = self.in_flight

    def snapshot(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "in_flight": self.in_flight,
            "max_in_flight": self.max_in_flight,
            "cancelled": self.cancelled,
        }


#: The application's counters.
STATS = web.AppKey("lab.stats", Stats)


@dataclass
class RequestInfo:
    """What the server knows about one request, for handlers that report timing."""

    id: int
    arrived: float  # time.time(), comparable across requests and with the client's clock
    arrived_perf: float  # time.perf_counter(), for elapsed times
    latency: float = 0.0  # the global latency this request waited (set by the latency middleware)

    def elapsed(self) -> float:
        return time.perf_counter() - self.arrived_perf


# aiohttp >= 3.14 wants typed keys for request storage (and warns about strings); older
# versions, which pyproject.toml still allows, have no RequestKey.
_INFO: Any = web.RequestKey("lab.request", RequestInfo) if hasattr(web, "RequestKey") else "lab.request"


def request_info(request: web.Request) -> RequestInfo:
    info: RequestInfo = request[_INFO]
    return info


_CONTROL = frozenset({"lab.stats", "lab.stats.reset"})


def is_control(request: web.Request) -> bool:
    """``/stats`` routes are the grader's bookkeeping: not counted, not delayed.

    Reading the statistics must not change them, and a check should not wait for the
    simulated network latency meant for the student's requests.
    """
    return request.match_info.route.name in _CONTROL


@web.middleware
async def count_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count the request in flight for as long as its handler runs.

    ``finally`` matters: when a client disconnects, aiohttp cancels the handler
    (``handler_cancellation=True``), and the request must leave ``in_flight`` then too.
    """
    if is_control(request):
        return await handler(request)
    stats = request.app[STATS]
    request[_INFO] = RequestInfo(id=stats.enter(), arrived=time.time(), arrived_perf=time.perf_counter())
    cancelled = False
    try:
        return await handler(request)
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        stats.leave(cancelled=cancelled)


async def stamp_request_id(request: web.Request, response: web.StreamResponse) -> None:
    """``X-Request-Id`` on every counted response, so a client can match answers to ids."""
    info = request.get(_INFO)
    if isinstance(info, RequestInfo):
        response.headers["X-Request-Id"] = str(info.id)


stats_routes = web.RouteTableDef()


@stats_routes.get("/stats", name="lab.stats")
async def get_stats(request: web.Request) -> web.Response:
    """``{"requests", "in_flight", "max_in_flight", "cancelled"}`` since the last reset."""
    return web.json_response(request.app[STATS].snapshot())


@stats_routes.post("/stats/reset", name="lab.stats.reset")
async def reset_stats(request: web.Request) -> web.Response:
    """Reset the counters; answers with the fresh snapshot."""
    stats = request.app[STATS]
    stats.reset()
    return web.json_response(stats.snapshot())
