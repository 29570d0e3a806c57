"""aiocourse's grader: run students' coroutines on virtual time and check what they did.

The public API is re-exported here; a test cell needs nothing else::

    from autograder import run_virtual, assert_concurrent
    assert_concurrent(run_virtual(run_three, 3), durations=[3, 3, 3])
"""

from typing import TYPE_CHECKING, Any

from .checks import (
    CheckFailed,
    assert_cancelled,
    assert_concurrent,
    assert_finished,
    assert_loop_time,
    assert_no_leftover_tasks,
    assert_not_blocking,
    assert_not_cancelled,
    assert_order,
    assert_raises,
    assert_result,
    assert_sequential,
    assert_times_out,
)
from .delay import delay
from .notebook import check
from .notebook import install_failure_display as _install_failure_display
from .notebook import install_pass_line as _install_pass_line
from .outcome import Outcome, Stop
from .runner import WallClockTimeout, run_virtual
from .trace import Event, Span, Trace, record, tracing
from .virtual_clock import VirtualClockLoop

if TYPE_CHECKING:
    from .labserver import LabServer, assert_max_in_flight, start_lab_server, stop_lab_server

#: Names served by the lab server package, imported on first use: it needs aiohttp.web
#: (about a quarter of a second), which most test cells never touch.
_LAB_SERVER = frozenset({"LabServer", "assert_max_in_flight", "start_lab_server", "stop_lab_server"})


_install_pass_line()  # in a notebook: "✓ test_x — 2/2 points" under a passing test cell
_install_failure_display()  # and a failing assert as its message, like a failed check (at import: the guard keeps it)


def __getattr__(name: str) -> Any:
    if name in _LAB_SERVER:
        from . import labserver

        return getattr(labserver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CheckFailed",
    "Event",
    "LabServer",
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
    "assert_max_in_flight",
    "assert_no_leftover_tasks",
    "assert_not_blocking",
    "assert_not_cancelled",
    "assert_order",
    "assert_raises",
    "assert_result",
    "assert_sequential",
    "assert_times_out",
    "check",
    "delay",
    "record",
    "run_virtual",
    "start_lab_server",
    "stop_lab_server",
    "tracing",
]
