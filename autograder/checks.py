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

from .blocking import BLOCKING_THRESHOLD
from .notebook import render_check_failure
from .outcome import Outcome
from .trace import Span, Trace

__all__ = [
    "CheckFailed",
    "fail_check",
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
    "VIRTUAL_TIME_TOLERANCE",
    "tolerance_for",
]

#: Loop time that only jumped from timer to timer is exact: compare up to float rounding,
#: so a 10 ms polling loop that ends 4 ms late is told apart from the right answer.
VIRTUAL_TIME_TOLERANCE = 1e-6
#: When real work was pending (a thread, an executor job, a socket), loop time flowed with
#: the wall clock for a while, and the comparison needs this margin.
LOOP_TIME_TOLERANCE = 0.01


def tolerance_for(outcome: Outcome) -> float:
    """How closely a run's loop time can be compared: exact unless real time flowed."""
    return LOOP_TIME_TOLERANCE if outcome.real_time_flowed > 0 else VIRTUAL_TIME_TOLERANCE


class CheckFailed(AssertionError):
    """A check did not pass; the message is written for the student.

    In a notebook, IPython shows it as that message under one line naming the test cell's
    line (``_render_traceback_``), not as a traceback through the harness.
    """

    #: Where timing was the lesson: (the run's trace, the expected one or None).  The message
    #: ends with both drawn as text (``charts``); a notebook draws them as a picture instead.
    timelines: tuple[Trace, Trace | None] | None = None
    charts: str = ""

    def _render_traceback_(self) -> list[str]:
        return render_check_failure(self)


def fail_check(
    summary: str, expected: str, got: str, hint: str = "", *, timelines: tuple[Trace, Trace | None] | None = None
) -> None:
    """Raise :class:`CheckFailed` with the three parts every check's message has.

    ``timelines``: the student's trace and the expected one, drawn under the message when
    the run traced anything (a timing check's failure is easiest to read as a picture).
    """
    parts = [summary, f"  expected: {expected}", f"  got:      {got}"]
    if hint:
        parts.append(f"  hint:     {hint}")
    charts = _charts(*timelines) if timelines is not None else ""
    error = CheckFailed("\n".join(parts) + charts)
    if charts:
        error.timelines, error.charts = timelines, charts
    raise error


def _charts(yours: Trace, expected: Trace | None) -> str:
    if not yours.spans():
        return ""
    traces = [t for t in (yours, expected) if t is not None]
    until = max([e.time for t in traces for e in t.events], default=0.0)
    width = min(18, max(len(s.label) for t in traces for s in t.spans()))
    text = "\n  your timeline:\n" + yours.gantt(until=until, label_width=width)
    if expected is not None:
        text += "\n  expected timeline:\n" + expected.gantt(until=until, label_width=width)
    return text


def _all_at_once(durations: Sequence[float]) -> Trace:
    return Trace.from_spans((f"operation {i}", 0.0, d) for i, d in enumerate(durations, 1))


def _one_after_another(durations: Sequence[float]) -> Trace:
    starts = [sum(durations[:i]) for i in range(len(durations))]
    return Trace.from_spans((f"operation {i}", s, s + d) for i, (s, d) in enumerate(zip(starts, durations), 1))


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
        fail_check(
            f"{outcome.name}() blocked the event loop.",
            f"no coroutine holding the loop {threshold:.2f} s or more in one step (computing or waiting in a call)",
            _blocking_note(outcome),
            "while the loop is blocked no other task can run: " + _blocking_fix(outcome) + ".",
        )


def assert_result(outcome: Outcome, expected: Any) -> None:
    """The run finished and returned ``expected`` (compared with ``==``)."""
    __tracebackhide__ = True
    assert_finished(outcome)
    if not expected == outcome.result:  # the expected value's own == first: never the student object's
        if inspect.iscoroutine(outcome.result):
            outcome.result.close()  # no "never awaited" warning on stderr in a later cell
        fail_check(
            f"{outcome.name}() returned the wrong value.",
            repr(expected),
            repr(outcome.result),
            "check what your coroutine returns -- did you forget `return`, or an `await`?"
            if outcome.result is None or _is_awaitable_repr(outcome.result)
            else "",
        )
    odd = _unlike(expected, outcome.result)
    if odd:
        fail_check(f"{outcome.name}() returned a value of another type than expected: {odd}.",
                   repr(expected), repr(outcome.result),
                   "return plain values (str, int, list, tuple, dict...) as the exercise asks, not an object "
                   "of your own class")


