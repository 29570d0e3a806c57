"""``run_real``: the harness's counterpart on a real clock, for comparison only.

Same contract as :func:`autograder.run_virtual` (an ``Outcome``), but on a standard asyncio
loop: ``loop_time`` is real elapsed time.  The benchmarks swap it in for ``run_virtual``
to run the very same test cells "with real sleeps".
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from time import perf_counter
from typing import Any

from autograder.outcome import Outcome, student_traceback
from autograder.trace import tracing


def run_real(fn: Any, /, *args: Any, wall_timeout: float = 120.0, **kwargs: Any) -> Outcome:
    kwargs.pop("patch_clocks", None)  # real clocks are real already
    kwargs.pop("loop_time_limit", None)
    outcome = Outcome(name=str(getattr(fn, "__qualname__", fn)))

    async def main() -> Any:
        value = fn(*args, **kwargs) if callable(fn) else fn
        return await value if inspect.isawaitable(value) else value

    def drive() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        started, wall = loop.time(), perf_counter()
        try:
            with tracing(outcome.trace):
                task = loop.create_task(main())
            outcome.result = loop.run_until_complete(task)
        except BaseException as error:  # noqa: BLE001
            outcome.error, outcome.error_text = error, student_traceback(error)
        finally:
            outcome.loop_time, outcome.wall_time = loop.time() - started, perf_counter() - wall
            loop.close()

    thread = threading.Thread(target=drive, daemon=True)
    thread.start()
    thread.join(wall_timeout)
    return outcome
