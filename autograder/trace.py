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
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Event", "Span", "Trace", "record", "tracing", "current_trace"]

#: Text charts in failure messages: characters for the time axis, most rows shown.
GANTT_WIDTH, GANTT_ROWS = 40, 12


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

    @classmethod
    def from_spans(cls, spans: Iterable[tuple[str, float, float]]) -> Trace:
        """A trace of finished operations ``(label, start, end)``: an expected timeline, say."""
        events = [e for label, start, end in spans for e in (Event(start, "start", label), Event(end, "end", label))]
        return cls(sorted(events, key=lambda e: (e.time, e.kind != "end")))

    def gantt(
        self, *, until: float | None = None, width: int = GANTT_WIDTH, rows: int = GANTT_ROWS, label_width: int = 0
    ) -> str:
        """The spans as a text chart, one row per operation in start order (for messages).

        ``#`` running, ``x`` cancelled, ``-`` still running when the run ended; each row ends
        with its times.  ``until`` and ``label_width`` line two charts up.
        """
        spans = self.spans()
        if not spans:
            return "    (nothing traced)"
        end_of_time = max([until or 0.0, *(e.time for e in self.events)]) or 1.0
        label_width = label_width or min(18, max(len(s.label) for s in spans))
        lines = [f"    {'':<{label_width}} 0{'loop time (s)':^{width - 1}}{end_of_time:g}"]
        for span in spans[:rows]:
            first = min(width - 1, int(span.start / end_of_time * width))
            end = end_of_time if span.end is None else span.end
            last = max(first + 1, min(width, round(end / end_of_time * width)))
            mark = "-" if span.end is None else "x" if span.cancelled else "#"
            bar = " " * first + mark * (last - first) + " " * (width - last)
            when = f"{span.start:g}–" + ("… (still running)" if span.end is None else f"{span.end:g} s")
            when += " cancelled" if span.cancelled else ""
            lines.append(f"    {span.label[:label_width]:<{label_width}} |{bar}| {when}")
        if len(spans) > rows:
            lines.append(f"    … and {len(spans) - rows} more")
        return "\n".join(lines)

    def plot(self, title: str = "", *, ax: Any = None, expected: Trace | None = None) -> Any:
        """A Gantt chart of the traced operations on the loop-time axis; returns the figure.

        One row per label, in the order they first started; a bar from start to end (hatched and
        red when the operation was cancelled, open-ended when it never ended).  With
        ``expected``, a second panel shows that trace on the same axis, for comparison.
        Draws on ``ax`` when given (a figure of your own).  matplotlib loads on first use.
        """
        import matplotlib.pyplot as plt

        traces = [("", self)] if expected is None else [("yours", self), ("expected", expected)]
        if ax is None:
            rows = max(1, *(len({s.label for s in t.spans()}) for _, t in traces))
            fig, axes = plt.subplots(len(traces), 1, sharex=True, squeeze=False,
                                     figsize=(8, max(1.8, 0.8 + 0.4 * rows * len(traces))))
            axes = [a for (a,) in axes]
            plt.close(fig)  # shown once, as the returned value: not again by the inline backend
        else:
            fig, axes = ax.figure, [ax]
            traces = traces[:1]
        end_of_time = max([e.time for _, t in traces for e in t.events], default=1.0) or 1.0
        for axis, (name, trace) in zip(axes, traces):
            _draw_spans(axis, trace, end_of_time)
            heading = " -- ".join(part for part in (title, name) if part)
            if heading:
                axis.set_title(heading, fontsize=10, loc="left")
        axes[-1].set_xlabel("loop time (s)")
        fig.tight_layout()
        return fig

    def timeline(self) -> str:
        """A readable listing, used in failure messages."""
        if not self.events:
            return "  (no traced events: did your code call the course's delay()?)"
        return "\n".join(f"  {e}" for e in self.events)


def _draw_spans(axis: Any, trace: Trace, end_of_time: float) -> None:
    labels: list[str] = []  # one row per operation, in the order they first started
    for event in trace.events:
        if event.kind == "start" and event.label not in labels:
            labels.append(event.label)
    for span in trace.spans():
        row = labels.index(span.label)
        end = end_of_time if span.end is None else span.end
        width = max(end - span.start, end_of_time * 0.004)  # an instant still shows as a tick
        style = {"color": "tab:red", "hatch": "//", "alpha": 0.6} if span.cancelled else {"color": f"C{row % 10}"}
        if span.end is None:
            style = {"color": "lightgray", "edgecolor": "gray"}
        axis.broken_barh([(span.start, width)], (row - 0.35, 0.7), **style)
    axis.set_yticks(range(len(labels)), labels)
    axis.set_ylim(len(labels) - 0.5, -0.5)
    axis.set_xlim(0, end_of_time * 1.02)
    axis.grid(axis="x", alpha=0.3)


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
