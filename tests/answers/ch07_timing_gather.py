"""Sample submissions for 07_timing_gather: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {
    "test_timed_durations": 3,
    "test_timed_wraps": 1,
    "test_timed_errors": 2,
    "test_fetch_all": 3,
    "test_first_finishers": 3,
    "test_health_report": 2,
    "test_first_success": 3,
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
    "first_success": (
        "async def first_success(fetchers):\n"
        "    pending = {asyncio.create_task(fetch()) for fetch in fetchers}\n"
        "    failure = None\n"
        "    try:\n"
        "        while pending:\n"
        "            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)\n"
        "            for task in done:\n"
        "                if task.exception() is None:\n"
        "                    return task.result()\n"
        "                failure = task.exception()\n"
        "        raise ConnectionError(f'every fetcher failed, the last with {failure!r}')\n"
        "    finally:\n"
        "        for task in pending:\n"
        "            task.cancel()\n"
        "        await asyncio.gather(*pending, return_exceptions=True)\n"
    ),
}

# Correct, written differently: loop.time() and except/re-raise, a list of tasks, asyncio.wait(FIRST_COMPLETED),
# try/except inside each job.
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
    "first_success": (
        "async def first_success(fetchers):\n"
        "    tasks = [asyncio.create_task(fetch()) for fetch in fetchers]\n"
        "    try:\n"
        "        for next_done in asyncio.as_completed(tasks):\n"
        "            try:\n"
        "                return await next_done\n"
        "            except ConnectionError:\n"
        "                continue\n"
        "        raise ConnectionError('all the mirrors are down')\n"
        "    finally:\n"
        "        for task in tasks:\n"
        "            task.cancel()\n"
        "        await asyncio.gather(*tasks, return_exceptions=True)\n"
    ),
}

# Correct once more: time.time() and update_wrapper, a TaskGroup, done-callbacks, a dict of results.
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
    "first_success": (
        "async def first_success(fetchers):\n"
        "    winner = asyncio.get_running_loop().create_future()\n"
        "    tasks = [asyncio.create_task(fetch()) for fetch in fetchers]\n"
        "    left = len(tasks)\n"
        "    def settle(task):\n"
        "        nonlocal left\n"
        "        left -= 1\n"
        "        if winner.done() or task.cancelled():\n"
        "            return\n"
        "        if task.exception() is None:\n"
        "            winner.set_result(task.result())\n"
        "        elif left == 0:\n"
        "            winner.set_exception(ConnectionError('every fetcher failed'))\n"
        "    for task in tasks:\n"
        "        task.add_done_callback(settle)\n"
        "    try:\n"
        "        return await winner\n"
        "    finally:\n"
        "        for task in tasks:\n"
        "            task.cancel()\n"
        "        await asyncio.gather(*tasks, return_exceptions=True)\n"
    ),
}

# Correct, a fourth way: datetime.now() with the attributes copied by hand, asyncio.wait(ALL_COMPLETED),
# an asyncio.Queue fed by the jobs (the clock imported by name), task.exception().
FOURTH_WAY = {
    "timed": (
        "import datetime\n"
        "def timed(timings):\n"
        "    def decorate(func):\n"
        "        async def wrapper(*args, **kwargs):\n"
        "            begun = datetime.datetime.now()\n"
        "            try:\n"
        "                return await func(*args, **kwargs)\n"
        "            finally:\n"
        "                timings.append((func.__name__, (datetime.datetime.now() - begun).total_seconds()))\n"
        "        wrapper.__name__ = func.__name__\n"
        "        wrapper.__qualname__ = func.__qualname__\n"
        "        wrapper.__doc__ = func.__doc__\n"
        "        wrapper.__wrapped__ = func\n"
        "        return wrapper\n"
        "    return decorate\n"
    ),
    "fetch_all": (
        "async def fetch_all(durations):\n"
        '    tasks = [asyncio.create_task(delay(d, f"job {i}")) for i, d in enumerate(durations)]\n'
        "    if tasks:\n"
        "        await asyncio.wait(tasks)\n"
        "    return [task.result() for task in tasks]\n"
    ),
    "first_finishers": (
        "from time import perf_counter\n"
        "async def first_finishers(durations):\n"
        "    start = perf_counter()\n"
        "    arrivals = asyncio.Queue()\n"
        "    async def job(i, d):\n"
        '        await delay(d, f"job {i}")\n'
        '        await arrivals.put(f"job {i}")\n'
        "    workers = [asyncio.create_task(job(i, d)) for i, d in enumerate(durations)]\n"
        "    seen = []\n"
        "    for _ in workers:\n"
        "        label = await arrivals.get()\n"
        "        seen.append((label, perf_counter() - start))\n"
        "    return seen\n"
    ),
    "health_report": (
        "async def health_report(sites):\n"
        "    tasks = [asyncio.create_task(check_site(n, s)) for n, s in sites]\n"
        "    if tasks:\n"
        "        await asyncio.wait(tasks)\n"
        '    return {"up": [n for (n, _), t in zip(sites, tasks) if t.exception() is None],\n'
        '            "down": [n for (n, _), t in zip(sites, tasks) if isinstance(t.exception(), ConnectionError)]}\n'
    ),
    "first_success": (
        "class Won(Exception):\n"
        "    def __init__(self, answer):\n"
        "        super().__init__('won')\n"
        "        self.answer = answer\n"
        "\n\n"
        "async def first_success(fetchers):\n"
        "    async def attempt(fetch):\n"
        "        try:\n"
        "            answer = await fetch()\n"
        "        except ConnectionError:\n"
        "            return\n"
        "        raise Won(answer)\n"
        "    winners = []\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as group:\n"
        "            for fetch in fetchers:\n"
        "                group.create_task(attempt(fetch))\n"
        "    except* Won as won:\n"
        "        winners = [error.answer for error in won.exceptions]\n"
        "    if winners:\n"
        "        return winners[0]\n"
        "    raise ConnectionError('no mirror answered')\n"
    ),
}

# Correct, a fifth way: timeit.default_timer(), results written into slots, jobs that record
# themselves inside a TaskGroup, as_completed then sorted back into the order of the sites.
FIFTH_WAY = {
    "timed": (
        "import timeit\n"
        "def timed(timings):\n"
        "    def decorate(func):\n"
        "        @functools.wraps(func)\n"
        "        async def wrapper(*args, **kwargs):\n"
        "            t0 = timeit.default_timer()\n"
        "            try:\n"
        "                return await func(*args, **kwargs)\n"
        "            finally:\n"
        "                timings.append((func.__name__, timeit.default_timer() - t0))\n"
        "        return wrapper\n"
        "    return decorate\n"
    ),
    "fetch_all": (
        "async def fetch_all(durations):\n"
        "    results = [None] * len(durations)\n"
        "    async def one(i, d):\n"
        '        results[i] = await delay(d, f"job {i}")\n'
        "    await asyncio.gather(*(one(i, d) for i, d in enumerate(durations)))\n"
        "    return results\n"
    ),
    "first_finishers": (
        "async def first_finishers(durations):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    start = loop.time()\n"
        "    arrivals = []\n"
        "    async def job(i, d):\n"
        '        await delay(d, f"job {i}")\n'
        '        arrivals.append((f"job {i}", loop.time() - start))\n'
        "    async with asyncio.TaskGroup() as tg:\n"
        "        for i, d in enumerate(durations):\n"
        "            tg.create_task(job(i, d))\n"
        "    return arrivals\n"
    ),
    "health_report": (
        "async def health_report(sites):\n"
        "    async def probe(i, name, seconds):\n"
        "        try:\n"
        "            await check_site(name, seconds)\n"
        '            return i, "up"\n'
        "        except ConnectionError:\n"
        '            return i, "down"\n'
        "    verdicts = [await c for c in asyncio.as_completed([probe(i, *site) for i, site in enumerate(sites)])]\n"
        '    report = {"up": [], "down": []}\n'
        "    for i, state in sorted(verdicts):\n"
        "        report[state].append(sites[i][0])\n"
        "    return report\n"
    ),
    "first_success": (
        "async def first_success(fetchers):\n"
        "    pending = {asyncio.ensure_future(fetch()) for fetch in fetchers}\n"
        "    last_error = None\n"
        "    while pending:\n"
        "        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)\n"
        "        answers = [task.result() for task in done if task.exception() is None]\n"
        "        if answers:\n"
        "            for task in pending:\n"
        "                task.cancel()\n"
        "            if pending:\n"
        "                await asyncio.wait(pending)\n"
        "            return answers[0]\n"
        "        last_error = next(iter(done)).exception()\n"
        "    raise last_error\n"
    ),
}


def _timed(*, clock: str = "time.perf_counter()", body: str | None = None, wraps: str = "        @functools.wraps(func)\n",
           copy: str = "", outside: str = "", before: str = "") -> str:
    """A timed() answer with one thing changed (the clock, the wrapper's body, how it copies the name...)."""
    body = body or (
        f"            started = {clock}\n"
        "            try:\n"
        "                return await func(*args, **kwargs)\n"
        "            finally:\n"
        f"                timings.append((func.__name__, {clock} - started))\n"
    )
    return (
        outside
        + "def timed(timings):\n"
        + before
        + "    def decorate(func):\n"
        + wraps
        + "        async def wrapper(*args, **kwargs):\n"
        + body
        + copy
        + "        return wrapper\n"
        + "    return decorate\n"
    )


def _with(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


# Misconceptions. Each variant breaks several exercises at once (the tests are independent);
# `messages` names what each failed test must tell the student.
VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "fourth_way": Variant(FOURTH_WAY, FULL),
    # timeit.default_timer() and datetime.now() are followed once autograder/clocks.py does (issue 18).
    "fifth_way": Variant(FIFTH_WAY, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}, messages={"test_fetch_all": "not written yet"}),
    # One after another everywhere; the decorator keeps ONE start time for all calls (nonlocal),
    # which only staggered overlapping calls reveal.
    "sequential": Variant(
        {
            "timed": (
                "def timed(timings):\n"
                "    def decorate(func):\n"
                "        started = None\n"
                "        @functools.wraps(func)\n"
                "        async def wrapper(*args, **kwargs):\n"
                "            nonlocal started\n"
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
                "    results = []\n"
                "    for i, d in enumerate(durations):\n"
                '        results.append(await delay(d, f"job {i}"))\n'
                "    return results\n"
            ),
            "first_finishers": (
                "async def first_finishers(durations):\n"
                "    start, seen = time.perf_counter(), []\n"
                "    for i, d in enumerate(durations):\n"
                '        await delay(d, f"job {i}")\n'
                '        seen.append((f"job {i}", time.perf_counter() - start))\n'
                "    return seen\n"
            ),
            "health_report": (
                "async def health_report(sites):\n"
                '    report = {"up": [], "down": []}\n'
                "    for name, seconds in sites:\n"
                "        try:\n"
                "            await check_site(name, seconds)\n"
                '            report["up"].append(name)\n'
                "        except ConnectionError:\n"
                '            report["down"].append(name)\n'
                "    return report\n"
            ),
        },
        {**FULL, "test_timed_durations": 0, "test_fetch_all": 0, "test_first_finishers": 0, "test_health_report": 0},
        messages={
            "test_timed_durations": "one per call",
            "test_fetch_all": "one after another",
            "test_first_finishers": "order they finished",
            "test_health_report": "one after another",
        },
    ),
    # time.sleep to wait; a plain `def` wrapper (it times the coroutine's creation); the order
    # predicted from the announced durations; gather without return_exceptions.
    "time_sleep": Variant(
        {
            "timed": CORRECT["timed"].replace("async def wrapper", "def wrapper").replace("return await", "return"),
            "fetch_all": (
                "async def fetch_all(durations):\n"
                "    results = []\n"
                "    for d in durations:\n"
                "        time.sleep(d)\n"
                "        results.append(d)\n"
                "    return results\n"
            ),
            "first_finishers": (
                "async def first_finishers(durations):\n"
                '    await asyncio.gather(*(delay(d, f"job {i}") for i, d in enumerate(durations)))\n'
                "    order = sorted(range(len(durations)), key=lambda i: durations[i])\n"
                '    return [(f"job {i}", durations[i]) for i in order]\n'
            ),
            "health_report": CORRECT["health_report"].replace(", return_exceptions=True", ""),
        },
        {**FULL, "test_timed_durations": 0, "test_timed_errors": 0, "test_fetch_all": 0, "test_first_finishers": 0,
         "test_health_report": 0},
        messages={
            "test_timed_durations": "plain `def`",
            "test_timed_errors": "plain `def`",
            "test_fetch_all": "time.sleep",
            "test_first_finishers": "order of the durations the input announced",
            "test_health_report": "must not stop the report",
        },
    ),
    # The list kept in a global that the next @timed(...) replaces, name and docstring copied by
    # hand; results in finishing order where the input order was asked, and the reverse.
    "global_list": Variant(
        {
            "timed": _timed(
                outside="_timings = []\n",
                before="    global _timings\n    _timings = timings\n",
                wraps="",
                body=(
                    "            started = time.perf_counter()\n"
                    "            try:\n"
                    "                return await func(*args, **kwargs)\n"
                    "            finally:\n"
                    "                _timings.append((func.__name__, time.perf_counter() - started))\n"
                ),
                copy="        wrapper.__name__ = func.__name__\n        wrapper.__doc__ = func.__doc__\n",
            ),
            "fetch_all": (
                "async def fetch_all(durations):\n"
                '    jobs = [delay(d, f"job {i}") for i, d in enumerate(durations)]\n'
                "    return [await job for job in asyncio.as_completed(jobs)]\n"
            ),
            "first_finishers": (
                "async def first_finishers(durations):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    start = loop.time()\n"
                '    await asyncio.gather(*(delay(d, f"job {i}") for i, d in enumerate(durations)))\n'
                '    return [(f"job {i}", loop.time() - start) for i in range(len(durations))]\n'
            ),
            "health_report": (
                "async def health_report(sites):\n"
                "    async def probe(name, seconds):\n"
                "        try:\n"
                "            await check_site(name, seconds)\n"
                '            return name, "up"\n'
                "        except ConnectionError:\n"
                '            return name, "down"\n'
                '    report = {"up": [], "down": []}\n'
                "    for next_one in asyncio.as_completed([probe(*site) for site in sites]):\n"
                "        name, state = await next_one\n"
                "        report[state].append(name)\n"
                "    return report\n"
            ),
        },
        {**FULL, "test_timed_durations": 0, "test_timed_wraps": 0, "test_fetch_all": 0, "test_first_finishers": 0,
         "test_health_report": 0},
        messages={
            "test_timed_durations": "list given to its own",
            "test_timed_wraps": "__qualname__",
            "test_fetch_all": "order the jobs *finished*",
            "test_first_finishers": "order they finished",
            "test_health_report": "returned the wrong value",
        },
    ),
    # A CPU clock (no functools.wraps either); each task awaited as soon as it is created; the
    # order sorted after everything finished; exceptions are truthy, so every site looks up.
    "process_time": Variant(
        {
            "timed": _timed(clock="time.process_time()", wraps=""),
            "fetch_all": (
                "async def fetch_all(durations):\n"
                "    results = []\n"
                "    for i, d in enumerate(durations):\n"
                '        task = asyncio.create_task(delay(d, f"job {i}"))\n'
                "        results.append(await task)\n"
                "    return results\n"
            ),
            "first_finishers": (
                "async def first_finishers(durations):\n"
                "    start = time.perf_counter()\n"
                '    await asyncio.gather(*(delay(d, f"job {i}") for i, d in enumerate(durations)))\n'
                "    elapsed = time.perf_counter() - start\n"
                "    order = sorted(range(len(durations)), key=lambda i: durations[i])\n"
                '    return [(f"job {i}", elapsed) for i in order]\n'
            ),
            "health_report": (
                "async def health_report(sites):\n"
                "    results = await asyncio.gather(*(check_site(n, s) for n, s in sites), return_exceptions=True)\n"
                '    return {"up": [n for (n, _), r in zip(sites, results) if r],\n'
                '            "down": [n for (n, _), r in zip(sites, results) if not r]}\n'
            ),
        },
        {**FULL, "test_timed_durations": 0, "test_timed_wraps": 0, "test_timed_errors": 0, "test_fetch_all": 0,
         "test_first_finishers": 0, "test_health_report": 0},
        messages={
            "test_timed_durations": "not one the grader follows",
            "test_timed_wraps": "__wrapped__",
            "test_timed_errors": "cpu time",
            "test_fetch_all": "one after another",
            "test_first_finishers": "seen only at the very end",
            "test_health_report": "returned the wrong value",
        },
    ),
    # Records only calls that return (no try/finally); an endless loop instead of first_finishers.
    "no_finally": Variant(
        _with(
            timed=_timed(body=(
                "            started = time.perf_counter()\n"
                "            result = await func(*args, **kwargs)\n"
                "            timings.append((func.__name__, time.perf_counter() - started))\n"
                "            return result\n"
            )),
            first_finishers="async def first_finishers(durations):\n    while True:\n        pass\n",
        ),
        {**FULL, "test_timed_errors": 0, "test_first_finishers": 0},
        messages={"test_timed_errors": "finally", "test_first_finishers": "did not finish"},
    ),
    # Swallows the exception (and copies only the name); takes results as they arrive but
    # reports the announced duration instead of the time it saw each one.
    "swallows": Variant(
        _with(
            timed=_timed(
                wraps="",
                body=(
                    "            started = time.perf_counter()\n"
                    "            try:\n"
                    "                return await func(*args, **kwargs)\n"
                    "            except Exception:\n"
                    "                return None\n"
                    "            finally:\n"
                    "                timings.append((func.__name__, time.perf_counter() - started))\n"
                ),
                copy="        wrapper.__name__ = func.__name__\n",
            ),
            first_finishers=(
                "async def first_finishers(durations):\n"
                "    async def job(i, d):\n"
                '        await delay(d, f"job {i}")\n'
                "        return i\n"
                "    seen = []\n"
                "    for next_one in asyncio.as_completed([job(i, d) for i, d in enumerate(durations)]):\n"
                "        i = await next_one\n"
                '        seen.append((f"job {i}", durations[i]))\n'
                "    return seen\n"
            ),
        ),
        {**FULL, "test_timed_wraps": 0, "test_timed_errors": 0, "test_first_finishers": 0},
        messages={
            "test_timed_wraps": "__doc__",
            "test_timed_errors": "should raise that same error",
            "test_first_finishers": "elapsed is the time between",
        },
    ),
    # An async wrapper that forgets `await`: callers get the inner coroutine back, untouched.
    "no_await": Variant(
        _with(timed=CORRECT["timed"].replace("return await func(", "return func(")),
        {**FULL, "test_timed_durations": 0, "test_timed_errors": 0},
        messages={"test_timed_durations": "returned the wrong value", "test_timed_errors": "must `await"},
    ),
}


