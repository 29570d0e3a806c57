"""run_virtual always ends with an explanation: deadlocks, endless loops, crashes, bad input."""

import asyncio
import sys
import time

from autograder import Stop, run_virtual


async def waits_for_nothing():
    await asyncio.Event().wait()


def test_deadlock_is_reported_at_once_with_the_line():
    outcome = run_virtual(waits_for_nothing, wall_timeout=30)
    assert outcome.stopped == Stop.DEADLOCK
    assert outcome.wall_time < 5  # seen by the clock, not by the 30 s guard
    assert "await asyncio.Event().wait()" in outcome.where
    assert "deadlock" in outcome.describe_failure()


def test_endless_cpu_loop_is_stopped_by_the_wall_clock_guard():
    async def spin():
        while True:
            pass

    started = time.perf_counter()
    outcome = run_virtual(spin, wall_timeout=0.5)
    assert outcome.stopped == Stop.WALL_TIMEOUT
    assert time.perf_counter() - started < 10
    assert "while True" in outcome.where
    assert "did not finish" in outcome.describe_failure()


def test_a_loop_that_swallows_cancellation_and_exceptions_is_still_stopped():
    async def stubborn():
        while True:
            try:
                while True:
                    pass
            except BaseException:  # noqa: BLE001 -- that is the point of the test
                continue

    outcome = run_virtual(stubborn, wall_timeout=0.3)
    assert outcome.stopped == Stop.WALL_TIMEOUT
    assert "could not be stopped" in outcome.where


def test_an_exception_is_data_with_the_students_traceback():
    async def broken():
        return {}["missing"]

    outcome = run_virtual(broken)
    assert isinstance(outcome.error, KeyError)
    assert "broken" in outcome.error_text and "runner.py" not in outcome.error_text
    assert "raised KeyError" in outcome.describe_failure()


def test_sys_exit_does_not_escape():
    async def quits():
        sys.exit(3)

    outcome = run_virtual(quits)
    assert isinstance(outcome.error, SystemExit)
    assert "sys.exit(3)" in outcome.describe_failure()


def test_unanswered_exercise_is_named_as_such():
    async def todo():
        raise NotImplementedError()

    assert "not written yet" in run_virtual(todo).describe_failure()


def test_a_plain_function_gets_a_hint_about_async_def():
    def not_async():
        return 42

    assert "async def" in run_virtual(not_async).describe_failure()


def test_coroutine_object_is_accepted():
    async def value():
        await asyncio.sleep(1)
        return 7

    outcome = run_virtual(value())
    assert (outcome.result, outcome.loop_time) == (7, 1.0)


def test_object_from_another_loop_gets_a_clear_message():
    other = asyncio.new_event_loop()
    try:
        foreign = other.create_future()

        async def awaits_foreign():
            return await foreign

        message = run_virtual(awaits_foreign).describe_failure()
    finally:
        other.close()
    assert "belongs to the notebook's own event loop" in message


def test_leftover_tasks_are_cancelled_and_counted():
    async def forgets_tasks():
        asyncio.get_running_loop().create_task(asyncio.sleep(100))
        return "returned early"

    outcome = run_virtual(forgets_tasks)
    assert outcome.result == "returned early"
    assert outcome.leftover_tasks == 1
    assert outcome.loop_time == 0.0


def test_blocking_call_shows_as_a_long_step_not_as_loop_time():
    async def blocks():
        time.sleep(0.3)

    outcome = run_virtual(blocks)
    assert outcome.loop_time == 0.0
    assert outcome.longest_step >= 0.3


def test_errors_asyncio_would_log_are_kept_in_the_outcome_not_printed(capsys):
    async def double_set():
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        loop.call_soon(future.set_result, 1)
        loop.call_soon(future.set_result, 2)  # InvalidStateError inside a callback
        await asyncio.sleep(0.1)
        return await future

    outcome = run_virtual(double_set)
    assert outcome.result == 1
    assert capsys.readouterr().err == ""
    assert any("InvalidStateError" in line for line in outcome.loop_errors)


def test_a_bare_thread_reporting_back_is_pending_work_not_a_deadlock():
    """A threading.Thread that sets a future with call_soon_threadsafe is real work."""
    import threading

    async def via_thread():
        loop = asyncio.get_running_loop()
        answer = loop.create_future()

        def work():
            time.sleep(0.2)
            loop.call_soon_threadsafe(answer.set_result, 42)

        threading.Thread(target=work).start()
        return await answer

    outcome = run_virtual(via_thread)
    assert outcome.ok, outcome.describe_failure()
    assert outcome.result == 42
    assert outcome.real_time_flowed > 0  # the loop waited for it in real time


def test_stderr_of_the_run_is_kept_in_the_outcome_not_printed(capsys):
    """nbgrader fails a test cell that writes to stderr: a warning must not cost points."""
    import logging
    import warnings

    async def noisy():
        print("to stderr", file=sys.stderr)
        warnings.warn("careful", UserWarning, stacklevel=1)
        logging.getLogger("aiocourse.test").warning("logged")
        return 1

    handler = logging.StreamHandler(sys.stderr)  # configured before the run, as basicConfig does
    logging.getLogger("aiocourse.test").addHandler(handler)
    try:
        outcome = run_virtual(noisy)
    finally:
        logging.getLogger("aiocourse.test").removeHandler(handler)
    assert outcome.result == 1
    assert capsys.readouterr().err == ""
    assert "to stderr" in outcome.stderr and "careful" in outcome.stderr and "logged" in outcome.stderr
    assert handler.stream is sys.stderr  # put back


def test_stderr_is_quoted_when_the_run_fails():
    async def complains():
        print("something odd", file=sys.stderr)
        raise ValueError("no")

    assert "something odd" in run_virtual(complains).describe_failure()


def test_a_never_awaited_coroutine_warning_stays_in_the_outcome(capsys):
    async def job():
        return 1

    async def forgets():
        job()  # never awaited: Python warns when it is collected

    outcome = run_virtual(forgets)
    assert "was never awaited" in outcome.stderr
    assert capsys.readouterr().err == ""


def test_wall_timeout_names_a_busy_poll():
    async def polls():
        task = asyncio.create_task(asyncio.sleep(5))
        while not task.done():
            await asyncio.sleep(0)  # the timer can never come due: no virtual time passes

    message = run_virtual(polls, wall_timeout=0.5).describe_failure()
    assert "polls in a loop" in message and "call that blocks" not in message


def test_wall_timeout_names_a_slow_thread():
    async def waits_on_a_thread():
        await asyncio.to_thread(time.sleep, 1.5)

    message = run_virtual(waits_on_a_thread, wall_timeout=0.5).describe_failure()
    assert "waiting for work in another thread" in message and "call that blocks" not in message
