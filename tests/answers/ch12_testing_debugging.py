"""Sample submissions for 12_testing_debugging: right ones in three styles, and wrong ones.

Every exercise has three correct answers in different styles (``correct``, ``alternative``,
``third_way``) and at least three misconceptions that real students write. A misconception
variant may break several exercises at once (the tests are independent); ``messages`` names
what each failed test must tell the student.
"""

from submissions import Variant

FULL = {"test_retry_with_backoff": 4, "test_process": 3, "test_check_retry": 4}

CORRECT = {
    "retry_with_backoff": (
        "async def retry_with_backoff(op, attempts, base):\n"
        "    for attempt in range(attempts):\n"
        "        try:\n"
        "            return await op()\n"
        "        except Exception:\n"
        "            if attempt == attempts - 1:\n"
        "                raise\n"
        "            await asyncio.sleep(base * 2 ** attempt)\n"
    ),
    "process": (
        "async def process(records):\n"
        "    store = []\n"
        "    results = await asyncio.gather(*(save(r, store) for r in records), return_exceptions=True)\n"
        "    errors = [str(r) for r in results if isinstance(r, Exception)]\n"
        "    await audit(store)\n"
        "    return sorted(store), errors\n"
    ),
    "check_retry": (
        "from autograder import assert_loop_time, assert_raises, assert_result\n\n"
        "def check_retry(retry):\n"
        "    assert_result(run_virtual(retry, flaky(2), 3, 1), 'ok')\n"
        "    assert_loop_time(run_virtual(retry, flaky(2), 3, 1), 5)\n"
        "    failed = run_virtual(retry, flaky(5), 3, 1)\n"
        "    assert_raises(failed, ConnectionError, at=5)\n"
    ),
}

# Correct: a while loop with a doubling wait; tasks awaited one by one in try/except;
# a test that reads the attempts' start times from the trace.
ALTERNATIVE = {
    "retry_with_backoff": (
        "async def retry_with_backoff(op, attempts, base):\n"
        "    wait = base\n"
        "    left = attempts\n"
        "    while True:\n"
        "        left -= 1\n"
        "        try:\n"
        "            return await op()\n"
        "        except Exception:\n"
        "            if left == 0:\n"
        "                raise\n"
        "        await asyncio.sleep(wait)\n"
        "        wait *= 2\n"
    ),
    "process": (
        "async def process(records):\n"
        "    store, errors = [], []\n"
        "    tasks = [asyncio.create_task(save(r, store)) for r in records]\n"
        "    for task in tasks:\n"
        "        try:\n"
        "            await task\n"
        "        except ValueError as error:\n"
        "            errors.append(str(error))\n"
        "    await audit(store)\n"
        "    return sorted(store), errors\n"
    ),
    "check_retry": (
        "def check_retry(retry):\n"
        "    ok = run_virtual(retry, flaky(3), 4, 2)\n"
        "    starts = [e.time for e in ok.trace.events if e.kind == 'start']\n"
        "    assert starts == [0, 3, 6, 9], starts\n"
        "    assert ok.result == 'ok' and ok.loop_time == 10\n"
        "    bad = run_virtual(retry, flaky(10), 2, 2)\n"
        "    assert isinstance(bad.error, ConnectionError), bad.result\n"
        "    assert bad.loop_time == 4, bad.loop_time\n"
    ),
}

# Correct: recursion; a TaskGroup whose tasks catch their own errors; an outcome-field test
# with several cases in a loop.
THIRD_WAY = {
    "retry_with_backoff": (
        "async def retry_with_backoff(op, attempts, base):\n"
        "    try:\n"
        "        return await op()\n"
        "    except asyncio.CancelledError:\n"
        "        raise\n"
        "    except Exception:\n"
        "        if attempts <= 1:\n"
        "            raise\n"
        "    await asyncio.sleep(base)\n"
        "    return await retry_with_backoff(op, attempts - 1, base * 2)\n"
    ),
    "process": (
        "async def process(records):\n"
        "    store = []\n"
        "    errors = [None] * len(records)\n"
        "    async def guarded(i, record):\n"
        "        try:\n"
        "            await save(record, store)\n"
        "        except ValueError as error:\n"
        "            errors[i] = str(error)\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        for i, record in enumerate(records):\n"
        "            group.create_task(guarded(i, record))\n"
        "    await audit(store)\n"
        "    return sorted(store), [e for e in errors if e is not None]\n"
    ),
    "check_retry": (
        "def check_retry(retry):\n"
        "    for failures, attempts, wait, result, end in [(0, 3, 5, 'ok', 1), (1, 2, 5, 'ok', 7),\n"
        "                                                  (2, 2, 5, None, 7), (3, 4, 0.5, 'ok', 5.5)]:\n"
        "        outcome = run_virtual(retry, flaky(failures), attempts, wait)\n"
        "        if result is None:\n"
        "            assert isinstance(outcome.error, ConnectionError)\n"
        "        else:\n"
        "            assert outcome.result == result\n"
        "        assert abs(outcome.loop_time - end) < 1e-9, (failures, outcome.loop_time)\n"
    ),
}


