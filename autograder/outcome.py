"""What one run of a student's coroutine produced, and how to explain it to the student."""

from __future__ import annotations

import asyncio
import enum
import traceback
from dataclasses import dataclass, field
from typing import Any

from .blocking import BLOCKING_THRESHOLD, BlockingEvent
from .notebook import cell_label
from .student_code import is_student_file
from .trace import Trace

__all__ = ["Outcome", "Stop"]



#: Loop turns within one wall-clock timeout that mean "spinning": a correct run of these
#: exercises takes a few dozen; a busy poll takes hundreds of thousands (hundreds on a
#: machine so loaded that the poll barely runs).
_SPINNING_STEPS = 200


class Stop(enum.StrEnum):
    """Why the harness ended a run early (the values of ``Outcome.stopped``)."""

    DEADLOCK = "deadlock"
    TIME_LIMIT = "loop-time limit"
    WALL_TIMEOUT = "wall-clock timeout"


@dataclass
class Outcome:
    """The result of :func:`autograder.run_virtual`: data for checks to judge.

    ``loop_time`` is virtual (what ``asyncio.sleep`` sees); ``wall_time`` is real.
    ``longest_step`` is the longest wall time one loop iteration took; ``blocking`` says
    which coroutines *held* the loop (CPU, or waiting in a call) and for how long -- the
    evidence of blocking code, which virtual time alone cannot show, and which a busy
    machine cannot fake (see :mod:`autograder.blocking`).
    """

    name: str
    result: Any = None
    error: BaseException | None = None
    error_text: str = ""
    loop_time: float = 0.0
    wall_time: float = 0.0
    longest_step: float = 0.0
    longest_step_at: float = 0.0
    trace: Trace = field(default_factory=Trace)
    stopped: str | None = None
    where: str = ""  # the student's line the run was stuck on, when stopped
    leftover_tasks: int = 0  # tasks still running when the student's coroutine returned
    cancelled_not_awaited: int = 0  # of those, how many had been cancelled (but not awaited)
    blocking: list[BlockingEvent] = field(default_factory=list)  # long steps, longest first
    loop_errors: list[str] = field(default_factory=list)  # what asyncio would have logged to stderr
    stderr: str = ""  # what the run wrote to stderr (warnings, logging), kept out of the test cell
    loop_steps: int = 0  # iterations of the event loop
    real_time_flowed: float = 0.0  # loop seconds that passed in real time (real work was pending)
    waiting_for_threads: bool = False  # when stopped: the loop sat idle, waiting on other threads

    @property
    def longest_hold(self) -> float:
        """The longest time one coroutine held the loop in one step (0 if none did)."""
        return self.blocking[0].seconds if self.blocking else 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.stopped is None

    def describe_failure(self) -> str:
        """Explain, in the student's terms, why the run did not finish normally."""
        if self.stopped == Stop.DEADLOCK:
            return (
                f"{self.name}() can never finish: at loop time {self.loop_time:.6g} s every task was "
                "waiting, no timer was set and no I/O or thread was pending -- a deadlock."
                f"{self._where()}\nHint: is something awaiting a Future or Event that nobody sets?"
                + ("\nThe event loop also reported: " + "; ".join(self.loop_errors[:3]) if self.loop_errors else "")
            )
        if self.stopped == Stop.TIME_LIMIT:
            return (
                f"{self.name}() was still running after {self.loop_time:.0f} s of loop time, so the "
                f"grader stopped it.{self._where()}\nHint: look for a loop that never ends."
            )
        if self.stopped == Stop.WALL_TIMEOUT:
            return (
                f"{self.name}() did not finish within {self.wall_time:.1f} s of real time, so the grader "
                f"stopped it.{self._where()}\n{self._why_so_long()}{self._stderr()}"
            )
        error = self.error
        if error is None:
            return ""
        if isinstance(error, NotImplementedError):
            return f"{self.name}() is not written yet: it still raises NotImplementedError."
        if isinstance(error, SystemExit):
            return f"{self.name}() called sys.exit({error.code!r}); a coroutine should return a value instead."
        if isinstance(error, RuntimeError) and _is_foreign_loop_error(error):
            return (
                f"{self.name}() used an object that belongs to the notebook's own event loop, not to "
                "the loop the grader runs your code on.\nHint: create futures, events, locks and "
                "tasks inside your async function, not at the top level of a cell."
            )
        if isinstance(error, asyncio.CancelledError):
            return (
                f"{self.name}() was cancelled before it returned.{self._details()}\nHint: awaiting a task "
                "that was cancelled raises CancelledError in the awaiting coroutine too: after "
                "task.cancel(), catch it around `await task` (or use asyncio.wait_for / asyncio.timeout)."
            )
        return f"{self.name}() raised {type(error).__name__}: {error}{self._details()}"

    def _why_so_long(self) -> str:
        """Which of three different mistakes kept the run going: the hint must name the right one."""
        if self.longest_hold > BLOCKING_THRESHOLD:
            return f"Hint: {self.blocking[0].describe()} -- {self.blocking[0].fix}."
        if self.waiting_for_threads:
            return (
                "Hint: the event loop was free, waiting for work in another thread (to_thread, "
                "run_in_executor, a Thread) that did not finish: work in a thread takes real time, "
                "so keep it short, and make sure the thread ends."
            )
        # A CPU loop or time.sleep holds one step (caught above); hundreds of steps in the same
        # few seconds mean the loop kept turning: some coroutine awaits without ever waiting.
        if self.loop_steps >= _SPINNING_STEPS and self.loop_time == 0:
            return (
                f"Hint: the event loop turned {self.loop_steps:,} times without ever waiting: something "
                "polls in a loop (`while not done: await asyncio.sleep(0)`) instead of awaiting the "
                "thing it waits for (the task, future or Event itself)."
            )
        if self.loop_steps >= _SPINNING_STEPS:
            return (
                f"Hint: the event loop turned {self.loop_steps:,} times: a loop that keeps awaiting "
                "without ever finishing (`asyncio.sleep(0)` in a `while` loop never lets a timer come due)."
            )
        return "Hint: an endless loop, or a call that blocks (time.sleep, a busy CPU loop) instead of awaiting."

    def _where(self) -> str:
        return f"\nIt was at: {self.where}" if self.where else ""

    def _stderr(self) -> str:
        if not self.stderr.strip():
            return ""
        lines = self.stderr.strip().splitlines()
        shown = "\n".join(f"    {line}" for line in lines[-6:])
        return f"\nYour code wrote to stderr{' (last lines)' if len(lines) > 6 else ''}:\n{shown}"

    def _details(self) -> str:
        details = f"\n{self.error_text}" if self.error_text else ""
        if self.loop_errors:
            details += "\nThe event loop also reported: " + "; ".join(self.loop_errors[:3])
        return details + self._stderr()


def _is_foreign_loop_error(error: RuntimeError) -> bool:
    text = str(error)
    return "attached to a different loop" in text or "bound to a different event loop" in text


def student_traceback(error: BaseException) -> str:
    """The traceback of ``error`` in the student's frames only (:mod:`.student_code`)."""
    frames = [
        f
        for f in traceback.extract_tb(error.__traceback__)
        if is_student_file(f.filename)
    ]
    if not frames:
        return ""
    for frame in frames:
        frame.filename = cell_label(frame.filename)  # "Cell In[5]", as the notebook shows it
    lines = traceback.format_list(frames[-5:])
    return "Traceback (your code, most recent call last):\n" + "".join(lines).rstrip()
