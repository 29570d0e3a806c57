"""``run_virtual``: run a student's coroutine function on virtual time, safely, and report.

A notebook cell already runs inside the kernel's event loop, so the student's code gets a
fresh :class:`VirtualClockLoop` in a worker thread of its own (no ``nest_asyncio``).  The
harness receives a coroutine *function* and its arguments and calls it on that loop, so
every future, task and event the code makes belongs to the right loop.

Three guards make sure a run always ends with an explanation:

* a deadlock (nothing can ever run again) is seen by the virtual clock at once;
* an endless ``await asyncio.sleep(...)`` loop hits ``loop_time_limit`` (virtual seconds);
* anything that holds the thread (a CPU loop, ``time.sleep``) hits ``wall_timeout``
  (real seconds): the task is cancelled, then an exception is raised inside the thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import inspect
import linecache
import sys
import threading
from time import perf_counter  # bound now: autograder.clocks may patch the time module
from collections.abc import Callable
from types import FrameType
from typing import Any

from .blocking import BlockingMonitor
from .clocks import virtual_clocks
from .capture import captured_stderr
from .outcome import Outcome, Stop, student_traceback
from .student_code import is_student_file
from .trace import tracing
from .virtual_clock import VirtualClockLoop

__all__ = ["run_virtual", "WallClockTimeout", "DEFAULT_WALL_TIMEOUT"]

#: Real seconds a run may take.  Correct solutions on virtual time need milliseconds.
DEFAULT_WALL_TIMEOUT = 5.0
#: Virtual seconds a run may take (one hour of pretend time).
DEFAULT_LOOP_TIME_LIMIT = 3600.0
#: How many times a run that keeps waiting after being cancelled is cancelled again.
_MAX_CANCELS = 3



class WallClockTimeout(BaseException):
    """Raised inside a worker thread that outlived its wall-clock budget.

    A ``BaseException`` so that a student's ``except Exception`` cannot swallow it.
    """


class NotACoroutineError(TypeError):
    """The function handed to the harness did not return an awaitable."""


def run_virtual(
    fn: Callable[..., Any] | Any,
    /,
    *args: Any,
    wall_timeout: float = DEFAULT_WALL_TIMEOUT,
    loop_time_limit: float = DEFAULT_LOOP_TIME_LIMIT,
    patch_clocks: bool = False,
    **kwargs: Any,
) -> Outcome:
    """Run ``fn(*args, **kwargs)`` to completion on virtual time and return an :class:`Outcome`.

    ``fn`` is normally an ``async def`` function; a coroutine object is accepted too.
    Never raises because of the student's code: every failure is in the outcome.
    With ``patch_clocks=True``, ``time.time()``/``perf_counter()``/``monotonic()`` read
    loop time inside the run (for code that times itself; see :mod:`autograder.clocks`).
    """
    run = _Run(fn, args, kwargs, loop_time_limit, patch_clocks)
    with captured_stderr() as stderr:
        thread = threading.Thread(target=run.drive, name=f"aiocourse-run-{run.outcome.name}", daemon=True)
        thread.start()
        try:
            finished = run.done.wait(wall_timeout)
        except KeyboardInterrupt:  # the kernel was interrupted while we waited: stop the run too
            run.stop(thread, Stop.WALL_TIMEOUT)
            raise
        if not finished:
            run.stop(thread, Stop.WALL_TIMEOUT)
            run.outcome.wall_time = max(run.outcome.wall_time, wall_timeout)
        gc.collect()  # "coroutine ... was never awaited" is warned when one is collected: now, here
    run.outcome.stderr = stderr.text()
    return run.outcome


class _Run:
    """The state shared between the caller's thread and the loop's worker thread."""

    def __init__(
        self, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any], limit: float, patch_clocks: bool
    ) -> None:
        self.patch_clocks = patch_clocks
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.outcome = Outcome(name=_name_of(fn))
        self.done = threading.Event()
        self.loop: VirtualClockLoop | None = None
        self.task: asyncio.Task[Any] | None = None
        self.limit = limit
        self.cancels = 0
        self.returned = False  # set when the student's coroutine has returned or raised

    # In the worker thread ---------------------------------------------------------
    def drive(self) -> None:
        outcome = self.outcome
        loop = VirtualClockLoop(
            time_limit=self.limit,
            on_stuck=lambda: self._halt(Stop.DEADLOCK),
            on_time_limit=lambda: self._halt(Stop.TIME_LIMIT),
        )
        self.loop = loop
        loop.set_exception_handler(self._loop_error)
        asyncio.set_event_loop(loop)
        started = perf_counter()
        clocks = (
            virtual_clocks(loop.time, _namespaces_of(self.fn)) if self.patch_clocks else contextlib.nullcontext()
        )
        monitor: BlockingMonitor | None = None
        try:
            with tracing(outcome.trace):
                self.task = loop.create_task(self._main(), name=outcome.name)
            with clocks, BlockingMonitor(loop, threading.get_ident()) as monitor:
                outcome.result = loop.run_until_complete(self.task)
        except BaseException as error:  # noqa: BLE001 -- the student's error is data here
            outcome.error = error
            outcome.error_text = student_traceback(error)
        finally:
            outcome.wall_time = perf_counter() - started
            outcome.loop_time = loop.time()
            outcome.longest_step = loop.steps.longest
            outcome.longest_step_at = loop.steps.longest_at
            outcome.loop_steps = loop.steps.count
            outcome.real_time_flowed = loop.real_seconds
            if monitor is not None:
                outcome.blocking = monitor.events()
            self._close(loop)
            self.done.set()

    def _loop_error(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """Keep what asyncio would log (to stderr, which nbgrader scores as a failed test)."""
        error = context.get("exception")
        message = str(context.get("message", "error in the event loop"))
        self.outcome.loop_errors.append(f"{message}: {type(error).__name__}: {error}" if error else message)

    async def _main(self) -> Any:
        try:
            value = self.fn(*self.args, **self.kwargs) if callable(self.fn) else self.fn
            if not inspect.isawaitable(value):
                raise NotACoroutineError(
                    f"{self.outcome.name}() returned {value!r} instead of a coroutine: "
                    "is it defined with `async def`?"
                )
            return await value
        finally:
            self._returned()

    def _returned(self) -> None:
        """The student's coroutine has just returned (or raised): take stock *now*.

        A task that was cancelled but not awaited is still running at this moment; it
        finishes in the loop's next turn.  Counting leftovers later (when the harness
        closes the loop) would miss it, and its ``cancel`` event would look like the
        student's doing -- so the count is taken, and the trace frozen, here.
        """
        self.returned = True
        current = asyncio.current_task()
        running = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        self.outcome.leftover_tasks = len(running)
        self.outcome.cancelled_not_awaited = sum(1 for t in running if t.cancelling())
        self.outcome.trace.freeze()

    def _halt(self, reason: str) -> None:
        """Called by the loop itself: record why, and cancel the student's task."""
        loop, task = self.loop, self.task
        if self.outcome.stopped is None:
            self.outcome.stopped = reason
            self.outcome.where = _where_tasks_wait(loop) if loop is not None else ""
        self.cancels += 1
        if task is None or task.done():
            return
        if self.cancels > _MAX_CANCELS and loop is not None:
            loop.stop()  # it swallows cancellation: give up on it
        else:
            task.cancel(msg=f"stopped by the grader: {reason}")

    def _close(self, loop: VirtualClockLoop) -> None:
        self.outcome.trace.freeze()  # cancelling leftovers below is not the student's doing
        try:
            leftovers = [t for t in asyncio.all_tasks(loop) if not t.done()]
            if not self.returned:  # the loop was stopped under it: count what is left now
                self.outcome.leftover_tasks = len(leftovers)
            for task in leftovers:
                task.cancel()
            if leftovers:
                loop.run_until_complete(asyncio.wait(leftovers, timeout=1.0))
            loop.run_until_complete(loop.shutdown_asyncgens())
        except BaseException:  # noqa: BLE001 -- a broken run must not break the caller
            pass
        finally:
            loop.shutdown_executor()
            asyncio.set_event_loop(None)
            if not loop.is_running():
                loop.close()

    # In the caller's thread ---------------------------------------------------------
    def stop(self, thread: threading.Thread, reason: str) -> None:
        """Stop a run that outlived its wall-clock budget; give up after a few tries."""
        if self.outcome.stopped is None:
            self.outcome.stopped = reason
            self.outcome.where = _where_thread_is(thread)
            self.outcome.waiting_for_threads = self._waiting_for_threads()
        loop, task = self.loop, self.task
        if loop is not None and task is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:  # closed in the meantime
                pass
        for _ in range(_MAX_CANCELS):
            if self.done.wait(0.3):
                return
            if thread.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread.ident), ctypes.py_object(WallClockTimeout)
                )
            if self.done.wait(0.7):
                return
        self.outcome.where += " (it could not be stopped and keeps running in the background)"


    def _waiting_for_threads(self) -> bool:
        """Was the loop idle, waiting for work in other threads (not holding its own)?"""
        loop = self.loop
        try:
            return loop is not None and loop.steps.busy is None and loop.real_work_pending()
        except RuntimeError:  # a set changed size while we looked: call it unknown
            return False


