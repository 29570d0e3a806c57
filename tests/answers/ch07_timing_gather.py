"""Sample submissions for 07_timing_gather: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {
    "test_timed_durations": 3,
    "test_timed_wraps": 1,
    "test_timed_errors": 2,
    "test_fetch_all": 3,
    "test_first_finishers": 3,
    "test_health_report": 2,
}

CORRECT = {
    "timed": (
        "def timed(timings):\n"
        "    def decorate(func):\n"
        "        @functools.wraps(func)\n"
        "        async def wrapper(*args, **kwargs):\n"
        "            started = time.perf_counter()\n"
        "            try:\n"
        "                return await func(*args, **kwargs)\n"
        "            finally:\n"
        "                timings.append((func.__name__, time.perf_counter() - started))\n"
        "        return wrapper\n"
        "    return decorate\n"
    ),
    "fetch_all": (
        "async def fetch_all(durations):\n"
        '    return await asyncio.gather(*(delay(d, f"job {i}") for i, d in enumerate(durations)))\n'
    ),
    "first_finishers": (
        "async def first_finishers(durations):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    started = loop.time()\n"
        "    async def job(i, seconds):\n"
        '        await delay(seconds, f"job {i}")\n'
        '        return f"job {i}"\n'
        "    finished = []\n"
        "    for next_one in asyncio.as_completed([job(i, d) for i, d in enumerate(durations)]):\n"
        "        finished.append((await next_one, loop.time() - started))\n"
        "    return finished\n"
    ),
    "health_report": (
        "async def health_report(sites):\n"
        "    results = await asyncio.gather(*(check_site(n, s) for n, s in sites), return_exceptions=True)\n"
        '    report = {"up": [], "down": []}\n'
        "    for (name, _), result in zip(sites, results):\n"
        '        report["down" if isinstance(result, ConnectionError) else "up"].append(name)\n'
        "    return report\n"
    ),
}

# Correct, written differently: loop.time(), a list of tasks, asyncio.wait, try/except per job.
ALTERNATIVE = {
    "timed": (
        "import functools as ft\n"
        "def timed(timings):\n"
        "    def decorator(coro_fn):\n"
        "        @ft.wraps(coro_fn)\n"
        "        async def timed_call(*a, **kw):\n"
        "            loop = asyncio.get_running_loop()\n"
        "            t0 = loop.time()\n"
        "            try:\n"
        "                result = await coro_fn(*a, **kw)\n"
        "            except BaseException:\n"
        "                timings.append((coro_fn.__name__, loop.time() - t0))\n"
        "                raise\n"
        "            timings.append((coro_fn.__name__, loop.time() - t0))\n"
        "            return result\n"
        "        return timed_call\n"
        "    return decorator\n"
    ),
    "fetch_all": (
        "async def fetch_all(durations):\n"
        '    tasks = [asyncio.create_task(delay(d, f"job {i}", quiet=True)) for i, d in enumerate(durations)]\n'
        "    return [await task for task in tasks]\n"
    ),
    "first_finishers": (
        "async def first_finishers(durations):\n"
        "    start = time.perf_counter()\n"
        '    labels = {asyncio.create_task(delay(d, f"job {i}")): f"job {i}" for i, d in enumerate(durations)}\n'
        "    pending, seen = set(labels), []\n"
        "    while pending:\n"
        "        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)\n"
        "        for task in sorted(done, key=lambda t: t.result()):\n"
        "            seen.append((labels[task], time.perf_counter() - start))\n"
        "    return seen\n"
    ),
    "health_report": (
        "async def health_report(sites):\n"
        "    async def is_up(name, seconds):\n"
        "        try:\n"
        "            await check_site(name, seconds)\n"
        "            return True\n"
        "        except ConnectionError:\n"
        "            return False\n"
        "    ups = await asyncio.gather(*[is_up(n, s) for n, s in sites])\n"
        '    return {"up": [n for (n, _), ok in zip(sites, ups) if ok],\n'
        '            "down": [n for (n, _), ok in zip(sites, ups) if not ok]}\n'
    ),
}

# Correct once more: time.time(), a TaskGroup, done-callbacks, a dict of results.
THIRD_WAY = {
    "timed": (
        "def timed(timings):\n"
        "    def decorate(func):\n"
        "        async def wrapper(*args, **kwargs):\n"
        "            begin = time.time()\n"
        "            try:\n"
        "                return await func(*args, **kwargs)\n"
        "            finally:\n"
        "                timings.append((func.__name__, time.time() - begin))\n"
        "        return functools.update_wrapper(wrapper, func)\n"
        "    return decorate\n"
    ),
    "fetch_all": (
        "async def fetch_all(durations):\n"
        "    async with asyncio.TaskGroup() as group:\n"
        '        tasks = [group.create_task(delay(d, f"job {i}")) for i, d in enumerate(durations)]\n'
        "    return [task.result() for task in tasks]\n"
    ),
    "first_finishers": (
        "async def first_finishers(durations):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    begin, arrivals = loop.time(), []\n"
        "    tasks = []\n"
        "    for i, d in enumerate(durations):\n"
        '        task = asyncio.create_task(delay(d, f"job {i}"))\n'
        '        task.add_done_callback(lambda _, label=f"job {i}": arrivals.append((label, loop.time() - begin)))\n'
        "        tasks.append(task)\n"
        "    if tasks:\n"
        "        await asyncio.wait(tasks)\n"
        "    return arrivals\n"
    ),
    "health_report": (
        "async def health_report(sites):\n"
        "    names = [name for name, _ in sites]\n"
        "    results = await asyncio.gather(*[check_site(*site) for site in sites], return_exceptions=True)\n"
        "    by_name = dict(zip(names, results))\n"
        '    return {"up": [n for n in names if by_name[n] == 200],\n'
        '            "down": [n for n in names if isinstance(by_name[n], Exception)]}\n'
    ),
}

SEQUENTIAL_FETCH = (
    "async def fetch_all(durations):\n"
    "    results = []\n"
    "    for i, d in enumerate(durations):\n"
    '        results.append(await delay(d, f"job {i}"))\n'
    "    return results\n"
)


def _with(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}),
    # The clock imported by name: the grader swaps such names too, so it measures loop time.
    "imported_clock": Variant(
        _with(timed="from time import perf_counter\n" + CORRECT["timed"].replace("time.perf_counter", "perf_counter")),
        FULL,
    ),
    # The decorator without functools.wraps: works, but the function is now called "wrapper".
    "no_wraps": Variant(
        _with(timed=CORRECT["timed"].replace("        @functools.wraps(func)\n", "")),
        {**FULL, "test_timed_wraps": 0},
    ),
    # An async wrapper that forgets `await`: callers get the inner coroutine back, untouched.
    "decorator_no_await": Variant(
        _with(timed=CORRECT["timed"].replace("return await func(", "return func(")),
        {**FULL, "test_timed_durations": 0, "test_timed_errors": 0},
    ),
    # A plain `def` wrapper: it returns the coroutine before anything ran, so it measures ~0 s.
    "decorator_sync_wrapper": Variant(
        _with(timed=CORRECT["timed"].replace("async def wrapper", "def wrapper").replace("return await", "return")),
        {**FULL, "test_timed_durations": 0, "test_timed_errors": 0},
    ),
    # Records only calls that return: no try/finally.
    "decorator_no_finally": Variant(
        _with(timed=(
            "def timed(timings):\n"
            "    def decorate(func):\n"
            "        @functools.wraps(func)\n"
            "        async def wrapper(*args, **kwargs):\n"
            "            started = time.perf_counter()\n"
            "            result = await func(*args, **kwargs)\n"
            "            timings.append((func.__name__, time.perf_counter() - started))\n"
            "            return result\n"
            "        return wrapper\n"
            "    return decorate\n"
        )),
        {**FULL, "test_timed_errors": 0},
    ),
    # Swallows the exception: the duration is recorded, but the caller never hears of the failure.
    "decorator_swallows": Variant(
        _with(timed=CORRECT["timed"].replace(
            "            finally:\n", "            except Exception:\n                return None\n            finally:\n"
        )),
        {**FULL, "test_timed_errors": 0},
    ),
    "sequential": Variant(_with(fetch_all=SEQUENTIAL_FETCH), {**FULL, "test_fetch_all": 0}),
    # Concurrent, but the results in finishing order.
    "completion_order": Variant(
        _with(fetch_all=(
            "async def fetch_all(durations):\n"
            '    jobs = [delay(d, f"job {i}") for i, d in enumerate(durations)]\n'
            "    return [await job for job in asyncio.as_completed(jobs)]\n"
        )),
        {**FULL, "test_fetch_all": 0},
    ),
    "time_sleep": Variant(
        _with(fetch_all=(
            "async def fetch_all(durations):\n"
            "    results = []\n"
            "    for d in durations:\n"
            "        time.sleep(d)\n"
            "        results.append(d)\n"
            "    return results\n"
        )),
        {**FULL, "test_fetch_all": 0},
    ),
    # Right concurrency, but the labels in the order of the input.
    "input_order": Variant(
        _with(first_finishers=(
            "async def first_finishers(durations):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    start = loop.time()\n"
            '    await asyncio.gather(*(delay(d, f"job {i}") for i, d in enumerate(durations)))\n'
            '    return [(f"job {i}", loop.time() - start) for i in range(len(durations))]\n'
        )),
        {**FULL, "test_first_finishers": 0},
    ),
    # Right order, found by sorting after everything finished: the elapsed times give it away.
    "sorted_afterwards": Variant(
        _with(first_finishers=(
            "async def first_finishers(durations):\n"
            "    start = time.perf_counter()\n"
            '    await asyncio.gather(*(delay(d, f"job {i}") for i, d in enumerate(durations)))\n'
            "    elapsed = time.perf_counter() - start\n"
            "    order = sorted(range(len(durations)), key=lambda i: durations[i])\n"
            '    return [(f"job {i}", elapsed) for i in order]\n'
        )),
        {**FULL, "test_first_finishers": 0},
    ),
    "infinite_loop": Variant(
        _with(first_finishers="async def first_finishers(durations):\n    while True:\n        pass\n"),
        {**FULL, "test_first_finishers": 0},
    ),
    # gather's default: the first ConnectionError propagates.
    "no_return_exceptions": Variant(
        _with(health_report=CORRECT["health_report"].replace(", return_exceptions=True", "")),
        {**FULL, "test_health_report": 0},
    ),
    # Catches the error, but waits for the sites one by one.
    "sequential_report": Variant(
        _with(health_report=(
            "async def health_report(sites):\n"
            '    report = {"up": [], "down": []}\n'
            "    for name, seconds in sites:\n"
            "        try:\n"
            "            await check_site(name, seconds)\n"
            '            report["up"].append(name)\n'
            "        except ConnectionError:\n"
            '            report["down"].append(name)\n'
            "    return report\n"
        )),
        {**FULL, "test_health_report": 0},
    ),
    "exception": Variant(
        _with(fetch_all="async def fetch_all(durations):\n    raise ValueError('no jobs today')\n"),
        {**FULL, "test_fetch_all": 0},
    ),
}
