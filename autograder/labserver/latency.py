"""A simulated network: every request waits a fixed latency, plus random jitter if asked.

On loopback a request takes microseconds, so "ten requests one by one" and "ten at once"
look alike.  A latency set when the server starts makes the difference visible in every
route, as a real network would, without each exercise having to call ``/delay``.
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass, field

from aiohttp import web
from aiohttp.typedefs import Handler

from .stats import is_control, request_info

__all__ = ["LATENCY", "Latency", "MAX_SECONDS", "add_latency"]

#: The longest any request may be made to wait (``/delay`` and the global latency alike):
#: a typo such as ``/delay/1000`` should not hang a notebook.
MAX_SECONDS = 30.0


@dataclass(frozen=True)
class Latency:
    """``fixed`` seconds, plus a uniform random extra in ``[0, jitter)`` seconds, per request.

    The jitter only adds, so ``fixed`` is a floor a check can rely on.
    """

    fixed: float = 0.0
    jitter: float = 0.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name, value in (("latency", self.fixed), ("jitter", self.jitter)):
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a number of seconds >= 0, got {value!r}")
        if self.fixed + self.jitter > MAX_SECONDS:
            raise ValueError(f"latency + jitter must be at most {MAX_SECONDS:g} s, got {self.fixed + self.jitter:g}")

    def draw(self) -> float:
        """The wait for one request."""
        return self.fixed + self.rng.uniform(0, self.jitter) if self.jitter else self.fixed


#: The application's latency setting.
LATENCY = web.AppKey("lab.latency", Latency)


@web.middleware
async def add_latency(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Wait the latency, then answer.  The wait counts as "in flight", like network time."""
    if not is_control(request):
        wait = request.app[LATENCY].draw()
        if wait:
            request_info(request).latency = wait
            await asyncio.sleep(wait)
    return await handler(request)