_NUMBER_MODULES = ("builtins", "numpy")


def _unlike(expected: Any, got: Any) -> str:
    """Why ``got`` is not a plain value of ``expected``'s kind ("" if it is).

    ``==`` lets the right-hand object answer when the left one does not know it: a ``str``
    subclass whose ``__eq__`` always says yes would equal every expected string.  So a
    result must be of the expected value's exact built-in type, all the way down (numbers:
    any int or float, numpy's included, never a class of the student's).
    """
    kind = type(expected)
    if isinstance(expected, (int, float)) and kind is not bool:
        ok = isinstance(got, (int, float)) and type(got).__module__ in _NUMBER_MODULES
        return "" if ok else f"{type(got).__name__} where a number was expected"
    if kind in (str, bytes, bool, type(None), set, frozenset) and type(got) is not kind:
        return f"{type(got).__name__} where a {kind.__name__} was expected"
    if kind in (list, tuple):
        if type(got) is not kind:
            return f"{type(got).__name__} where a {kind.__name__} was expected"
        return next((why for e, g in zip(expected, got) if (why := _unlike(e, g))), "")
    if kind is dict:
        if type(got) is not dict:
            return f"{type(got).__name__} where a dict was expected"
        return next((why for key, e in expected.items() if key in got and (why := _unlike(e, got[key]))), "")
    return ""


def _is_awaitable_repr(value: Any) -> bool:
    return type(value).__name__ in {"coroutine", "Task", "Future"}


def assert_loop_time(
    outcome: Outcome,
    expected: float,
    *,
    tolerance: float | None = None,
    hint: str = "",
    expected_timeline: Trace | None = None,
) -> None:
    """The run took ``expected`` seconds of loop time and never blocked the loop.

    ``tolerance`` defaults to :func:`tolerance_for`: exact on pure virtual time.  On failure
    the run's timeline is drawn under the message, beside ``expected_timeline`` if given.

    Precondition: the run returned normally.  On a run that raised it fails and says so, and
    names the check for that case: ``assert_raises(outcome, ErrorType, at=seconds)``.
    """
    __tracebackhide__ = True
    if outcome.stopped is None and outcome.error is not None:
        raise CheckFailed(
            outcome.describe_failure() + "\n  note:     assert_loop_time measures a run that returned normally, and "
            f"this one raised {type(outcome.error).__name__}. If it was meant to raise, check when with "
            f"assert_raises(outcome, {type(outcome.error).__name__}, at=seconds) instead."
        )
    assert_finished(outcome)
    if tolerance is None:
        tolerance = tolerance_for(outcome)
    if not math.isclose(outcome.loop_time, expected, abs_tol=tolerance):
        blocked = outcome.longest_hold > BLOCKING_THRESHOLD
        fail_check(
            f"{outcome.name}() took the wrong amount of time.",
            f"{expected:g} s of loop time",
            f"{outcome.loop_time:.6g} s of loop time"
            + (f"; and {_blocking_note(outcome)}" if blocked else ""),
            hint or (_blocking_fix(outcome) + "." if blocked else ""),
            timelines=(outcome.trace, expected_timeline),
        )
    assert_not_blocking(outcome)


def assert_concurrent(outcome: Outcome, durations: Sequence[float]) -> None:
    """Operations of these durations ran at the same time: total = the longest, not the sum."""
    __tracebackhide__ = True
    longest, total = max(durations), sum(durations)
    hint = ""
    if len(durations) > 1 and math.isclose(outcome.loop_time, total, abs_tol=tolerance_for(outcome)):
        hint = (
            f"{outcome.loop_time:g} s is the sum of {list(durations)}: the operations ran one after "
            "another. Start them all before awaiting any (asyncio.gather, create_task or a TaskGroup)."
        )
    assert_loop_time(outcome, longest, hint=hint, expected_timeline=_all_at_once(durations))


