"""Sample submissions for 05_tasks: right ones written in four styles, and wrong ones.

Every exercise has at least three correct answers in different styles (``correct``,
``alternative``, ``third_way``, ``fowler``; for ``patient_save``: wait_for + shield,
asyncio.wait with a timeout, asyncio.timeout + shield, a TaskGroup with a warner task) and at
least three misconceptions that real students write. A misconception variant may break several
exercises at once (the tests are independent); ``messages`` names what each failed test must
tell the student.
"""

from submissions import Variant

FULL = {"test_run_all": 2, "test_watchdog": 3, "test_fetch_or_default": 3, "test_with_heartbeat": 4,
        "test_patient_save": 3}

HEARTBEAT = "async def heartbeat(every):\n    while True:\n        await delay(every, 'beat')\n\n\n"

CORRECT = {
    "run_all": (
        "async def run_all(durations):\n"
        "    tasks = [asyncio.create_task(delay(d, f'job {i}')) for i, d in enumerate(durations)]\n"
        "    return [await task for task in tasks]\n"
    ),
    "watchdog": (
        "async def watchdog(seconds, limit):\n"
        "    job = asyncio.create_task(delay(seconds, 'job'))\n"
        "    done, _ = await asyncio.wait({job}, timeout=limit)\n"
        "    if done:\n"
        "        return 'finished'\n"
        "    job.cancel()\n"
        "    try:\n"
        "        await job\n"
        "    except asyncio.CancelledError:\n"
        "        pass\n"
        "    return 'cancelled'\n"
    ),
    "fetch_or_default": (
        "async def fetch_or_default(seconds, timeout, default):\n"
        "    try:\n"
        "        return await asyncio.wait_for(delay(seconds, 'fetch'), timeout)\n"
        "    except TimeoutError:\n"
        "        return default\n"
    ),
    "with_heartbeat": HEARTBEAT + (
        "async def with_heartbeat(long, short, every):\n"
        "    long_job = asyncio.create_task(delay(long, 'long'))\n"
        "    short_job = asyncio.create_task(delay(short, 'short'))\n"
        "    beats = asyncio.create_task(heartbeat(every))\n"
        "    results = [await long_job, await short_job]\n"
        "    beats.cancel()\n"
        "    try:\n"
        "        await beats\n"
        "    except asyncio.CancelledError:\n"
        "        pass\n"
        "    return results\n"
    ),
    'patient_save': (
        "async def patient_save(save, warn_after):\n"
        "    saving = asyncio.create_task(save())\n"
        "    try:\n"
        "        return await asyncio.wait_for(asyncio.shield(saving), warn_after), False\n"
        "    except TimeoutError:\n"
        "        print('still saving...')\n"
        "        return await saving, True\n"
    ),
}

# Correct, written with gather, a polling loop (as in the lecture), asyncio.timeout, gather + finally.
ALTERNATIVE = {
    "run_all": (
        "async def run_all(durations):\n"
        "    return list(await asyncio.gather(*(delay(d, f'job {i}') for i, d in enumerate(durations))))\n"
    ),
    "watchdog": (
        "async def watchdog(seconds, limit):\n"
        "    job = asyncio.create_task(delay(seconds, 'job', quiet=True))\n"
        "    waited = 0\n"
        "    while not job.done():\n"
        "        if waited == limit:\n"
        "            job.cancel()\n"
        "            break\n"
        "        await asyncio.sleep(1)\n"
        "        waited += 1\n"
        "    try:\n"
        "        await job\n"
        "        return 'finished'\n"
        "    except asyncio.CancelledError:\n"
        "        return 'cancelled'\n"
    ),
    "fetch_or_default": (
        "async def fetch_or_default(seconds, timeout, default):\n"
        "    try:\n"
        "        async with asyncio.timeout(timeout):\n"
        "            return await delay(seconds, 'fetch')\n"
        "    except TimeoutError:\n"
        "        return default\n"
    ),
    "with_heartbeat": HEARTBEAT + (
        "async def with_heartbeat(long, short, every):\n"
        "    jobs = asyncio.gather(delay(long, 'long'), delay(short, 'short'))\n"
        "    beats = asyncio.create_task(heartbeat(every))\n"
        "    try:\n"
        "        return list(await jobs)\n"
        "    finally:\n"
        "        beats.cancel()\n"
        "        await asyncio.wait({beats})\n"
    ),
    'patient_save': (
        "async def patient_save(save, warn_after):\n"
        "    saving = asyncio.create_task(save())\n"
        "    done, _ = await asyncio.wait({saving}, timeout=warn_after)\n"
        "    warned = not done\n"
        "    if warned:\n"
        "        print(f'the save takes longer than {warn_after} s')\n"
        "    return await saving, warned\n"
    ),
}

