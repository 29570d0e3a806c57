"""Read and reset a lab server's statistics from synchronous code (a test cell, a grader).

Plain ``urllib`` on purpose: it works from any thread, with or without a running event
loop, and against a server in another process (``aiocourse serve``) as well as in this one.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

__all__ = ["fetch_stats", "reset_stats"]

#: Loopback answers in milliseconds; this only guards against a server that is gone.
TIMEOUT = 10.0


def _call(url: str, method: str) -> Any:
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.load(response)


def fetch_stats(base_url: str) -> dict[str, int]:
    """``GET /stats``: requests, in_flight, max_in_flight (and cancelled) since the last reset."""
    stats: dict[str, int] = _call(f"{base_url}/stats", "GET")
    return stats


def reset_stats(base_url: str) -> dict[str, int]:
    """``POST /stats/reset``; returns the counters just after the reset."""
    stats: dict[str, int] = _call(f"{base_url}/stats/reset", "POST")
    return stats