def assert_sequential(outcome: Outcome, durations: Sequence[float]) -> None:
    """Operations of these durations ran one after another, in this order.

    The total loop time is their sum; and when the run traced its operations (``delay``),
    the trace must show exactly these durations, in this order, none overlapping another --
    so two overlapping waits padded with an extra sleep to the right total do not pass.
    """
    __tracebackhide__ = True
    longest, total = max(durations), sum(durations)
    hint = ""
    if len(durations) > 1 and math.isclose(outcome.loop_time, longest, abs_tol=tolerance_for(outcome)):
        hint = (
            f"{outcome.loop_time:g} s is only the longest of {list(durations)}: the operations overlapped. "
            "Here each one must finish before the next one starts: await them one by one."
        )
    assert_loop_time(outcome, total, hint=hint, expected_timeline=_one_after_another(durations))
    spans = outcome.trace.spans()
    if spans:
        _assert_one_after_another(outcome, spans, durations)


def _assert_one_after_another(outcome: Outcome, spans: list[Span], durations: Sequence[float]) -> None:
    __tracebackhide__ = True
    tolerance = tolerance_for(outcome)
    for before, after in zip(spans, spans[1:]):
        if before.overlaps(after) and not math.isclose(before.end or 0.0, after.start, abs_tol=tolerance):
            fail_check(
                f"{outcome.name}() ran {before.label} and {after.label} at the same time.",
                "each operation finishes before the next one starts",
                f"{after.label} started at {after.start:g} s, while {before.label} ran until "
                + ("the end" if before.end is None else f"{before.end:g} s"),
                "await each operation before you start the next one.",
                timelines=(outcome.trace, _one_after_another(durations)),
            )
    taken = [span.end - span.start for span in spans if span.end is not None]
    if len(taken) == len(spans) and len(spans) == len(durations) and not all(
        math.isclose(got, want, abs_tol=tolerance) for got, want in zip(taken, durations)
    ):
        fail_check(
            f"{outcome.name}() ran its operations in the wrong order or for the wrong time.",
            "one after another, taking " + ", ".join(f"{d:g} s" for d in durations),
            ", ".join(f"{s.label} {t:g} s" for s, t in zip(spans, taken)),
            timelines=(outcome.trace, _one_after_another(durations)),
        )


