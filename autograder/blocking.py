"""The blocking detector: which coroutine held the event loop, for how long, and why.

asyncio's debug mode reports slow callbacks ("Executing <Task ...> took 0.6 seconds"), but
it measures them with ``loop.time()`` -- on the virtual clock that reads 0 for a blocking
call, so the debug machinery cannot see blocking there.  We measure in real time instead.

Wall time alone is not evidence, though: on a busy machine the OS may leave the loop
thread waiting for a core (or for the GIL) for a quarter of a second in the middle of a
perfectly correct step.  So a step counts against a coroutine only for the time it
*held* the loop:

* the CPU time the loop thread used (``thread_time``, measured by :mod:`autograder.loop_steps`
  around every step, and read live from the thread's CPU clock by the monitor), plus
* the time the loop thread was caught *waiting inside a call* -- ``time.sleep``, a
  blocking HTTP client, ``threading``/``queue``/``subprocess`` waits, or (on Linux) any
  blocking system call other than a lock wait, read from ``/proc``.

A monitor thread polls every few milliseconds while a step runs longer than
``LONG_STEP_SECONDS``: it samples the loop thread's Python stack and the running task,
and credits each slice of the step to that task -- so two tasks that each compute for a
while in one loop iteration are two events, each with its own duration, as asyncio's own
slow-callback report would list them.  From the stack it names the probable cause and the
fix: ``time.sleep``, a blocking HTTP client, CPU-bound work, or some other blocking call.

Known blind spot: a lock acquired straight from a student's line (``lock.acquire()``,
a C call) waits in the same system call as a thread waiting for the GIL, so it is not
counted; ``threading.Event().wait()`` and friends are (their frames are in Python).
"""

from __future__ import annotations

import asyncio
import enum
import os
import platform
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from time import perf_counter

from .student_code import AUTOGRADER_DIR, STDLIB_DIR, is_student_file
from .loop_steps import LONG_STEP_SECONDS, LongStep
from .virtual_clock import VirtualClockLoop

__all__ = ["BlockingEvent", "BlockingMonitor", "Cause", "classify", "BLOCKING_THRESHOLD"]

#: A coroutine that holds the loop this long (real seconds of CPU or waiting) in one step
#: is blocking code.  Correct code needs well under a millisecond per step; the margin
#: absorbs a slow machine (see benchmarks/ for the measured flake rate).
BLOCKING_THRESHOLD = 0.25

_POLL_SECONDS = 0.005
_HTTP_MARKERS = (f"{os.sep}requests{os.sep}", f"{os.sep}urllib3{os.sep}", f"{os.sep}http{os.sep}client.py",
                 f"{os.sep}socket.py", f"{os.sep}ssl.py", f"{os.sep}urllib{os.sep}request.py")
#: Standard-library functions that wait when they are the innermost frame (the C call
#: under them -- a lock, ``select`` -- is where the thread sleeps).
_WAITING_FUNCTIONS = {
    "threading.py": {"wait", "_wait_for_tstate_lock", "join"},
    "queue.py": {"get", "put", "join"},
    "selectors.py": {"select"},
    "subprocess.py": {"_try_wait", "wait", "_wait", "communicate"},
    "connection.py": {"_recv", "_poll", "wait", "recv_bytes", "poll"},
}
#: Frames of the async machinery itself: a wait below them is asyncio's business (starting
#: an executor thread, say), not the student's blocking call.
_MACHINERY = (os.path.join(STDLIB_DIR, "asyncio"), os.path.join(STDLIB_DIR, "concurrent", "futures", "thread.py"),
              AUTOGRADER_DIR)
#: ``futex`` is where a thread waits for a lock -- and for the GIL, which a correct
#: step may do on a busy machine -- so it never counts as a blocking system call alone.
_FUTEX = {"x86_64": "202", "aarch64": "98", "arm64": "98", "i686": "240", "i386": "240"}.get(platform.machine())

class Cause(enum.StrEnum):
    """Why a coroutine held the loop, as the detector names it to the student."""

    TIME_SLEEP = "time.sleep"
    HTTP_CLIENT = "blocking HTTP client"
    CPU = "CPU-bound work"
    BLOCKING_CALL = "a blocking call"


FIXES = {
    Cause.TIME_SLEEP: "use `await asyncio.sleep(...)`: it waits without holding the loop",
    Cause.HTTP_CLIENT: (
        "use an async client (aiohttp) and `await` the request, or run the blocking call in a "
        "thread: `await asyncio.to_thread(requests.get, url)`"
    ),
    Cause.CPU: (
        "a coroutine cannot share the loop while it computes: run the computation elsewhere with "
        "`await loop.run_in_executor(process_pool, f, ...)` (or `asyncio.to_thread` if it releases "
        "the GIL, like numpy)"
    ),
    Cause.BLOCKING_CALL: "run it in a thread: `await asyncio.to_thread(function, ...)`",
}