# Correct, a third way: TaskGroup, wait_for doing the cancelling, asyncio.wait with a timeout.
THIRD_WAY = {
    "run_all": (
        "async def run_all(durations):\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        tasks = [group.create_task(delay(d, label=f'job {i}')) for i, d in enumerate(durations)]\n"
        "    return [task.result() for task in tasks]\n"
    ),
    "watchdog": (
        "async def watchdog(seconds, limit):\n"
        "    job = asyncio.create_task(delay(seconds, 'job'))\n"
        "    try:\n"
        "        await asyncio.wait_for(job, timeout=limit)\n"
        "    except TimeoutError:\n"
        "        return 'cancelled'  # wait_for has cancelled the job and waited for it\n"
        "    return 'finished'\n"
    ),
    "fetch_or_default": (
        "async def fetch_or_default(seconds, timeout, default):\n"
        "    fetch = asyncio.create_task(delay(seconds, 'fetch'))\n"
        "    done, pending = await asyncio.wait([fetch], timeout=timeout)\n"
        "    for task in pending:\n"
        "        task.cancel()\n"
        "    await asyncio.gather(*pending, return_exceptions=True)\n"
        "    return fetch.result() if fetch in done else default\n"
    ),
    "with_heartbeat": HEARTBEAT + (
        "async def with_heartbeat(long, short, every):\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        long_job = group.create_task(delay(long, 'long'))\n"
        "        short_job = group.create_task(delay(short, 'short'))\n"
        "        beats = group.create_task(heartbeat(every))\n"
        "        await asyncio.wait([long_job, short_job])\n"
        "        beats.cancel()\n"
        "    return [long_job.result(), short_job.result()]\n"
    ),
    'patient_save': (
        "async def patient_save(save, warn_after):\n"
        "    saving = asyncio.ensure_future(save())\n"
        "    warned = False\n"
        "    try:\n"
        "        async with asyncio.timeout(warn_after):\n"
        "            await asyncio.shield(saving)\n"
        "    except TimeoutError:\n"
        "        warned = True\n"
        "        print('still saving, please wait')\n"
        "    return await saving, warned\n"
    ),
}

# Correct in Fowler's idioms: as_completed (start order is set order: any order is fine),
# a race against a timer task, asyncio.timeout_at with a deadline, contextlib.suppress.
FOWLER = {
    "run_all": (
        "async def run_all(durations):\n"
        "    async def job(i, d):\n"
        "        return i, await delay(d, f'job {i}')\n"
        "    results = [None] * len(durations)\n"
        "    for next_done in asyncio.as_completed([job(i, d) for i, d in enumerate(durations)]):\n"
        "        i, value = await next_done\n"
        "        results[i] = value\n"
        "    return results\n"
    ),
    "watchdog": (
        "async def watchdog(seconds, limit):\n"
        "    job = asyncio.create_task(delay(seconds, 'job'))\n"
        "    alarm = asyncio.create_task(asyncio.sleep(limit))\n"
        "    done, pending = await asyncio.wait({job, alarm}, return_when=asyncio.FIRST_COMPLETED)\n"
        "    for task in pending:\n"
        "        task.cancel()\n"
        "    await asyncio.wait(pending)\n"
        "    return 'finished' if job in done else 'cancelled'\n"
    ),
    "fetch_or_default": (
        "async def fetch_or_default(seconds, timeout, default):\n"
        "    deadline = asyncio.get_running_loop().time() + timeout\n"
        "    try:\n"
        "        async with asyncio.timeout_at(deadline):\n"
        "            fetch = asyncio.create_task(delay(seconds, 'fetch'))\n"
        "            return await fetch\n"
        "    except TimeoutError:\n"
        "        return default\n"
    ),
    "with_heartbeat": "import contextlib\n\n" + HEARTBEAT + (
        "async def with_heartbeat(long, short, every):\n"
        "    jobs = [asyncio.create_task(delay(long, 'long')), asyncio.create_task(delay(short, 'short'))]\n"
        "    beats = asyncio.create_task(heartbeat(every))\n"
        "    await asyncio.wait(jobs)\n"
        "    beats.cancel()\n"
        "    with contextlib.suppress(asyncio.CancelledError):\n"
        "        await beats\n"
        "    return [job.result() for job in jobs]\n"
    ),
    'patient_save': (
        "async def patient_save(save, warn_after):\n"
        "    warned = False\n"
        "    async def warn_later():\n"
        "        nonlocal warned\n"
        "        await asyncio.sleep(warn_after)\n"
        "        warned = True\n"
        "        print('still saving...')\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        saving = group.create_task(save())\n"
        "        warner = group.create_task(warn_later())\n"
        "        saving.add_done_callback(lambda _: warner.cancel())\n"
        "    return saving.result(), warned\n"
    ),
}


