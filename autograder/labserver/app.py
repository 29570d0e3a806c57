"""The lab server's aiohttp application: routes, statistics and latency, assembled."""

from __future__ import annotations

from aiohttp import web

from .errors import json_errors
from .latency import LATENCY, Latency, add_latency
from .routes import lab_routes
from .stats import STATS, Stats, count_requests, stamp_request_id, stats_routes

__all__ = ["create_app"]


def create_app(latency: Latency | None = None) -> web.Application:
    """A fresh lab application with its own counters.

    Middlewares run outermost first: errors become JSON even when they happen while the
    request is counted or delayed, and the latency wait counts as "in flight".
    """
    app = web.Application(middlewares=[json_errors, count_requests, add_latency])
    app[STATS] = Stats()
    app[LATENCY] = latency or Latency()
    app.router.add_routes(lab_routes)
    app.router.add_routes(stats_routes)
    app.on_response_prepare.append(stamp_request_id)
    return app
