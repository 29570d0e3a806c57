"""An asyncio event loop whose clock jumps ahead whenever every task is waiting on a timer.

Why our own loop rather than ``looptime``: looptime fast-forwards as soon as nothing is
ready, even while a socket is waiting for a real server, so ``wait_for(http_get(), 5)``
against the course's lab server would time out at once.  The course needs one simple,
deterministic rule instead (close to trio's autojump clock, minus its real-time threshold):

* something is ready (a callback, or I/O that already arrived): run it, time stands still;
* only timers are pending: jump straight to the next one -- ``asyncio.sleep(3)`` costs
  microseconds of wall time and exactly 3 s of loop time;
* real work is pending (an executor job, ``asyncio.to_thread``, an open socket, a thread
  started during the run and still alive): time flows at the speed of the wall clock, so
  races between timers and real work keep their real order;
* nothing at all is pending: the program can never make progress again.  That is a
  deadlock, reported to the owner through ``on_stuck`` instead of waiting forever.

The selector is the only thing patched, and through public API: ``SelectorEventLoop``
accepts any ``selectors.BaseSelector``.  This module keeps only time.  The loop's selector
is also wrapped in :class:`autograder.loop_steps.MeasuredSelector`, which measures each
step of the loop in real time -- the evidence of blocking code that the virtual clock
would otherwise hide (:mod:`autograder.blocking` reads it).
"""

from __future__ import annotations

import asyncio
import os
import selectors
import sys
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.thread import _worker as _pool_worker
from time import perf_counter  # bound now: autograder.clocks may patch the time module
from typing import Any

from .loop_steps import DelegatingSelector, MeasuredSelector, StepRecord

__all__ = ["VirtualClockLoop"]

#: How long to keep listening, in real time, before calling an idle loop stuck: a
#: thread that the loop does not know about may still be about to wake it up.
STUCK_GRACE_SECONDS = 0.2
#: Longest single real-time wait while real work is pending, so the rules are re-read.
REAL_STEP_SECONDS = 0.05



class _VirtualSelector(DelegatingSelector):
    """Wraps a real selector; decides between polling, jumping and real waiting."""

    def __init__(self, loop: VirtualClockLoop) -> None:
        super().__init__(selectors.DefaultSelector())
        self._loop = loop
        self._baseline: frozenset[int] = frozenset()  # the loop's own self-pipe

    def seal_baseline(self) -> None:
        """Remember the file descriptors the loop registered for itself."""
        self._baseline = frozenset(self.inner.get_map())

    def _real_io_pending(self) -> bool:
        return any(fd not in self._baseline for fd in self.inner.get_map())

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        loop = self._loop
        ready = self.inner.select(0)
        if ready or timeout == 0:
            return ready
        if loop.real_work_pending() or self._real_io_pending():
            wait = REAL_STEP_SECONDS if timeout is None else min(timeout, REAL_STEP_SECONDS)
            started = perf_counter()
            ready = self.inner.select(wait)
            elapsed = perf_counter() - started
            loop.advance(elapsed if timeout is None else min(elapsed, timeout), real=True)
            return ready
        if timeout is None:
            ready = self.inner.select(STUCK_GRACE_SECONDS)
            if not ready:
                loop.report_stuck()
            return ready
        loop.advance(timeout)
        return []


_POOL_MODULE = os.path.join("concurrent", "futures", "thread.py")


def _a_pool_thread_is_busy() -> bool:
    """Is some ``ThreadPoolExecutor`` worker inside a job (not idle, waiting for one)?"""
    for frame in sys._current_frames().values():
        while frame is not None:
            if frame.f_code.co_name == "run" and frame.f_code.co_filename.endswith(_POOL_MODULE):
                return True
            frame = frame.f_back
    return False


def _is_idle_pool_worker(thread: threading.Thread) -> bool:
    """A ``ThreadPoolExecutor`` worker (idle or not: busy ones are seen by their frames)."""
    return getattr(thread, "_target", None) is _pool_worker


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """A selector event loop on virtual time; see the module docstring for the rules.

    ``on_stuck`` is called (from inside the loop) when no task can ever run again;
    ``on_time_limit`` when the clock would pass ``time_limit`` loop seconds.  The
    owner decides what to do -- the harness cancels the student's task.
    """

    def __init__(
        self,
        *,
        time_limit: float | None = None,
        on_stuck: Callable[[], None] | None = None,
        on_time_limit: Callable[[], None] | None = None,
    ) -> None:
        self._now = 0.0
        self._time_limit = time_limit
        self._on_stuck = on_stuck
        self._on_time_limit = on_time_limit
        self._executor_jobs: weakref.WeakSet[asyncio.Future[Any]] = weakref.WeakSet()
        #: Threads alive before the loop existed are not the run's; later ones may be.
        self._threads_before = frozenset(threading.enumerate())
        #: Loop seconds that flowed with the wall clock (real work was pending): checks on
        #: pure virtual time are exact, checks on runs with real work need a margin.
        self.real_seconds = 0.0
        clock = _VirtualSelector(self)
        measured = MeasuredSelector(clock, self.time)
        #: Real-time measurements of every step of the loop (:mod:`autograder.loop_steps`).
        self.steps: StepRecord = measured.steps
        super().__init__(measured)
        clock.seal_baseline()
        # Our own default executor, so that closing the loop never waits on a thread a
        # student left sleeping (see ``shutdown_executor``).
        self._executor = ThreadPoolExecutor(thread_name_prefix="aiocourse-executor")
        self.set_default_executor(self._executor)

    def time(self) -> float:
        return self._now

    def advance(self, seconds: float, *, real: bool = False) -> None:
        """Move the virtual clock forward, stopping at the time limit if there is one.

        ``real``: these seconds flowed with the wall clock, not by a jump to a timer.
        """
        if real:
            self.real_seconds += max(0.0, seconds)
        target = self._now + max(0.0, seconds)
        if self._time_limit is not None and target > self._time_limit:
            self._now = max(self._now, self._time_limit)
            if self._on_time_limit is not None:
                self._on_time_limit()
            return
        self._now = target

    def report_stuck(self) -> None:
        if self._on_stuck is not None:
            self._on_stuck()

    def run_in_executor(self, executor: Any, func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        future = super().run_in_executor(executor, func, *args)
        self._executor_jobs.add(future)
        return future

    def real_work_pending(self) -> bool:
        """True while an executor job is unfinished, a thread pool is running a job, or a
        thread started during the run is still alive.

        ``run_in_executor`` and ``to_thread`` are tracked directly.  A future bridged by
        hand (``asyncio.wrap_future(pool.submit(f))``) is invisible to the loop, so busy
        ``ThreadPoolExecutor`` workers count as pending work too.  So does a bare
        ``threading.Thread`` that will report back with ``call_soon_threadsafe``: while it
        lives, the loop waits for it in real time instead of calling the run deadlocked.
        """
        return (
            any(not job.done() for job in self._executor_jobs)
            or _a_pool_thread_is_busy()
            or self.threads_started_alive() > 0
        )

    def threads_started_alive(self) -> int:
        """Threads started since the loop was made, still alive: pools' and the grader's aside."""
        return sum(
            1
            for thread in threading.enumerate()
            if thread not in self._threads_before
            and not thread.name.startswith("aiocourse-")
            and not _is_idle_pool_worker(thread)
        )

    def shutdown_executor(self) -> None:
        """Drop queued executor jobs and let running ones finish on their own."""
        self._executor.shutdown(wait=False, cancel_futures=True)