# Exercise 5 (first_success), folded into the variants above: the wrong ways real students
# race fetchers. The variants not listed here answer it right (CORRECT, through _with).
_LOOP = (
    "async def first_success(fetchers):\n"
    "    pending = {asyncio.create_task(fetch()) for fetch in fetchers}\n"
    "    while pending:\n"
    "        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)\n"
    "        for task in done:\n"
    "            if task.exception() is None:\n"
)
FIRST_SUCCESS_WRONG = {
    # gather waits for every fetcher: the slowest one's time
    "sequential": (
        "async def first_success(fetchers):\n"
        "    results = await asyncio.gather(*(fetch() for fetch in fetchers), return_exceptions=True)\n"
        "    for result in results:\n"
        "        if not isinstance(result, Exception):\n"
        "            return result\n"
        "    raise ConnectionError('every fetcher failed')\n",
        "you waited for all of them",
    ),
    # the losers are never cancelled: still running when first_success returns
    "time_sleep": (
        _LOOP + "                return task.result()\n    raise ConnectionError('every fetcher failed')\n",
        "were still running",
    ),
    # cancelled, but not awaited
    "global_list": (
        _LOOP + "                for loser in pending:\n"
        "                    loser.cancel()\n"
        "                return task.result()\n"
        "    raise ConnectionError('every fetcher failed')\n",
        "were still stopping",
    ),
    # FIRST_EXCEPTION: stops at the first failure (and waits for all when none fails)
    "process_time": (
        "async def first_success(fetchers):\n"
        "    tasks = [asyncio.create_task(fetch()) for fetch in fetchers]\n"
        "    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)\n"
        "    for task in pending:\n"
        "        task.cancel()\n"
        "    await asyncio.gather(*pending, return_exceptions=True)\n"
        "    for task in done:\n"
        "        if task.exception() is None:\n"
        "            return task.result()\n"
        "    raise ConnectionError('no answer')\n",
        "a failure is not the end of the race",
    ),
    # the first to finish wins, even a failure: its error swallowed into None
    "swallows": (
        "async def first_success(fetchers):\n"
        "    tasks = [asyncio.create_task(fetch()) for fetch in fetchers]\n"
        "    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)\n"
        "    for task in pending:\n"
        "        task.cancel()\n"
        "    await asyncio.gather(*pending, return_exceptions=True)\n"
        "    try:\n"
        "        return done.pop().result()\n"
        "    except ConnectionError:\n"
        "        return None\n",
        "the first success arrives at",
    ),
    # when every fetcher fails it returns None instead of raising
    "no_finally": (
        "async def first_success(fetchers):\n"
        "    pending = {asyncio.create_task(fetch()) for fetch in fetchers}\n"
        "    try:\n"
        "        while pending:\n"
        "            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)\n"
        "            for task in done:\n"
        "                if task.exception() is None:\n"
        "                    return task.result()\n"
        "    finally:\n"
        "        for task in pending:\n"
        "            task.cancel()\n"
        "        await asyncio.gather(*pending, return_exceptions=True)\n",
        "every fetcher failed, but",
    ),
}
for _name, (_answer, _message) in FIRST_SUCCESS_WRONG.items():
    VARIANTS[_name].answers["first_success"] = _answer
    VARIANTS[_name].expected["test_first_success"] = 0
    VARIANTS[_name].messages["test_first_success"] = _message
