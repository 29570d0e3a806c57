"""``delay``: the course's stand-in for "some I/O that takes a while".

Chapter 04 builds it step by step; every later chapter imports it from here.  It prints
what it does (so a lecture shows the interleaving) and records ``start``/``end``/``cancel``
events in the active trace (so the grader sees the interleaving without reading text).
"""

from __future__ import annotations

import asyncio

from .trace import record

__all__ = ["delay"]


async def delay(seconds: float, label: str | None = None, *, quiet: bool = False) -> float:
    """Wait ``seconds`` without blocking the event loop, then return ``seconds``.

    ``label`` names the operation in traces and messages (default ``delay(<seconds>)``);
    ``quiet=True`` silences the two printed lines.
    """
    name = label if label is not None else f"delay({seconds:g})"
    if not quiet:
        print(f"{name}: waiting {seconds:g} s")
    record("start", name)
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        record("cancel", name)
        if not quiet:
            print(f"{name}: cancelled")
        raise
    record("end", name)
    if not quiet:
        print(f"{name}: done after {seconds:g} s")
    return seconds