@dataclass(frozen=True)
class BlockingEvent:
    """One coroutine holding the loop in one step: who, how long, where, why, and the fix.

    ``seconds`` is the time it *held* the loop (CPU plus waiting in a call); ``wall`` is
    how long the whole loop step took in real time, which a busy machine stretches.
    """

    seconds: float
    loop_time: float
    coroutine: str = "?"
    where: str = ""
    cause: Cause = Cause.BLOCKING_CALL
    wall: float = 0.0
    cpu: float = 0.0

    @property
    def fix(self) -> str:
        return FIXES[self.cause]

    def describe(self) -> str:
        place = f"; it was busy at {self.where}" if self.where else ""
        return (
            f"{self.coroutine}() held the event loop for {self.seconds:.2f} s -- computing, or waiting "
            f"in a call -- at loop time {self.loop_time:.2f} s, probably {self.cause}{place}"
        )


def _where(students: list[traceback.FrameSummary]) -> str:
    if not students:
        return ""
    last = students[-1]
    return f"line {last.lineno} in {last.name}(): {(last.line or '').strip()}"


def classify(stack: list[traceback.FrameSummary]) -> tuple[Cause, str]:
    """(cause, student's line) from a stack sampled in the middle of a long step."""
    students = [f for f in stack if is_student_file(f.filename)]
    where = _where(students)
    if any(marker in os.path.abspath(f.filename) for f in stack for marker in _HTTP_MARKERS):
        return Cause.HTTP_CLIENT, where
    if stack and students and stack[-1] is students[-1]:
        line = (students[-1].line or "").replace(" ", "")
        if "sleep(" in line and "asyncio.sleep" not in line:
            return Cause.TIME_SLEEP, where
        return Cause.CPU, where
    return Cause.BLOCKING_CALL, where


def waits_in_a_call(stack: list[traceback.FrameSummary]) -> bool:
    """Does the stack show the student's code waiting (not computing) in a known call?

    Only what lies below the student's innermost frame counts, and nothing that passes
    through the async machinery (``to_thread`` waiting for its new thread to start is
    asyncio's doing, and a correct program's).
    """
    positions = [i for i, f in enumerate(stack) if is_student_file(f.filename)]
    if not positions:
        return False
    deeper = [os.path.abspath(f.filename) for f in stack[positions[-1] + 1:]]
    if any(path.startswith(_MACHINERY) for path in deeper):
        return False
    if not deeper:
        line = (stack[-1].line or "").replace(" ", "")
        return "sleep(" in line and "asyncio.sleep" not in line
    innermost = stack[-1]
    waiting = _WAITING_FUNCTIONS.get(os.path.basename(innermost.filename), set())
    return innermost.name in waiting or any(marker in path for path in deeper for marker in _HTTP_MARKERS)


def _in_blocking_syscall(native_id: int) -> bool:
    """Linux: is the thread asleep in a system call other than a lock (or GIL) wait?"""
    if _FUTEX is None:
        return False
    try:
        with open(f"/proc/self/task/{native_id}/stat", "rb") as stat:
            state = stat.read().rsplit(b")", 1)[1].split()[0]
        with open(f"/proc/self/task/{native_id}/syscall", "rb") as syscall:
            number = syscall.read().split()[0].decode()
    except (OSError, IndexError):
        return False
    return state in (b"S", b"D") and number not in ("running", "-1", _FUTEX)


def _coroutine_name(task: asyncio.Task[object]) -> str:
    """The task's own coroutine, or the first student coroutine it awaits (harness tasks)."""
    coro: object = task.get_coro()
    while coro is not None:
        code = getattr(coro, "cr_code", None)
        if code is not None and is_student_file(code.co_filename):
            return str(getattr(coro, "__qualname__", code.co_name))
        coro = getattr(coro, "cr_await", None)
    return task.get_name()


@dataclass
class _Share:
    """What one coroutine did in one long step, as far as the monitor's samples saw."""

    coroutine: str
    sampled: float = 0.0  # wall time covered by samples while it ran
    cpu: float | None = 0.0  # CPU time read live between samples (None: no live clock)
    waited: float = 0.0  # time caught waiting in a call
    where: str = ""
    wait_cause: Cause | None = None


@dataclass
class _StepSamples:
    shares: dict[int, _Share] = field(default_factory=dict)  # by task
    last: tuple[float, float | None, _Share | None, bool] | None = None  # (wall, cpu, share, waiting)


