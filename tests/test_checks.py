"""Each check passes right code, fails wrong code, and says why in the student's terms."""

import asyncio
import time

import pytest

from autograder import (
    CheckFailed,
    assert_cancelled,
    assert_concurrent,
    assert_loop_time,
    assert_no_leftover_tasks,
    assert_not_blocking,
    assert_not_cancelled,
    assert_order,
    assert_raises,
    assert_result,
    assert_sequential,
    assert_times_out,
    delay,
    run_virtual,
)


async def together():
    return await asyncio.gather(delay(3, "a", quiet=True), delay(2, "b", quiet=True))


async def in_turn():
    return [await delay(3, "a", quiet=True), await delay(2, "b", quiet=True)]


async def blocking():
    time.sleep(0.4)
    return [3, 2]


def failure(check, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as caught:
        check(*args, **kwargs)
    return str(caught.value)


def test_concurrent_passes_overlap_and_names_the_sum_when_sequential():
    assert_concurrent(run_virtual(together), [3, 2])
    message = failure(assert_concurrent, run_virtual(in_turn), [3, 2])
    assert "expected: 3 s of loop time" in message
    assert "one after another" in message


def test_sequential_passes_one_by_one_and_names_overlap():
    assert_sequential(run_virtual(in_turn), [3, 2])
    assert "overlapped" in failure(assert_sequential, run_virtual(together), [3, 2])


def test_blocking_code_fails_timing_checks_with_a_blocking_hint():
    message = failure(assert_concurrent, run_virtual(blocking), [3, 2])
    assert "held the event loop for 0.4" in message and "await asyncio.sleep" in message
    assert "blocked the event loop" in failure(assert_not_blocking, run_virtual(blocking))


def test_result_check_hints_at_a_missing_await():
    async def forgets_await():
        return delay(1)

    outcome = run_virtual(forgets_await)
    assert "forget `return`, or an `await`" in failure(assert_result, outcome, 1)
    outcome.result.close()


def test_result_check_explains_the_students_exception():
    async def broken():
        raise ValueError("nope")

    assert "raised ValueError: nope" in failure(assert_result, run_virtual(broken), 1)


def test_loop_time_check_is_exact():
    async def waits(seconds):
        await asyncio.sleep(seconds)

    assert_loop_time(run_virtual(waits, 2), 2)
    assert "expected: 2 s" in failure(assert_loop_time, run_virtual(waits, 2.5), 2)


def test_order_check_shows_the_timeline():
    assert_order(run_virtual(in_turn), ["start:a", "end:a", "start:b", "end:b"])
    assert_order(run_virtual(together), ["b", "a"], kind="end")
    message = failure(assert_order, run_virtual(together), ["a", "b"], kind="end")
    assert "t=  2.000s  end    b" in message


def test_cancelled_check_reads_the_trace():
    async def watchdog():
        task = asyncio.create_task(delay(10, "slow", quiet=True))
        await asyncio.sleep(4)
        task.cancel()
        await asyncio.wait({task})
        return "cancelled it"

    assert_cancelled(run_virtual(watchdog), "slow", at=4)
    assert "at the wrong time" in failure(assert_cancelled, run_virtual(watchdog), "slow", at=5)
    assert "was not cancelled" in failure(assert_cancelled, run_virtual(in_turn), "a")


def test_cancelling_without_awaiting_is_not_cancelled_yet():
    """task.cancel() then return: the task stops in the loop's next turn, after the coroutine
    returned -- counted as still running, and told apart from a task never cancelled."""

    async def cancels_and_leaves():
        task = asyncio.create_task(delay(10, "slow", quiet=True))
        await asyncio.sleep(4)
        task.cancel()
        return "cancelled it"

    outcome = run_virtual(cancels_and_leaves)
    assert outcome.leftover_tasks == 1 and outcome.cancelled_not_awaited == 1
    assert "returned before it had stopped" in failure(assert_cancelled, outcome, "slow", at=4)
    assert "await the task" in failure(assert_no_leftover_tasks, outcome)


def test_cancelled_check_without_label_wants_the_run_cancelled():
    async def cancels_itself():
        asyncio.current_task().cancel()
        await asyncio.sleep(1)

    assert_cancelled(run_virtual(cancels_itself))
    assert "should have been cancelled" in failure(assert_cancelled, run_virtual(in_turn))


def test_times_out_check():
    async def impatient():
        await asyncio.wait_for(asyncio.sleep(10), timeout=1.5)

    async def patient():
        await asyncio.wait_for(asyncio.sleep(1), timeout=1.5)

    assert_times_out(run_virtual(impatient), after=1.5)
    assert "TimeoutError after 1.5 s" in failure(assert_times_out, run_virtual(patient), after=1.5)


def test_checks_explain_a_deadlock_instead_of_comparing_numbers():
    async def stuck():
        await asyncio.get_running_loop().create_future()

    assert "deadlock" in failure(assert_concurrent, run_virtual(stuck), [1, 2])


def test_cleanup_by_the_grader_is_not_a_cancellation_by_the_student():
    async def waits_without_cancelling():
        task = asyncio.create_task(delay(10, "fetch", quiet=True))
        await asyncio.wait([task], timeout=2)
        return "gave up"  # but never cancelled the task

    outcome = run_virtual(waits_without_cancelling)
    assert "was not cancelled" in failure(assert_cancelled, outcome, "fetch")
    assert "still running" in failure(assert_no_leftover_tasks, outcome)


def test_not_cancelled_check():
    async def cancels():
        task = asyncio.create_task(delay(10, "job", quiet=True))
        await asyncio.sleep(1)
        task.cancel()

    assert_not_cancelled(run_virtual(in_turn), "a")
    assert "should have been left to finish" in failure(assert_not_cancelled, run_virtual(cancels), "job")
    assert_no_leftover_tasks(run_virtual(in_turn))


def test_raises_check_wants_the_type_the_message_and_the_time():
    async def fails_later():
        await asyncio.sleep(2)
        raise KeyError("unknown name")

    assert_raises(run_virtual(fails_later), KeyError, at=2, match="unknown name")
    assert "should have raised ValueError" in failure(assert_raises, run_virtual(fails_later), ValueError)
    assert "wrong message" in failure(assert_raises, run_virtual(fails_later), KeyError, match="other")
    assert "at the wrong time" in failure(assert_raises, run_virtual(fails_later), KeyError, at=1)
    assert "returned [3, 2]" in failure(assert_raises, run_virtual(in_turn), KeyError)


def test_loop_time_is_exact_on_pure_virtual_time():
    """A 10 ms polling loop ends a few ms late: on pure virtual time that is a wrong answer."""

    async def polls_every_10ms():
        task = asyncio.create_task(delay(1.234, "job", quiet=True))
        while not task.done():
            await asyncio.sleep(0.01)
        return task.result()

    outcome = run_virtual(polls_every_10ms)
    assert outcome.real_time_flowed == 0
    assert "wrong amount of time" in failure(assert_loop_time, outcome, 1.234)


def test_sequential_reads_the_trace_not_only_the_total():
    async def overlapped_then_padded():  # 3 + 2 overlapping, padded to the 5 s total
        await asyncio.gather(delay(3, "a", quiet=True), delay(2, "b", quiet=True))
        await asyncio.sleep(2)

    assert "at the same time" in failure(assert_sequential, run_virtual(overlapped_then_padded), [3, 2])

    async def wrong_order():
        await delay(2, "b", quiet=True)
        await delay(3, "a", quiet=True)

    assert "wrong order" in failure(assert_sequential, run_virtual(wrong_order), [3, 2])


def test_the_package_exports_what_it_imports():
    """``from autograder import *`` gives every public name, and nothing it lacks."""
    import autograder

    exported = set(autograder.__all__)
    for name in exported:
        assert getattr(autograder, name) is not None
    public = {name for name in vars(autograder) if not name.startswith("_") and name[0].isalpha()}
    modules = {name for name in public if type(getattr(autograder, name)).__name__ == "module"}
    assert public - modules - {"TYPE_CHECKING", "Any", "annotations"} <= exported


def test_order_check_on_an_empty_trace_says_nothing_was_traced():
    async def untraced():
        await asyncio.sleep(1)

    message = failure(assert_order, run_virtual(untraced), ["start:a", "end:a"])
    assert "nothing was traced" in message and "wrong order" not in message


def test_a_failed_timing_check_draws_both_timelines_as_text():
    with pytest.raises(CheckFailed) as caught:
        assert_concurrent(run_virtual(in_turn), [3, 2])
    message, error = str(caught.value), caught.value
    yours, expected = message.split("  your timeline:\n")[1].split("\n  expected timeline:\n")
    rows = {line.split()[0]: line for line in yours.splitlines()[1:]}
    assert rows["a"].endswith("| 0–3 s") and rows["b"].endswith("| 3–5 s")
    assert [line.split("|")[-1] for line in expected.splitlines()[1:]] == [" 0–3 s", " 0–2 s"]
    # one axis for both, so the bars line up: the right edge is the later end, 5 s
    assert yours.splitlines()[0].rstrip().endswith("5") and expected.splitlines()[0].rstrip().endswith("5")
    assert error.timelines is not None and error.timelines[0].spans() and error.charts in message


def test_a_run_that_traced_nothing_gets_no_chart():
    async def untraced():
        await asyncio.sleep(1)

    message = failure(assert_loop_time, run_virtual(untraced), 2)
    assert "timeline" not in message


def test_loop_time_on_a_run_that_raised_names_assert_raises():
    """assert_loop_time's precondition is a run that returned; a test that uses it on a run
    meant to raise is told which check fits (a student's own test is a user of it too)."""

    async def gives_up():
        await asyncio.sleep(4)
        raise ConnectionError("down")

    outcome = run_virtual(gives_up)
    message = failure(assert_loop_time, outcome, 4)
    assert "ConnectionError" in message and "assert_raises(outcome, ConnectionError, at=seconds)" in message
    assert_raises(outcome, ConnectionError, at=4)


def test_result_check_is_not_fooled_by_an_object_that_equals_everything():
    class Loud(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    async def forged():
        return [Loud("hello")]

    async def honest_numbers():
        return [3.0, 2]  # floats for ints are fine: a number is a number

    message = failure(assert_result, run_virtual(forged), ["HELLO!"])
    assert "Loud where a str was expected" in message
    assert_result(run_virtual(honest_numbers), [3, 2])
