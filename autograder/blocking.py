"""The blocking detector: which coroutine held the event loop, for how long, and why.

asyncio's debug mode reports slow callbacks ("Executing <Task ...> took 0.6 seconds"), but
it measures them with ``loop.time()`` -- on the virtual clock that reads 0 for a blocking
call, so the debug machinery cannot see blocking there.  We measure the same thing in
real time instead: the virtual selector records every loop step longer than 50 ms (its
``StepRecord``), and a monitor thread, polling every few milliseconds, catches a long step
*in the act*: it samples the loop thread's Python stack and the running task.  From the
stack it names the probable cause and the fix:

* the innermost student frame is calling ``sleep`` -> ``time.sleep``;
* a frame of ``requests``/``urllib3``/``http.client``/``socket`` -> a blocking HTTP client;
* the innermost frame is the student's own Python code -> CPU-bound work;
* anything else -> a blocking call in some library.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import traceback
from dataclasses import dataclass
from time import perf_counter

from .virtual_clock import LONG_STEP_SECONDS, VirtualClockLoop

__all__ = ["BlockingEvent", "BlockingMonitor", "classify"]

_POLL_SECONDS = 0.005
_HERE = os.path.dirname(os.path.abspath(__file__))
_STDLIB = os.path.dirname(os.path.abspath(os.__file__))
_HTTP_MARKERS = (f"{os.sep}requests{os.sep}", f"{os.sep}urllib3{os.sep}", f"{os.sep}http{os.sep}client.py",
                 f"{os.sep}socket.py", f"{os.sep}ssl.py", f"{os.sep}urllib{os.sep}request.py")

FIXES = {
    "time.sleep": "use `await asyncio.sleep(...)`: it waits without holding the loop",
    "blocking HTTP client": (
        "use an async client (aiohttp) and `await` the request, or run the blocking call in a "
        "thread: `await asyncio.to_thread(requests.get, url)`"
    ),
    "CPU-bound work": (
        "a coroutine cannot share the loop while it computes: run the computation elsewhere with "
        "`await loop.run_in_executor(process_pool, f, ...)` (or `asyncio.to_thread` if it releases "
        "the GIL, like numpy)"
    ),
    "a blocking call": "run it in a thread: `await asyncio.to_thread(function, ...)`",
}


@dataclass(frozen=True)
class BlockingEvent:
    """One loop step that held the loop: who, how long, where, why, and the fix."""

    seconds: float
    loop_time: float
    coroutine: str = "?"
    where: str = ""
    cause: str = "a blocking call"

    @property
    def fix(self) -> str:
        return FIXES.get(self.cause, FIXES["a blocking call"])

    def describe(self) -> str:
        place = f"; it was busy at {self.where}" if self.where else ""
        return (
            f"{self.coroutine}() held the event loop for {self.seconds:.2f} s of real time "
            f"(at loop time {self.loop_time:.2f} s), probably {self.cause}{place}"
        )


def _is_students(filename: str) -> bool:
    path = os.path.abspath(filename)
    return not path.startswith((_HERE, _STDLIB)) and "site-packages" not in path


def classify(stack: list[traceback.FrameSummary]) -> tuple[str, str]:
    """(cause, student's line) from a stack sampled in the middle of a long step."""
    students = [f for f in stack if _is_students(f.filename)]
    where = ""
    if students:
        last = students[-1]
        where = f"line {last.lineno} in {last.name}(): {(last.line or '').strip()}"
    if any(marker in os.path.abspath(f.filename) for f in stack for marker in _HTTP_MARKERS):
        return "blocking HTTP client", where
    if stack and students and stack[-1] is students[-1]:
        line = (students[-1].line or "").replace(" ", "")
        if "sleep(" in line and "asyncio.sleep" not in line:
            return "time.sleep", where
        return "CPU-bound work", where
    return "a blocking call", where


def _coroutine_name(task: asyncio.Task[object]) -> str:
    """The task's own coroutine, or the first student coroutine it awaits (harness tasks)."""
    coro: object = task.get_coro()
    while coro is not None:
        code = getattr(coro, "cr_code", None)
        if code is not None and _is_students(code.co_filename):
            return str(getattr(coro, "__qualname__", code.co_name))
        coro = getattr(coro, "cr_await", None)
    return task.get_name()


@dataclass
class _Sample:
    coroutine: str
    cause: str
    where: str


class BlockingMonitor:
    """Watches one loop from another thread; ``events()`` lists its long steps, explained."""

    def __init__(self, loop: VirtualClockLoop, loop_thread: int) -> None:
        self._loop = loop
        self._loop_thread = loop_thread
        self._samples: dict[float, _Sample] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="aiocourse-blocking-monitor", daemon=True)

    def __enter__(self) -> BlockingMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(1.0)

    def _watch(self) -> None:
        steps = self._loop.steps
        while not self._stop.wait(_POLL_SECONDS):
            since = steps.busy_since
            if since is None or since in self._samples or perf_counter() - since < LONG_STEP_SECONDS:
                continue
            frame = sys._current_frames().get(self._loop_thread)
            if frame is None:
                continue
            stack = traceback.extract_stack(frame)
            task = asyncio.current_task(self._loop) if not self._loop.is_closed() else None
            coroutine = _coroutine_name(task) if task is not None else "?"
            cause, where = classify(stack)
            self._samples[since] = _Sample(coroutine, cause, where)

    def events(self) -> list[BlockingEvent]:
        """Every long step, longest first, with what the monitor saw during it."""
        found = []
        for started, seconds, at in self._loop.steps.long_steps:
            sample = self._samples.get(started)
            if sample is None:
                found.append(BlockingEvent(seconds, at))
            else:
                found.append(BlockingEvent(seconds, at, sample.coroutine, sample.where, sample.cause))
        return sorted(found, key=lambda e: -e.seconds)