def _namespaces_of(fn: Any) -> list[Any]:
    """The module globals of the function under test (a notebook's namespace, for a cell)."""
    target = getattr(fn, "__wrapped__", fn)
    space = getattr(target, "__globals__", None) or getattr(getattr(fn, "cr_frame", None), "f_globals", None)
    return [space] if space is not None else []


def _name_of(fn: Any) -> str:
    return str(getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or type(fn).__name__)


def _is_students(frame: FrameType) -> bool:
    return is_student_file(frame.f_code.co_filename)


def _describe(frame: FrameType) -> str:
    code = frame.f_code
    text = linecache.getline(code.co_filename, frame.f_lineno, frame.f_globals).strip()
    return f"line {frame.f_lineno} in {code.co_name}(): {text}" if text else f"line {frame.f_lineno} in {code.co_name}()"


def _where_tasks_wait(loop: VirtualClockLoop) -> str:
    """The deepest student frame of every waiting task: where each one is stuck."""
    places: list[str] = []
    for task in asyncio.all_tasks(loop):
        awaitable: Any = task.get_coro()
        deepest: FrameType | None = None
        while awaitable is not None:
            frame = getattr(awaitable, "cr_frame", None) or getattr(awaitable, "gi_frame", None)
            if frame is not None and _is_students(frame):
                deepest = frame
            awaitable = getattr(awaitable, "cr_await", None) or getattr(awaitable, "gi_yieldfrom", None)
        if deepest is not None and (place := _describe(deepest)) not in places:
            places.append(place)
    return "; ".join(places[:3])


def _where_thread_is(thread: threading.Thread) -> str:
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None and not _is_students(frame):
        frame = frame.f_back
    return _describe(frame) if frame is not None else ""
