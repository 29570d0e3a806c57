"""Step measurement is its own layer: any selector event loop can carry it, not only the clock's."""

from __future__ import annotations

import asyncio
import selectors
import time

from autograder.loop_steps import LONG_STEP_SECONDS, MeasuredSelector
from autograder.virtual_clock import VirtualClockLoop


def run_on_a_stock_loop(coro_fn) -> MeasuredSelector:
    selector = MeasuredSelector(selectors.DefaultSelector(), time.monotonic)
    loop = asyncio.SelectorEventLoop(selector)
    try:
        loop.run_until_complete(coro_fn())
    finally:
        loop.close()
    return selector


def test_a_blocking_sleep_is_one_long_step_with_no_cpu():
    async def blocks():
        time.sleep(0.12)

    steps = run_on_a_stock_loop(blocks).steps
    assert len(steps.long_steps) == 1, steps.long_steps
    step = steps.long_steps[0]
    assert step.seconds >= 0.12 and steps.longest >= 0.12
    assert step.cpu < step.seconds / 2  # sleeping holds the loop without computing


def test_waiting_in_select_is_not_a_step():
    async def waits():
        await asyncio.sleep(0.12)  # a real timer on a stock loop: the time passes inside select

    steps = run_on_a_stock_loop(waits).steps
    assert steps.long_steps == [] and steps.longest < LONG_STEP_SECONDS
    assert steps.count >= 2 and steps.busy is not None  # the loop has left its last select


def test_the_virtual_clock_loop_reports_the_steps_its_selector_measured():
    loop = VirtualClockLoop()
    try:
        async def blocks():
            await asyncio.sleep(5)  # a jump: no wall time
            time.sleep(0.06)

        loop.run_until_complete(blocks())
        assert loop.time() == 5
        assert [round(step.at) for step in loop.steps.long_steps] == [5]
    finally:
        loop.close()