class BlockingMonitor:
    """Watches one loop from another thread; ``events()`` lists who held it, explained."""

    def __init__(self, loop: VirtualClockLoop, loop_thread: int) -> None:
        self._loop = loop
        self._loop_thread = loop_thread
        self._native_id = threading.get_native_id() if threading.get_ident() == loop_thread else None
        try:
            self._cpu_clock: int | None = time.pthread_getcpuclockid(loop_thread)
        except (AttributeError, OSError):  # not on this platform: split the step's CPU by samples
            self._cpu_clock = None
        self._steps: dict[float, _StepSamples] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="aiocourse-blocking-monitor", daemon=True)

    def __enter__(self) -> BlockingMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(1.0)

    def _read_cpu(self) -> float | None:
        if self._cpu_clock is None:
            return None
        try:
            return time.clock_gettime(self._cpu_clock)
        except OSError:  # the thread is gone
            return None

    def _watch(self) -> None:
        steps = self._loop.steps
        while not self._stop.wait(_POLL_SECONDS):
            busy = steps.busy
            if busy is None or perf_counter() - busy[0] < LONG_STEP_SECONDS:
                continue
            self._sample(busy)

    def _sample(self, busy: tuple[float, float]) -> None:
        """Credit the time since the last sample (or the step's start) to the running task.

        Clock, task and frame are read first, while this thread holds the GIL (so the loop
        thread stands still); reading the stack's source lines and ``/proc`` may let it run
        on, so a sample whose step ended meanwhile is dropped (the step's tail covers it).
        """
        now, cpu = perf_counter(), self._read_cpu()
        task = asyncio.current_task(self._loop) if not self._loop.is_closed() else None
        frame = sys._current_frames().get(self._loop_thread)
        if frame is None:
            return
        stack = traceback.extract_stack(frame)
        waiting = waits_in_a_call(stack) or (
            self._native_id is not None and _in_blocking_syscall(self._native_id)
        )
        if self._loop.steps.busy is not busy:
            return
        cause, where = classify(stack)
        record = self._steps.setdefault(busy[0], _StepSamples())
        since, since_cpu = (busy[0], busy[1]) if record.last is None else record.last[:2]
        share = record.shares.get(id(task))
        if share is None:
            share = record.shares[id(task)] = _Share(_coroutine_name(task) if task is not None else "?")
        share.where = share.where or where
        if waiting and not share.wait_cause:
            share.wait_cause = Cause.BLOCKING_CALL if cause is Cause.CPU else cause
            share.where = where or share.where
        _credit(share, now - since, cpu, since_cpu, waiting)
        record.last = (now, cpu, share, waiting)

    def events(self) -> list[BlockingEvent]:
        """Every coroutine that held the loop for ``LONG_STEP_SECONDS`` or more in a step, longest first."""
        found = [event for step in self._loop.steps.long_steps for event in self._explain(step)]
        return sorted((e for e in found if e.seconds >= LONG_STEP_SECONDS), key=lambda e: -e.seconds)

    def _explain(self, step: LongStep) -> list[BlockingEvent]:
        record = self._steps.get(step.started)
        if record is None or record.last is None:  # never caught: only its CPU time is evidence
            return [BlockingEvent(step.cpu, step.at, wall=step.seconds, cpu=step.cpu, cause=Cause.CPU)]
        last_at, _, last_share, last_waiting = record.last
        tail = max(0.0, step.started + step.seconds - last_at)  # after the last sample: as it was then
        shares = []
        for original in record.shares.values():
            share = replace(original)  # events() may be asked twice: keep the samples as they are
            if original is last_share:
                share.sampled += tail
                share.waited += tail if last_waiting else 0.0
            shares.append(share)
        _split_unsampled_cpu(shares, step.cpu)
        events = []
        for share in shares:
            cpu = share.cpu or 0.0
            held = min(share.sampled, cpu + share.waited)
            cause = share.wait_cause if share.wait_cause is not None and share.waited > cpu else Cause.CPU
            events.append(BlockingEvent(held, step.at, share.coroutine, share.where, cause, step.seconds, cpu))
        return events


def _credit(share: _Share, seconds: float, cpu: float | None, since_cpu: float | None, waiting: bool) -> None:
    share.sampled += seconds
    if waiting:
        share.waited += seconds
    if cpu is None or since_cpu is None or share.cpu is None:
        share.cpu = None
    else:
        share.cpu += max(0.0, cpu - since_cpu)


def _split_unsampled_cpu(shares: list[_Share], step_cpu: float) -> None:
    """Give the CPU time no live reading covered to the shares, by their unexplained time."""
    known = sum(s.cpu for s in shares if s.cpu is not None)
    rest = max(0.0, step_cpu - known)
    weights = {id(s): max(0.0, s.sampled - s.waited - (s.cpu or 0.0)) for s in shares}
    total = sum(weights.values())
    for share in shares:
        base = share.cpu or 0.0
        part = rest * weights[id(share)] / total if total > 0 else rest / len(shares)
        share.cpu = base + part
