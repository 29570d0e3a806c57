"""``delay``: the course's stand-in for "some I/O that takes a while".

Chapter 04 builds it step by step; every later chapter imports it from here.  It prints
what it does (so a lecture shows the interleaving) and records ``start``/``end``/``cancel``
events in the active trace (so the grader sees the interleaving without reading text).

Under the harness in a notebook -- a test cell's ``run_virtual``, ``check()``, ``aiocourse
check`` and nbgrader, whose kernels are notebooks too -- it prints nothing: a test cell shows
only its verdict, and a feedback never lists what a hidden test ran ("grind: waiting 1 s").
Awaited directly (a lecture, a "try it" cell) it prints.  Under pytest it prints as before
(pytest captures it and shows it with a failure).  ``quiet=`` decides either way.
"""

from __future__ import annotations

import asyncio
import sys

from .trace import record
from .virtual_clock import VirtualClockLoop

__all__ = ["delay", "under_the_harness"]


def under_the_harness() -> bool:
    """True inside a run of the harness (its virtual-clock loop) in a notebook's kernel."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    return isinstance(loop, VirtualClockLoop) and _in_a_kernel()


def _in_a_kernel() -> bool:
    shell_module = sys.modules.get("IPython")  # never imported here: a script or pytest has none
    if shell_module is None:
        return False
    try:
        return shell_module.get_ipython() is not None
    except Exception:  # noqa: BLE001
        return False


async def delay(seconds: float, label: str | None = None, *, quiet: bool | None = None) -> float:
    """Wait ``seconds`` without blocking the event loop, then return ``seconds``.

    ``label`` names the operation in traces and messages (default ``delay(<seconds>)``);
    ``quiet=True`` silences the two printed lines, ``quiet=False`` prints them even under
    the harness; by default they are printed except under the harness in a notebook.
    """
    name = label if label is not None else f"delay({seconds:g})"
    if quiet is None:
        quiet = under_the_harness()
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
