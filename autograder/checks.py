"""One-line checks for test cells, with failure messages a student can act on.

Every check takes the :class:`Outcome` of :func:`run_virtual` and raises
:class:`CheckFailed` (an ``AssertionError``, so nbgrader and pytest count it as a failed
test) with three parts: what was expected, what happened (with loop-time figures), and a
hint.  Timing checks compare *virtual* time exactly and bound the *real* time the loop was
held, because blocking code looks instant on a virtual clock.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterable, Sequence
from typing import Any

from .outcome import Outcome

__all__ = [
    "CheckFailed",
    "assert_finished",
    "assert_result",
    "assert_loop_time",
    "assert_concurrent",
    "assert_sequential",
    "assert_order",
    "assert_cancelled",
    "assert_times_out",
    "assert_raises",
    "assert_not_blocking",
    "assert_not_cancelled",
    "assert_no_leftover_tasks",
    "BLOCKING_THRESHOLD",
    "LOOP_TIME_TOLERANCE",
]

#: Loop-time comparisons are exact up to float rounding (and real executor time).
LOOP_TIME_TOLERANCE = 0.01
#: A coroutine that holds the loop this long (real seconds of CPU or waiting) in one step
#: is blocking code.  Correct code needs well under a millisecond per step; the margin
#: absorbs a slow machine (see benchmarks/ for the measured flake rate).
BLOCKING_THRESHOLD = 0.25


class CheckFailed(AssertionError):
    """A check did not pass; the message is written for the student."""


def _fail(summary: str, expected: str, got: str, hint: str = "") -> None:
    parts = [summary, f"  expected: {expected}", f"  got:      {got}"]
    if hint:
        parts.append(f"  hint:     {hint}")
    raise CheckFailed("\n".join(parts))


def _blocking_note(outcome: Outcome) -> str:
    return outcome.blocking[0].describe() if outcome.blocking else ""


def _blocking_fix(outcome: Outcome) -> str:
    return outcome.blocking[0].fix if outcome.blocking else ""


def assert_finished(outcome: Outcome) -> None:
    """The run returned normally: no exception, no deadlock, no timeout."""
    __tracebackhide__ = True
    if not outcome.ok:
        raise CheckFailed(outcome.describe_failure())


def assert_not_blocking(outcome: Outcome, threshold: float = BLOCKING_THRESHOLD) -> None:
    """No coroutine held the loop longer than ``threshold`` real seconds in one step.

    Held means computing or waiting in a call, not merely taking long: a step that a busy
    machine stretched in wall time is not the student's fault (see :mod:`.blocking`).
    """
    __tracebackhide__ = True
    if outcome.longest_hold > threshold:
        _fail(
            f"{outcome.name}() blocked the event loop.",
            f"every step shorter than {threshold:.2f} s of real time",
            _blocking_note(outcome),
            "while the loop is blocked no other task can run: " + _blocking_fix(outcome) + ".",
        )


def assert_result(outcome: Outcome, expected: Any) -> None:
    """The run finished and returned ``expected`` (compared with ``==``)."""
    __tracebackhide__ = True
    assert_finished(outcome)
    if outcome.result != expected:
        if inspect.iscoroutine(outcome.result):
            outcome.result.close()  # no "never awaited" warning on stderr in a later cell
        _fail(
            f"{outcome.name}() returned the wrong value.",
            repr(expected),
            repr(outcome.result),
            "check what your coroutine returns -- did you forget `return`, or an `await`?"
            if outcome.result is None or _is_awaitable_repr(outcome.result)
            else "",
        )


def _is_awaitable_repr(value: Any) -> bool:
    return type(value).__name__ in {"coroutine", "Task", "Future"}


def assert_loop_time(
    outcome: Outcome, expected: float, *, tolerance: float = LOOP_TIME_TOLERANCE, hint: str = ""
) -> None:
    """The run took ``expected`` seconds of loop time and never blocked the loop."""
    __tracebackhide__ = True
    assert_finished(outcome)
    if not math.isclose(outcome.loop_time, expected, abs_tol=tolerance):
        blocked = outcome.longest_hold > BLOCKING_THRESHOLD
        _fail(
            f"{outcome.name}() took the wrong amount of time.",
            f"{expected:g} s of loop time",
            f"{outcome.loop_time:.3f} s of loop time"
            + (f"; and {_blocking_note(outcome)}" if blocked else ""),
            hint or (_blocking_fix(outcome) + "." if blocked else ""),
        )
    assert_not_blocking(outcome)


def assert_concurrent(outcome: Outcome, durations: Sequence[float]) -> None:
    """Operations of these durations ran at the same time: total = the longest, not the sum."""
    __tracebackhide__ = True
    longest, total = max(durations), sum(durations)
    hint = ""
    if len(durations) > 1 and math.isclose(outcome.loop_time, total, abs_tol=LOOP_TIME_TOLERANCE):
        hint = (
            f"{outcome.loop_time:g} s is the sum of {list(durations)}: the operations ran one after "
            "another. Start them all before awaiting any (asyncio.gather, create_task or a TaskGroup)."
        )
    assert_loop_time(outcome, longest, hint=hint)


def assert_sequential(outcome: Outcome, durations: Sequence[float]) -> None:
    """Operations of these durations ran one after another: total = the sum."""
    __tracebackhide__ = True
    longest, total = max(durations), sum(durations)
    hint = ""
    if len(durations) > 1 and math.isclose(outcome.loop_time, longest, abs_tol=LOOP_TIME_TOLERANCE):
        hint = (
            f"{outcome.loop_time:g} s is only the longest of {list(durations)}: the operations overlapped. "
            "Here each one must finish before the next one starts: await them one by one."
        )
    assert_loop_time(outcome, total, hint=hint)


def assert_order(outcome: Outcome, expected: Iterable[str], *, kind: str | None = None) -> None:
    """Traced events happened in this order.

    With ``kind=None`` the items are ``'start:<label>'``, ``'end:<label>'``, ...; with
    ``kind='end'`` (say) they are bare labels of that kind of event.
    """
    __tracebackhide__ = True
    assert_finished(outcome)
    expected = list(expected)
    got = outcome.trace.labels(kind)
    if got != expected:
        _fail(
            f"{outcome.name}() did things in the wrong order.",
            ", ".join(expected) or "(nothing)",
            ", ".join(got) or "(nothing traced)",
            "here is what happened, in loop time:\n" + outcome.trace.timeline(),
        )


def assert_cancelled(outcome: Outcome, label: str | None = None, *, at: float | None = None) -> None:
    """A traced operation (``label``) was cancelled -- at loop time ``at`` if given.

    With no label: the run itself ended because it was cancelled.
    """
    __tracebackhide__ = True
    if label is None:
        import asyncio

        if not isinstance(outcome.error, asyncio.CancelledError) or outcome.stopped is not None:
            _fail(f"{outcome.name}() should have been cancelled.", "asyncio.CancelledError", _how_it_ended(outcome))
        return
    cancels = [e for e in outcome.trace.events if e.kind == "cancel" and e.label == label]
    if not cancels:
        _fail(
            f"{label} was not cancelled.",
            f"{label} cancelled" + (f" at loop time {at:g} s" if at is not None else ""),
            "it was never cancelled; here is what happened:\n" + outcome.trace.timeline(),
            "call .cancel() on the task that runs it (or let asyncio.wait_for do it).",
        )
    if at is not None and not math.isclose(cancels[0].time, at, abs_tol=LOOP_TIME_TOLERANCE):
        _fail(
            f"{label} was cancelled at the wrong time.",
            f"at loop time {at:g} s",
            f"at loop time {cancels[0].time:.3f} s",
        )


def assert_not_cancelled(outcome: Outcome, label: str) -> None:
    """The traced operation ``label`` ran to its end: nothing cancelled it."""
    __tracebackhide__ = True
    if label in outcome.trace.labels("cancel"):
        _fail(
            f"{label} was cancelled, but it should have been left to finish.",
            f"{label} finishes",
            "it was cancelled; here is what happened:\n" + outcome.trace.timeline(),
        )


def assert_no_leftover_tasks(outcome: Outcome) -> None:
    """Every task the run started had finished (or was cancelled) when it returned."""
    __tracebackhide__ = True
    if outcome.leftover_tasks:
        _fail(
            f"{outcome.name}() returned while {outcome.leftover_tasks} of its task(s) were still running.",
            "no task left running when the coroutine returns",
            f"{outcome.leftover_tasks} task(s) still running (the grader cancelled them)",
            "await every task you create, or cancel it (and await it) before returning.",
        )


def assert_raises(
    outcome: Outcome, error_type: type[BaseException], *, at: float | None = None, match: str | None = None
) -> None:
    """The run ended with ``error_type`` (at loop time ``at``; its message containing ``match``)."""
    __tracebackhide__ = True
    error = outcome.error
    if outcome.stopped is not None or not isinstance(error, error_type):
        _fail(
            f"{outcome.name}() should have raised {error_type.__name__}.",
            error_type.__name__ + (f" at loop time {at:g} s" if at is not None else ""),
            _how_it_ended(outcome),
            "let the exception propagate: do not catch it, or re-raise it with `raise`.",
        )
    if match is not None and match not in str(error):
        _fail(f"{outcome.name}() raised {error_type.__name__} with the wrong message.", repr(match), repr(str(error)))
    if at is not None and not math.isclose(outcome.loop_time, at, abs_tol=LOOP_TIME_TOLERANCE):
        _fail(
            f"{outcome.name}() raised {error_type.__name__} at the wrong time.",
            f"at loop time {at:g} s",
            f"at loop time {outcome.loop_time:.3f} s",
        )


def assert_times_out(outcome: Outcome, after: float) -> None:
    """The run raised ``TimeoutError`` after exactly ``after`` seconds of loop time."""
    __tracebackhide__ = True
    if outcome.stopped is not None or not isinstance(outcome.error, TimeoutError):
        _fail(
            f"{outcome.name}() should have given up with a TimeoutError.",
            f"TimeoutError after {after:g} s of loop time",
            _how_it_ended(outcome),
            "asyncio.wait_for(aw, timeout=...) raises TimeoutError when time runs out; let it propagate.",
        )
    if not math.isclose(outcome.loop_time, after, abs_tol=LOOP_TIME_TOLERANCE):
        _fail(
            f"{outcome.name}() timed out at the wrong time.",
            f"after {after:g} s of loop time",
            f"after {outcome.loop_time:.3f} s",
        )
    assert_not_blocking(outcome)


def _how_it_ended(outcome: Outcome) -> str:
    if outcome.ok:
        return f"it returned {outcome.result!r} after {outcome.loop_time:.3f} s of loop time"
    return outcome.describe_failure()
