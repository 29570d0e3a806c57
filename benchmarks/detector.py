"""The blocking detector on a busy machine: false alarms on correct code, misses on blocking code.

A false alarm is a correct run whose longest hold exceeds ``BLOCKING_THRESHOLD``; a miss is a
blocking run that stays under it or is not named for its cause.  ``longest_step`` (wall time
of the longest loop step) is recorded beside it: the old rule, which a loaded machine fooled.
"""

from __future__ import annotations

import asyncio
import time

from autograder import run_virtual
from autograder.checks import BLOCKING_THRESHOLD

from .load import cpu_load


async def correct_gather() -> None:
    await asyncio.gather(*(asyncio.sleep(s) for s in (1, 2, 3)))


async def correct_many_tasks() -> None:
    async def tick(n: int) -> int:
        await asyncio.sleep(n % 7)
        return n

    await asyncio.gather(*(tick(n) for n in range(200)))


async def correct_thread() -> None:
    await asyncio.to_thread(time.sleep, 0.05)


async def blocking_sleep() -> None:
    time.sleep(0.3)


async def blocking_cpu() -> None:
    # A fixed amount of work, as a student's loop is: 0.3 s of this thread's CPU time,
    # however long a loaded machine takes to give it that much.
    end = time.thread_time() + 0.3
    while time.thread_time() < end:
        pass


CORRECT = [correct_gather, correct_many_tasks, correct_thread]
BLOCKING = [blocking_sleep, blocking_cpu]


def measure(correct_runs: int, blocking_runs: int) -> dict[str, object]:
    alarms = {f.__name__: 0 for f in CORRECT}
    wall_alarms = {f.__name__: 0 for f in CORRECT}
    for _ in range(correct_runs):
        for fn in CORRECT:
            outcome = run_virtual(fn)
            alarms[fn.__name__] += int(outcome.longest_hold > BLOCKING_THRESHOLD)
            wall_alarms[fn.__name__] += int(outcome.longest_step > BLOCKING_THRESHOLD)
    misses = {f.__name__: 0 for f in BLOCKING}
    for _ in range(blocking_runs):
        for fn in BLOCKING:
            outcome = run_virtual(fn)
            named = bool(outcome.blocking) and outcome.blocking[0].cause in ("time.sleep", "CPU-bound work")
            misses[fn.__name__] += int(outcome.longest_hold <= BLOCKING_THRESHOLD or not named)
    return {"correct_runs": correct_runs, "false_alarms": alarms, "blocking_runs": blocking_runs, "misses": misses,
            "wall_rule_false_alarms": wall_alarms}


def smoke() -> dict[str, object]:
    """CI's check (``--quick``): 20 correct and 3 blocking runs of each case, all cores busy."""
    with cpu_load():
        return measure(correct_runs=20, blocking_runs=3)
