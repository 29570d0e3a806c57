"""Traces: what happened, when, in which task -- recorded as data, not as printed text.

Checks read ordering and overlap from a trace instead of parsing ``print`` output, so a
student may print whatever they like.  A trace is active inside a ``tracing()`` block
(the harness opens one around every run); the instrumented helpers such as
:func:`autograder.delay` call :func:`record`, which does nothing when no trace is active.
The active trace lives in a context variable, so every task created from the traced
coroutine inherits it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["Event", "Span", "Trace", "record", "tracing", "current_trace"]


@dataclass(frozen=True)
class Event:
    """One thing that happened: ``kind`` is ``start``, ``end``, ``cancel`` or ``mark``."""

    time: float
    kind: str
    label: str
    task: str | None = None

    def __str__(self) -> str:
        return f"t={self.time:7.3f}s  {self.kind:<6} {self.label}"


@dataclass(frozen=True)
class Span:
    """A labelled operation from its start to its end (or cancellation)."""

    label: str
    start: float
    end: float | None
    cancelled: bool = False

    def overlaps(self, other: Span) -> bool:
        mine_end = float("inf") if self.end is None else self.end
        theirs_end = float("inf") if other.end is None else other.end
        return self.start < theirs_end and other.start < mine_end


@dataclass
class Trace:
    """An ordered list of events with a few views that checks need."""

    events: list[Event] = field(default_factory=list)
    frozen: bool = False

    def freeze(self) -> None:
        """Ignore later events: the harness's own clean-up must not look like the student's."""
        self.frozen = True

    def add(self, kind: str, label: str) -> None:
        if self.frozen:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            now, task_name = time.monotonic(), None
        else:
            now = loop.time()
            task = asyncio.current_task(loop)
            task_name = task.get_name() if task is not None else None
        self.events.append(Event(now, kind, label, task_name))

    def labels(self, kind: str | None = None) -> list[str]:
        """``['start:a', 'end:a', ...]``, or just the labels of one kind of event."""
        if kind is None:
            return [f"{e.kind}:{e.label}" for e in self.events]
        return [e.label for e in self.events if e.kind == kind]

    def spans(self) -> list[Span]:
        """Pair every ``start`` with the next ``end``/``cancel`` of the same label."""
        open_: dict[str, list[float]] = {}
        done: list[Span] = []
        for event in self.events:
            if event.kind == "start":
                open_.setdefault(event.label, []).append(event.time)
            elif event.kind in ("end", "cancel") and open_.get(event.label):
                started = open_[event.label].pop(0)
                done.append(Span(event.label, started, event.time, event.kind == "cancel"))
        for label, starts in open_.items():
            done.extend(Span(label, s, None) for s in starts)
        return sorted(done, key=lambda s: (s.start, s.label))

    def timeline(self) -> str:
        """A readable listing, used in failure messages."""
        if not self.events:
            return "  (no traced events: did your code call the course's delay()?)"
        return "\n".join(f"  {e}" for e in self.events)


_active: ContextVar[Trace | None] = ContextVar("aiocourse_trace", default=None)


def current_trace() -> Trace | None:
    return _active.get()


def record(kind: str, label: str) -> None:
    """Record an event in the active trace, if any (a no-op outside ``tracing()``)."""
    trace = _active.get()
    if trace is not None:
        trace.add(kind, label)


@contextlib.contextmanager
def tracing(trace: Trace | None = None) -> Iterator[Trace]:
    """Make ``trace`` (or a new one) the active trace inside the block."""
    trace = trace if trace is not None else Trace()
    token = _active.set(trace)
    try:
        yield trace
    finally:
        _active.reset(token)
