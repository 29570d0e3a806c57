"""The blocking detector on a busy machine: false alarms on correct code, misses on blocking code."""

from __future__ import annotations

import asyncio
import time

from autograder import run_virtual
from autograder.checks import BLOCKING_THRESHOLD


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
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        pass


CORRECT = [correct_gather, correct_many_tasks, correct_thread]
BLOCKING = [blocking_sleep, blocking_cpu]


def measure(correct_runs: int, blocking_runs: int) -> dict[str, object]:
    alarms = {f.__name__: 0 for f in CORRECT}
    for _ in range(correct_runs):
        for fn in CORRECT:
            alarms[fn.__name__] += int(run_virtual(fn).longest_step > BLOCKING_THRESHOLD)
    misses = {f.__name__: 0 for f in BLOCKING}
    for _ in range(blocking_runs):
        for fn in BLOCKING:
            outcome = run_virtual(fn)
            named = bool(outcome.blocking) and outcome.blocking[0].cause in ("time.sleep", "CPU-bound work")
            misses[fn.__name__] += int(outcome.longest_step <= BLOCKING_THRESHOLD or not named)
    return {"correct_runs": correct_runs, "false_alarms": alarms, "blocking_runs": blocking_runs, "misses": misses}