def wrong(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


def failing(*tests: str) -> dict[str, float]:
    return {**FULL, **{test: 0 for test in tests}}


RETRY_WITH = (
    "async def retry_with_backoff(op, attempts, base):\n"
    "    for attempt in range(attempts):\n"
    "        try:\n"
    "            return await op()\n"
    "        {catch}:\n"
    "            if attempt == attempts - 1:\n"
    "                raise\n"
    "            {sleep}\n"
)


def retry_with(catch: str = "except Exception", sleep: str = "await asyncio.sleep(base * 2 ** attempt)") -> str:
    return RETRY_WITH.format(catch=catch, sleep=sleep)


VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}, messages={k: "not written yet" for k in FULL}),
    # Waits with time.sleep: the loop is blocked for the whole backoff.
    "time_sleep": Variant(
        wrong(retry_with_backoff="import time\n\n" + retry_with(sleep="time.sleep(base * 2 ** attempt)")),
        failing("test_retry_with_backoff"),
        messages={"test_retry_with_backoff": "time.sleep"},
    ),
    # One save after another; a test that never asserts anything.
    "sequential": Variant(
        wrong(
            process=(
                "async def process(records):\n"
                "    store, errors = [], []\n"
                "    for record in records:\n"
                "        try:\n"
                "            await save(record, store)\n"
                "        except ValueError as error:\n"
                "            errors.append(str(error))\n"
                "    await audit(store)\n"
                "    return sorted(store), errors\n"
            ),
            check_retry=(
                "def check_retry(retry):\n"
                "    outcome = run_virtual(retry, flaky(2), 3, 1)\n"
                "    print(outcome.result, outcome.loop_time)\n"
            ),
        ),
        failing("test_process", "test_check_retry"),
        messages={"test_process": "at the same time", "test_check_retry": "passed a buggy retry"},
    ),
    # The same wait every time; tasks still fired and forgotten (audit fixed); a test of results only.
    "no_backoff": Variant(
        wrong(
            retry_with_backoff=retry_with(sleep="await asyncio.sleep(base)"),
            process=(
                "async def process(records):\n"
                "    store, errors = [], []\n"
                "    for record in records:\n"
                "        asyncio.create_task(save(record, store))\n"
                "    await asyncio.sleep(1)\n"
                "    await audit(store)\n"
                "    return sorted(store), errors\n"
            ),
            check_retry=(
                "def check_retry(retry):\n"
                "    assert run_virtual(retry, flaky(2), 3, 1).result == 'ok'\n"
                "    assert isinstance(run_virtual(retry, flaky(5), 3, 1).error, ConnectionError)\n"
            ),
        ),
        failing("test_retry_with_backoff", "test_process", "test_check_retry"),
        messages={
            "test_retry_with_backoff": "wrong times",
            "test_process": "never retrieved",
            "test_check_retry": "never waits between attempts",
        },
    ),
    # Linear backoff; errors collected but the audit coroutine never awaited; a test too strict
    # (it expects a wait after the last attempt too).
    "linear_backoff": Variant(
        wrong(
            retry_with_backoff=retry_with(sleep="await asyncio.sleep(base * (attempt + 1))"),
            process=(
                "async def process(records):\n"
                "    store = []\n"
                "    results = await asyncio.gather(*(save(r, store) for r in records), return_exceptions=True)\n"
                "    audit(store)\n"
                "    return sorted(store), [str(r) for r in results if isinstance(r, Exception)]\n"
            ),
            check_retry=(
                "def check_retry(retry):\n"
                "    outcome = run_virtual(retry, flaky(5), 3, 1)\n"
                "    assert isinstance(outcome.error, ConnectionError)\n"
                "    assert outcome.loop_time == 6, 'three attempts and three waits'\n"
            ),
        ),
        failing("test_retry_with_backoff", "test_process", "test_check_retry"),
        messages={
            "test_retry_with_backoff": "wrong times",
            "test_process": "never awaited",
            "test_check_retry": "failed on a CORRECT retry",
        },
    ),
    # Waits after the last failure too; gather without return_exceptions (the first error escapes);
    # a test that calls the global retry instead of the one it is given.
    "waits_after_last": Variant(
        wrong(
            retry_with_backoff=(
                "async def retry_with_backoff(op, attempts, base):\n"
                "    error = None\n"
                "    for attempt in range(attempts):\n"
                "        try:\n"
                "            return await op()\n"
                "        except Exception as e:\n"
                "            error = e\n"
                "        await asyncio.sleep(base * 2 ** attempt)\n"
                "    raise error\n"
            ),
            process=(
                "async def process(records):\n"
                "    store = []\n"
                "    await asyncio.gather(*(save(r, store) for r in records))\n"
                "    await audit(store)\n"
                "    return sorted(store), []\n"
            ),
            check_retry=CORRECT["check_retry"].replace("def check_retry(retry):", "def check_retry(implementation):"),
        ),
        failing("test_retry_with_backoff", "test_process", "test_check_retry"),
        messages={
            "test_retry_with_backoff": "do not wait after the last attempt",
            "test_process": "return_exceptions=True",
            "test_check_retry": "call the `retry` it is given",
        },
    ),
    # A bare except: a cancellation is retried like any failure.
    "swallows_cancel": Variant(
        wrong(retry_with_backoff=retry_with(catch="except")),
        failing("test_retry_with_backoff"),
        messages={"test_retry_with_backoff": "Never swallow CancelledError"},
    ),
    # Recognising the reference instead of testing it (issue 22): by identity; the errors of a
    # gather(return_exceptions=True) dropped.
    "recognises_reference": Variant(
        wrong(
            process=(
                "async def process(records):\n"
                "    store = []\n"
                "    await asyncio.gather(*(save(r, store) for r in records), return_exceptions=True)\n"
                "    await audit(store)\n"
                "    return sorted(store), []\n"
            ),
            check_retry=(
                "def check_retry(r):\n"
                "    assert r is retry, 'not the reference implementation'\n"
            ),
        ),
        failing("test_process", "test_check_retry"),
        messages={"test_process": "errors were dropped", "test_check_retry": "random name"},
    ),
    # By name, after real checks.
    "by_name": Variant(
        wrong(check_retry=CORRECT["check_retry"] + "    assert retry.__name__ == 'retry', retry.__name__\n"),
        failing("test_check_retry"),
        messages={"test_check_retry": "random name"},
    ),
    # "The first implementation it ever sees is the reference": pass it, fail every other one.
    "first_seen": Variant(
        wrong(
            check_retry=(
                "seen = []\n\n"
                "def check_retry(retry):\n"
                "    seen.append(retry)\n"
                "    assert retry is seen[0], 'a different implementation from the first one'\n"
            ),
        ),
        failing("test_check_retry"),
        messages={"test_check_retry": "random name"},
    ),
    # Timing and error checked, the value returned on success never looked at.
    "no_result_check": Variant(
        wrong(
            check_retry=(
                "from autograder import assert_raises\n\n"
                "def check_retry(retry):\n"
                "    ok = run_virtual(retry, flaky(2), 3, 1)\n"
                "    assert ok.error is None and ok.loop_time == 5, ok.describe_failure()\n"
                "    assert_raises(run_virtual(retry, flaky(5), 3, 1), ConnectionError, at=5)\n"
            ),
        ),
        failing("test_check_retry"),
        messages={"test_check_retry": "instead of the operation's result"},
    ),
    # Too strict, with a bare assert: the message quotes what it compared (the notebook's assertion rewriting).
    "bare_assert": Variant(
        wrong(
            check_retry=(
                "def check_retry(retry):\n"
                "    outcome = run_virtual(retry, flaky(1), 2, 1)\n"
                "    assert outcome.result == 'ok'\n"
                "    assert outcome.loop_time == 4\n"
            ),
        ),
        failing("test_check_retry"),
        messages={"test_check_retry": "It said: assert 3.0 == 4"},
    ),
    # The course's assert_loop_time used on a run meant to raise: told to use assert_raises(at=).
    "loop_time_on_raise": Variant(
        wrong(
            check_retry=(
                "from autograder import assert_loop_time, assert_result\n\n"
                "def check_retry(retry):\n"
                "    assert_result(run_virtual(retry, flaky(2), 3, 1), 'ok')\n"
                "    assert_loop_time(run_virtual(retry, flaky(2), 3, 1), 5)\n"
                "    assert_loop_time(run_virtual(retry, flaky(5), 3, 1), 5)\n"
            ),
        ),
        failing("test_check_retry"),
        messages={"test_check_retry": "assert_raises(outcome, ConnectionError, at=seconds)"},
    ),
    # The test cells replaced by `pass` and an answer cell deleted: the grader restores the tests.
    "edited_tests": Variant(
        {"retry_with_backoff": retry_with(sleep="await asyncio.sleep(base)")},
        {k: 0 for k in FULL},
        edits={"test_retry_with_backoff": "pass", "test_process": "pass"},
        delete=("check_retry",),
        messages={"test_retry_with_backoff": "wrong times", "test_process": "not written yet", "test_check_retry": "not written yet"},
    ),
}
