"""aiocourse's grader: run students' coroutines on virtual time and check what they did.

The public API is re-exported here; a test cell needs nothing else::

    from autograder import run_virtual, assert_concurrent
    assert_concurrent(run_virtual(run_three, 3), durations=[3, 3, 3])
"""

from .checks import (
    CheckFailed,
    assert_cancelled,
    assert_concurrent,
    assert_finished,
    assert_loop_time,
    assert_not_blocking,
    assert_order,
    assert_result,
    assert_sequential,
    assert_times_out,
)
from .delay import delay
from .outcome import Outcome, Stop
from .runner import WallClockTimeout, run_virtual
from .trace import Event, Span, Trace, record, tracing
from .virtual_clock import VirtualClockLoop

__all__ = [
    "CheckFailed",
    "Event",
    "Outcome",
    "Span",
    "Stop",
    "Trace",
    "VirtualClockLoop",
    "WallClockTimeout",
    "assert_cancelled",
    "assert_concurrent",
    "assert_finished",
    "assert_loop_time",
    "assert_not_blocking",
    "assert_order",
    "assert_result",
    "assert_sequential",
    "assert_times_out",
    "delay",
    "record",
    "run_virtual",
    "tracing",
]
