"""How long the event loop was held between two selects: the raw evidence of blocking code.

A *step* of a selector event loop is everything it does between two calls to
``selector.select``: the callbacks, the task steps, the student's code.  Correct asyncio
code keeps each step far below a millisecond; ``time.sleep``, a CPU loop or ``requests``
hold one step for as long as they run.  On the virtual clock ``loop.time()`` stands still
during a step, so steps are measured here in real time instead, twice: in wall time
(``perf_counter``) and in the loop thread's CPU time (``thread_time``).  Wall time alone
cannot tell blocking code from a loop thread that the OS left waiting on a busy machine;
CPU time can.  :mod:`autograder.blocking` turns these measurements into verdicts.

The measurement is a selector wrapper, so any selector event loop can carry it; the
virtual clock (:mod:`autograder.virtual_clock`) wraps its own selector in it and keeps
only time.
"""

from __future__ import annotations

import selectors
from collections.abc import Callable
from time import perf_counter, thread_time  # bound now: autograder.clocks may patch the time module
from typing import Any, NamedTuple

__all__ = ["StepRecord", "LongStep", "DelegatingSelector", "MeasuredSelector", "LONG_STEP_SECONDS"]

#: Steps at least this long (real seconds) are kept individually, for blocking reports.
LONG_STEP_SECONDS = 0.05


class LongStep(NamedTuple):
    """One loop iteration that ran for at least ``LONG_STEP_SECONDS`` of wall time."""

    started: float  # perf_counter when the loop left select
    seconds: float  # wall time until it came back to select
    at: float  # loop time of the step
    cpu: float  # CPU time the loop thread used in it


class StepRecord:
    """Every step's length, summed up, with the long ones kept one by one.

    ``busy`` is ``(wall, cpu)`` at which the loop left its last select, or ``None`` while
    it waits in select: a monitor thread reads it to catch a step in the act.
    """

    __slots__ = ("longest", "longest_at", "total", "count", "busy", "long_steps")

    def __init__(self) -> None:
        self.longest = 0.0  # the longest wall time one loop iteration ran callbacks
        self.longest_at = 0.0  # loop time when that iteration started
        self.total = 0.0  # wall time spent running callbacks, in all iterations
        self.count = 0  # loop iterations so far
        self.busy: tuple[float, float] | None = None
        self.long_steps: list[LongStep] = []

    def add(self, started: float, seconds: float, at: float, cpu: float) -> None:
        self.count += 1
        self.total += seconds
        if seconds > self.longest:
            self.longest, self.longest_at = seconds, at
        if seconds >= LONG_STEP_SECONDS:
            self.long_steps.append(LongStep(started, seconds, at, cpu))


class DelegatingSelector(selectors.BaseSelector):
    """A selector that hands registrations to ``inner``; subclasses decide how to ``select``."""

    def __init__(self, inner: selectors.BaseSelector) -> None:
        self.inner = inner

    def register(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.inner.register(fileobj, events, data)

    def unregister(self, fileobj: Any) -> selectors.SelectorKey:
        return self.inner.unregister(fileobj)

    def modify(self, fileobj: Any, events: int, data: Any = None) -> selectors.SelectorKey:
        return self.inner.modify(fileobj, events, data)

    def get_map(self) -> Any:
        return self.inner.get_map()

    def close(self) -> None:
        self.inner.close()


class MeasuredSelector(DelegatingSelector):
    """A selector that records, in ``steps``, the time the loop spent outside it.

    ``loop_time`` reads the loop's clock, so that each long step says *when* (in loop
    time) it happened.
    """

    def __init__(self, inner: selectors.BaseSelector, loop_time: Callable[[], float]) -> None:
        super().__init__(inner)
        self.steps = StepRecord()
        self._loop_time = loop_time
        self._left_select_at: tuple[float, float] | None = None  # (wall, cpu)

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        steps = self.steps
        entered, entered_cpu = perf_counter(), thread_time()
        steps.busy = None
        if self._left_select_at is not None:
            left, left_cpu = self._left_select_at
            steps.add(left, entered - left, self._loop_time(), entered_cpu - left_cpu)
        try:
            return self.inner.select(timeout)
        finally:
            self._left_select_at = steps.busy = (perf_counter(), thread_time())

