"""Sample submissions for 05_tasks: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_run_all": 2, "test_watchdog": 3, "test_fetch_or_default": 3, "test_with_heartbeat": 4}

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
}

# Correct, written with gather, a polling loop (as in the lecture), asyncio.timeout, asyncio.wait.
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
}

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}),
    # Awaiting each delay before starting the next: 3.5 s instead of 2 s.
    "sequential": Variant(
        {
            **CORRECT,
            "run_all": (
                "async def run_all(durations):\n"
                "    return [await delay(d, f'job {i}') for i, d in enumerate(durations)]\n"
            ),
        },
        {**FULL, "test_run_all": 0},
    ),
    # Tasks, but each awaited as soon as it is created: still one after another.
    "task_awaited_at_once": Variant(
        {
            **CORRECT,
            "run_all": (
                "async def run_all(durations):\n"
                "    results = []\n"
                "    for i, d in enumerate(durations):\n"
                "        results.append(await asyncio.create_task(delay(d, f'job {i}')))\n"
                "    return results\n"
            ),
            "with_heartbeat": HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    beats = asyncio.create_task(heartbeat(every))\n"
                "    first = await asyncio.create_task(delay(long, 'long'))\n"
                "    second = await asyncio.create_task(delay(short, 'short'))\n"
                "    beats.cancel()\n"
                "    return [first, second]\n"
            ),
        },
        {**FULL, "test_run_all": 0, "test_with_heartbeat": 0},
    ),
    # time.sleep instead of awaiting: right results, but the loop is frozen.
    "time_sleep": Variant(
        {
            **CORRECT,
            "run_all": (
                "import time\n\n"
                "async def job(seconds):\n"
                "    time.sleep(seconds)\n"
                "    return seconds\n\n"
                "async def run_all(durations):\n"
                "    return await asyncio.gather(*(job(d) for d in durations))\n"
            ),
        },
        {**FULL, "test_run_all": 0},
    ),
    # Busy-waits on job.done() without ever awaiting: the job never gets to run.
    "infinite_loop": Variant(
        {
            **CORRECT,
            "watchdog": (
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    while not job.done():\n"
                "        pass\n"
                "    return 'finished'\n"
            ),
        },
        {**FULL, "test_watchdog": 0},
    ),
    # Awaits the job to the end: no limit at all.
    "never_cancels": Variant(
        {
            **CORRECT,
            "watchdog": (
                "async def watchdog(seconds, limit):\n"
                "    await asyncio.create_task(delay(seconds, 'job'))\n"
                "    return 'finished'\n"
            ),
        },
        {**FULL, "test_watchdog": 0},
    ),
    # Sits out the whole limit even when the job finished long before.
    "sits_out_limit": Variant(
        {
            **CORRECT,
            "watchdog": (
                "async def watchdog(seconds, limit):\n"
                "    job = asyncio.create_task(delay(seconds, 'job'))\n"
                "    await asyncio.sleep(limit)\n"
                "    if job.done():\n"
                "        return 'finished'\n"
                "    job.cancel()\n"
                "    return 'cancelled'\n"
            ),
        },
        {**FULL, "test_watchdog": 0},
    ),
    # wait_for without catching its TimeoutError: an exception instead of the default.
    "exception": Variant(
        {
            **CORRECT,
            "fetch_or_default": (
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    return await asyncio.wait_for(delay(seconds, 'fetch'), timeout)\n"
            ),
        },
        {**FULL, "test_fetch_or_default": 0},
    ),
    # Gives up in time, but leaves the fetch and the heartbeat running in the background.
    "left_running": Variant(
        {
            **CORRECT,
            "fetch_or_default": (
                "async def fetch_or_default(seconds, timeout, default):\n"
                "    fetch = asyncio.create_task(delay(seconds, 'fetch'))\n"
                "    done, _ = await asyncio.wait({fetch}, timeout=timeout)\n"
                "    return fetch.result() if done else default\n"
            ),
            "with_heartbeat": HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    asyncio.create_task(heartbeat(every))\n"
                "    return [await long_job, await short_job]\n"
            ),
        },
        {**FULL, "test_fetch_or_default": 0, "test_with_heartbeat": 0},
    ),
    # The heartbeat as a fixed number of beats in the coroutine itself (no task, no cancel).
    "inline_heartbeat": Variant(
        {
            **CORRECT,
            "with_heartbeat": HEARTBEAT + (
                "async def with_heartbeat(long, short, every):\n"
                "    long_job = asyncio.create_task(delay(long, 'long'))\n"
                "    short_job = asyncio.create_task(delay(short, 'short'))\n"
                "    for _ in range(int(long // every)):\n"
                "        await delay(every, 'beat')\n"
                "    return [await long_job, await short_job]\n"
            ),
        },
        {**FULL, "test_with_heartbeat": 0},
    ),
}