def wrong(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


def failing(*tests: str) -> dict[str, float]:
    return {**FULL, **{test: 0 for test in tests}}


VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "fowler": Variant(FOWLER, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}, messages={k: "not written yet" for k in FULL}),
    # One thing after another: each delay awaited before the next starts; a watchdog that
    # awaits the job to its end; a fallback that sits out the whole timeout; jobs awaited
    # as soon as each task is created; a patient save that sits out warn_after before it
    # even starts the save.
    "sequential": Variant(
        wrong(
            run_all=(
                "async def run_all(durations):\n"
                "    return [await delay(d, f'job {i}') for i, d in enumerate(durations)]\n"
            ),
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    await asyncio.create_task(delay(seconds, 'job'))\n"
                "    return 'finished'\n"
            ),
            fetch_or_default=(
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    fetch = asyncio.create_task(delay(seconds, 'fetch'))\n"
                "    await asyncio.sleep(timeout)\n"
                "    if fetch.done():\n"
                "        return fetch.result()\n"
                "    fetch.cancel()\n"
                "    try:\n"
                "        await fetch\n"
                "    except asyncio.CancelledError:\n"
                "        return default\n"
            ),
            with_heartbeat=HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    beats = asyncio.create_task(heartbeat(every))\n"
                "    first = await asyncio.create_task(delay(long, 'long'))\n"
                "    second = await asyncio.create_task(delay(short, 'short'))\n"
                "    beats.cancel()\n"
                "    await asyncio.wait({beats})\n"
                "    return [first, second]\n"
            ),
            patient_save=(
                "async def patient_save(save, warn_after):\n"
                "    await asyncio.sleep(warn_after)\n"
                "    return await save(), True\n"
            ),
        ),
        failing("test_run_all", "test_watchdog", "test_fetch_or_default", "test_with_heartbeat", "test_patient_save"),
        messages={
            "test_run_all": "ran one after another",
            "test_watchdog": "job was not cancelled",
            "test_fetch_or_default": "took the wrong amount of time",
            "test_with_heartbeat": "did things in the wrong order",
            "test_patient_save": "started the save at t =",
        },
    ),
    # time.sleep instead of awaiting: right results, but the loop is frozen. The watchdog
    # sits out the whole limit before it looks at the job, and the patient save sits out
    # warn_after even when the save is quicker.
    "time_sleep": Variant(
        wrong(
            run_all=(
                "import time\n\n"
                "async def job(seconds):\n"
                "    time.sleep(seconds)\n"
                "    return seconds\n\n"
                "async def run_all(durations):\n"
                "    return await asyncio.gather(*(job(d) for d in durations))\n"
            ),
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    await asyncio.sleep(limit)\n"
                "    if job.done():\n"
                "        return 'finished'\n"
                "    job.cancel()\n"
                "    try:\n"
                "        await job\n"
                "    except asyncio.CancelledError:\n"
                "        pass\n"
                "    return 'cancelled'\n"
            ),
            patient_save=(
                "async def patient_save(save, warn_after):\n"
                "    saving = asyncio.create_task(save())\n"
                "    await asyncio.sleep(warn_after)\n"
                "    warned = not saving.done()\n"
                "    return await saving, warned\n"
            ),
        ),
        failing("test_run_all", "test_watchdog", "test_patient_save"),
        messages={"test_run_all": "held the event loop", "test_watchdog": "stop waiting as soon as the job is done", "test_patient_save": "took the wrong amount of time"},
    ),
    # task.cancel() without awaiting the task: it is still running when the coroutine
    # returns. And run_all collects the results in the order they finish; the patient save
    # awaits the same coroutine object twice (once through wait_for, once more after it).
    "cancel_not_awaited": Variant(
        wrong(
            run_all=(
                "async def run_all(durations):\n"
                "    jobs = [delay(d, f'job {i}') for i, d in enumerate(durations)]\n"
                "    return [await job for job in asyncio.as_completed(jobs)]\n"
            ),
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    done, _ = await asyncio.wait({job}, timeout=limit)\n"
                "    if done:\n"
                "        return 'finished'\n"
                "    job.cancel()\n"
                "    return 'cancelled'\n"
            ),
            fetch_or_default=(
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    fetch = asyncio.create_task(delay(seconds, 'fetch'))\n"
                "    done, pending = await asyncio.wait([fetch], timeout=timeout)\n"
                "    for task in pending:\n"
                "        task.cancel()\n"
                "    return fetch.result() if fetch in done else default\n"
            ),
            with_heartbeat=HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    beats = asyncio.create_task(heartbeat(every))\n"
                "    results = [await long_job, await short_job]\n"
                "    beats.cancel()\n"
                "    return results\n"
            ),
            patient_save=(
                "async def patient_save(save, warn_after):\n"
                "    saving = save()\n"
                "    try:\n"
                "        return await asyncio.wait_for(saving, warn_after), False\n"
                "    except TimeoutError:\n"
                "        return await saving, True\n"
            ),
        ),
        failing("test_run_all", "test_watchdog", "test_fetch_or_default", "test_with_heartbeat", "test_patient_save"),
        messages={
            "test_run_all": "returned the wrong value",
            "test_watchdog": "were still stopping",
            "test_fetch_or_default": "were still stopping",
            "test_with_heartbeat": "were still stopping",
            "test_patient_save": "same coroutine object twice",
        },
    ),
    # The wrong exception: wait_for raises TimeoutError, not CancelledError; and awaiting a
    # cancelled heartbeat raises CancelledError, which must be caught. run_all forgets the
    # labels the statement asks for, so the grader cannot tell the jobs apart. The patient
    # save uses wait_for without a shield: the save is cancelled, then awaited.
    "wrong_exception": Variant(
        wrong(
            run_all=(
                "async def run_all(durations):\n"
                "    return list(await asyncio.gather(*(delay(d) for d in durations)))\n"
            ),
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    try:\n"
                "        await asyncio.wait_for(asyncio.create_task(delay(seconds, 'job')), limit)\n"
                "        return 'finished'\n"
                "    except asyncio.CancelledError:\n"
                "        return 'cancelled'\n"
            ),
            fetch_or_default=(
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    try:\n"
                "        return await asyncio.wait_for(delay(seconds, 'fetch'), timeout)\n"
                "    except asyncio.CancelledError:\n"
                "        return default\n"
            ),
            with_heartbeat=HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    beats = asyncio.create_task(heartbeat(every))\n"
                "    results = [await long_job, await short_job]\n"
                "    beats.cancel()\n"
                "    await beats\n"
                "    return results\n"
            ),
            patient_save=(
                "async def patient_save(save, warn_after):\n"
                "    saving = asyncio.create_task(save())\n"
                "    try:\n"
                "        return await asyncio.wait_for(saving, warn_after), False\n"
                "    except TimeoutError:\n"
                "        print('still saving...')\n"
                "        return await saving, True\n"
            ),
        ),
        failing("test_run_all", "test_watchdog", "test_fetch_or_default", "test_with_heartbeat", "test_patient_save"),
        messages={
            "test_run_all": "should run each delay(durations[i], 'job i')",
            "test_watchdog": "not CancelledError",
            "test_fetch_or_default": "not CancelledError",
            "test_with_heartbeat": "ended with the heartbeat's CancelledError",
            "test_patient_save": "the save was cancelled",
        },
    ),
    # Gives up in time, but leaves the work running in the background: run_all returns
    # before its jobs end, the watchdog never cancels, the fetch and the heartbeat go on.
    # The patient save always warns.
    "left_running": Variant(
        wrong(
            run_all=(
                "async def run_all(durations):\n"
                "    for i, d in enumerate(durations):\n"
                "        asyncio.create_task(delay(d, f'job {i}'))\n"
                "    return list(durations)\n"
            ),
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    done, _ = await asyncio.wait({job}, timeout=limit)\n"
                "    return 'finished' if done else 'cancelled'\n"
            ),
            fetch_or_default=(
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    fetch = asyncio.create_task(delay(seconds, 'fetch'))\n"
                "    done, _ = await asyncio.wait({fetch}, timeout=timeout)\n"
                "    return fetch.result() if done else default\n"
            ),
            with_heartbeat=HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    asyncio.create_task(heartbeat(every))\n"
                "    return [await long_job, await short_job]\n"
            ),
            patient_save=(
                "async def patient_save(save, warn_after):\n"
                "    saving = asyncio.create_task(save())\n"
                "    print(f'this may take more than {warn_after} s')\n"
                "    return await asyncio.shield(saving), True\n"
            ),
        ),
        failing("test_run_all", "test_watchdog", "test_fetch_or_default", "test_with_heartbeat", "test_patient_save"),
        messages={
            "test_run_all": "were still running",
            "test_watchdog": "were still running",
            "test_fetch_or_default": "were still running",
            "test_with_heartbeat": "were still running",
            "test_patient_save": "warned is True exactly when",
        },
    ),
    # Waits for the long job only (the heartbeat stops too early when the short job takes
    # longer); the watchdog awaits the cancelled job without catching its CancelledError;
    # the fallback lets wait_for's TimeoutError escape; the patient save has no shield and
    # starts a second save after the timeout.
    "long_only": Variant(
        wrong(
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    done, _ = await asyncio.wait({job}, timeout=limit)\n"
                "    if not done:\n"
                "        job.cancel()\n"
                "        await job\n"
                "        return 'cancelled'\n"
                "    return 'finished'\n"
            ),
            fetch_or_default=(
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    return await asyncio.wait_for(delay(seconds, 'fetch'), timeout)\n"
            ),
            with_heartbeat=HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    beats = asyncio.create_task(heartbeat(every))\n"
                "    first = await long_job\n"
                "    beats.cancel()\n"
                "    await asyncio.wait({beats})\n"
                "    return [first, await short_job]\n"
            ),
            patient_save=(
                "async def patient_save(save, warn_after):\n"
                "    try:\n"
                "        return await asyncio.wait_for(save(), warn_after), False\n"
                "    except TimeoutError:\n"
                "        print('still saving...')\n"
                "        return await save(), True\n"
            ),
        ),
        failing("test_watchdog", "test_fetch_or_default", "test_with_heartbeat", "test_patient_save"),
        messages={
            "test_watchdog": "ended with the job's CancelledError",
            "test_fetch_or_default": "let the TimeoutError escape",
            "test_with_heartbeat": "did things in the wrong order",
            "test_patient_save": "save() was called 2 times",
        },
    ),
    # Busy-waits on job.done() without ever awaiting: the job never gets to run. Tasks
    # awaited as soon as each is created; the heartbeat as a fixed count of beats inline.
    "infinite_loop": Variant(
        wrong(
            run_all=(
                "async def run_all(durations):\n"
                "    results = []\n"
                "    for i, d in enumerate(durations):\n"
                "        results.append(await asyncio.create_task(delay(d, f'job {i}')))\n"
                "    return results\n"
            ),
            watchdog=(
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    while not job.done():\n"
                "        pass\n"
                "    return 'finished'\n"
            ),
            with_heartbeat=HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    for _ in range(int(long // every)):\n"
                "        await delay(every, 'beat')\n"
                "    return [await long_job, await short_job]\n"
            ),
        ),
        failing("test_run_all", "test_watchdog", "test_with_heartbeat"),
        messages={
            "test_run_all": "ran one after another",
            "test_watchdog": "did not finish within",
            "test_with_heartbeat": "did things in the wrong order",
        },
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {"run_all": CORRECT["run_all"].replace("await task for", "task for")},
        {k: 0 for k in FULL},
        edits={"test_run_all": "pass", "test_watchdog": "pass"},
        delete=("fetch_or_default",),
        messages={"test_run_all": "returned the wrong value", "test_watchdog": "not written yet"},
    ),
}