def assert_order(outcome: Outcome, expected: Iterable[str], *, kind: str | None = None) -> None:
    """Traced events happened in this order.

    With ``kind=None`` the items are ``'start:<label>'``, ``'end:<label>'``, ...; with
    ``kind='end'`` (say) they are bare labels of that kind of event.
    """
    __tracebackhide__ = True
    assert_finished(outcome)
    expected = list(expected)
    got = outcome.trace.labels(kind)
    if got != expected and not outcome.trace.events:
        fail_check(
            f"{outcome.name}() did none of the traced steps.",
            ", ".join(expected) or "(nothing)",
            "nothing was traced",
            "the grader sees the steps that the course's delay(seconds, label) records: "
            "await delay(...) with the labels the exercise asks for (asyncio.sleep is not traced).",
        )
    if got != expected:
        fail_check(
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
            fail_check(f"{outcome.name}() should have been cancelled.", "asyncio.CancelledError", _how_it_ended(outcome))
        return
    cancels = [e for e in outcome.trace.events if e.kind == "cancel" and e.label == label]
    if not cancels and outcome.cancelled_not_awaited:
        fail_check(
            f"{outcome.name}() cancelled {label} but returned before it had stopped.",
            f"{label} cancelled, and stopped, before {outcome.name}() returns",
            "task.cancel() only asks the task to stop; it was still running when your coroutine returned",
            _AWAIT_AFTER_CANCEL,
        )
    if not cancels:
        fail_check(
            f"{label} was not cancelled.",
            f"{label} cancelled" + (f" at loop time {at:g} s" if at is not None else ""),
            "it was never cancelled; here is what happened:\n" + outcome.trace.timeline(),
            "call .cancel() on the task that runs it (or let asyncio.wait_for do it).",
        )
    if at is not None and not math.isclose(cancels[0].time, at, abs_tol=tolerance_for(outcome)):
        fail_check(
            f"{label} was cancelled at the wrong time.",
            f"at loop time {at:g} s",
            f"at loop time {cancels[0].time:.6g} s",
        )


def assert_not_cancelled(outcome: Outcome, label: str) -> None:
    """The traced operation ``label`` ran to its end before the run returned: nothing cancelled it."""
    __tracebackhide__ = True
    if label in outcome.trace.labels("cancel") or (
        outcome.cancelled_not_awaited and label not in outcome.trace.labels("end")
    ):
        fail_check(
            f"{label} was cancelled, but it should have been left to finish.",
            f"{label} finishes",
            "it was cancelled; here is what happened:\n" + outcome.trace.timeline(),
        )
    if label not in outcome.trace.labels("end"):
        fail_check(
            f"{label} had not finished when {outcome.name}() returned.",
            f"{label} finishes before {outcome.name}() returns",
            "it never ended; here is what happened:\n" + outcome.trace.timeline(),
            "await it (or the task that runs it) before you return.",
        )


_AWAIT_AFTER_CANCEL = (
    "after task.cancel(), await the task (catching its CancelledError) so that it has really "
    "stopped -- or let asyncio.wait_for / asyncio.timeout cancel it, which wait for you."
)


def assert_no_leftover_tasks(outcome: Outcome) -> None:
    """Every task the run started had finished (or was cancelled *and* awaited) when it returned."""
    __tracebackhide__ = True
    if outcome.cancelled_not_awaited:
        fail_check(
            f"{outcome.name}() returned while {outcome.cancelled_not_awaited} task(s) it had cancelled "
            "were still stopping.",
            "no task left running when the coroutine returns",
            "task.cancel() was called, but the task was not awaited, so it was still running",
            _AWAIT_AFTER_CANCEL,
        )
    if outcome.leftover_tasks:
        fail_check(
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
        fail_check(
            f"{outcome.name}() should have raised {error_type.__name__}.",
            error_type.__name__ + (f" at loop time {at:g} s" if at is not None else ""),
            _how_it_ended(outcome),
            "let the exception propagate: do not catch it, or re-raise it with `raise`.",
        )
    if match is not None and match not in str(error):
        fail_check(f"{outcome.name}() raised {error_type.__name__} with the wrong message.", repr(match), repr(str(error)))
    if at is not None and not math.isclose(outcome.loop_time, at, abs_tol=tolerance_for(outcome)):
        fail_check(
            f"{outcome.name}() raised {error_type.__name__} at the wrong time.",
            f"at loop time {at:g} s",
            f"at loop time {outcome.loop_time:.6g} s",
        )


def assert_times_out(outcome: Outcome, after: float) -> None:
    """The run raised ``TimeoutError`` after exactly ``after`` seconds of loop time."""
    __tracebackhide__ = True
    if outcome.stopped is not None or not isinstance(outcome.error, TimeoutError):
        fail_check(
            f"{outcome.name}() should have given up with a TimeoutError.",
            f"TimeoutError after {after:g} s of loop time",
            _how_it_ended(outcome),
            "asyncio.wait_for(aw, timeout=...) raises TimeoutError when time runs out; let it propagate.",
        )
    if not math.isclose(outcome.loop_time, after, abs_tol=tolerance_for(outcome)):
        fail_check(
            f"{outcome.name}() timed out at the wrong time.",
            f"after {after:g} s of loop time",
            f"after {outcome.loop_time:.6g} s",
        )
    assert_not_blocking(outcome)


def _how_it_ended(outcome: Outcome) -> str:
    if outcome.ok:
        return f"it returned {outcome.result!r} after {outcome.loop_time:.6g} s of loop time"
    return outcome.describe_failure()
