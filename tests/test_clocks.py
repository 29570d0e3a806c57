"""With patch_clocks=True, code that times itself with the time module sees loop time."""

import asyncio
import threading
import time

from autograder import run_virtual
from autograder.clocks import _REAL, _REAL_DATETIME


async def timed_nap():
    started_perf, started_wall, started_mono = time.perf_counter(), time.time(), time.monotonic()
    await asyncio.sleep(3)
    return (
        time.perf_counter() - started_perf,
        time.time() - started_wall,
        time.monotonic() - started_mono,
    )


def test_time_module_reads_loop_time_inside_the_run():
    outcome = run_virtual(timed_nap, patch_clocks=True)
    assert outcome.result == (3.0, 3.0, 3.0)
    assert outcome.wall_time < 1.0


def test_without_the_option_the_time_module_stays_real():
    perf, _, _ = run_virtual(timed_nap).result
    assert perf < 1.0


def test_other_threads_keep_real_time_and_the_module_is_restored():
    seen = []

    async def looks_elsewhere():
        await asyncio.sleep(100)
        worker = threading.Thread(target=lambda: seen.append(time.monotonic()))
        worker.start()
        worker.join()
        return time.monotonic()

    before = time.monotonic()
    outcome = run_virtual(looks_elsewhere, patch_clocks=True)
    assert seen[0] - before < 50  # the other thread did not jump 100 s ahead
    assert outcome.result - seen[0] > 50  # the run's own thread did
    assert all(getattr(time, name) is real for name, real in _REAL.items())  # restored
    assert abs(time.monotonic() - before) < 50


def test_names_imported_from_time_follow_loop_time_too():
    space = {}
    exec(
        "import asyncio\n"
        "from time import perf_counter, monotonic_ns\n"
        "async def measured():\n"
        "    start, start_ns = perf_counter(), monotonic_ns()\n"
        "    await asyncio.sleep(2)\n"
        "    return perf_counter() - start, monotonic_ns() - start_ns\n",
        space,
    )
    outcome = run_virtual(space["measured"], patch_clocks=True)
    seconds, nanoseconds = outcome.result
    assert seconds == 2.0 and abs(nanoseconds - 2_000_000_000) < 1000
    assert space["perf_counter"] is _REAL["perf_counter"]  # restored after the run


def test_timeit_and_datetime_follow_loop_time_however_imported():
    """Patching follows the clock, not its spelling: module attribute or imported name."""
    space = {}
    exec(
        "import asyncio, datetime, timeit\n"
        "from datetime import datetime as dt\n"
        "from timeit import default_timer\n"
        "async def measured():\n"
        "    starts = timeit.default_timer(), default_timer(), datetime.datetime.now(), dt.now()\n"
        "    await asyncio.sleep(2.5)\n"
        "    ends = timeit.default_timer(), default_timer(), datetime.datetime.now(), dt.now()\n"
        "    return [end - start for start, end in zip(starts[:2], ends[:2])] + [\n"
        "        (end - start).total_seconds() for start, end in zip(starts[2:], ends[2:])]\n",
        space,
    )
    outcome = run_virtual(space["measured"], patch_clocks=True)
    assert outcome.ok, outcome.describe_failure()
    assert [round(x, 3) for x in outcome.result] == [2.5, 2.5, 2.5, 2.5]
    import datetime
    import timeit

    assert datetime.datetime is _REAL_DATETIME and space["dt"] is _REAL_DATETIME
    assert timeit.default_timer is _REAL["perf_counter"]
    assert (datetime.datetime.now() - _REAL_DATETIME.now()).total_seconds() < 1
