"""Sample submissions for 08_pitfalls: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {
    "test_fetch_all_results": 1,
    "test_fetch_all_concurrent": 3,
    "test_finish_times": 3,
    "test_checksum_result": 1,
    "test_checksum_cooperative": 3,
}

# aiohttp + gather; a sorted sweep; sleep(0) between chunks.
CORRECT = {
    "fetch_all": (
        "async def fetch_all(url, delays):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        async def fetch_one(seconds):\n"
        '            async with session.get(f"{url}/delay/{seconds}") as response:\n'
        '                return (await response.json())["delay"]\n'
        "        return await asyncio.gather(*(fetch_one(s) for s in delays))\n"
    ),
    "finish_times": (
        "def finish_times(jobs):\n"
        "    finished = [0.0] * len(jobs)\n"
        "    free_at = 0.0\n"
        "    for i in sorted(range(len(jobs)), key=lambda i: jobs[i][0]):\n"
        "        wait, work = jobs[i]\n"
        "        free_at = max(free_at, wait) + work\n"
        "        finished[i] = free_at\n"
        "    return finished\n"
    ),
    "checksum": (
        "async def checksum(n):\n"
        "    total = 0\n"
        "    for start in range(0, n, 10_000):\n"
        "        total += sum(mix(i) for i in range(start, min(start + 10_000, n)))\n"
        "        await asyncio.sleep(0)\n"
        "    return total\n"
    ),
}

# Keep requests, but in threads (to_thread); an event-by-event simulation; the sum in a thread.
ALTERNATIVE = {
    "fetch_all": (
        "def get_delay(url, seconds):\n"
        '    return requests.get(f"{url}/delay/{seconds}", timeout=10).json()["delay"]\n'
        "\n"
        "async def fetch_all(url, delays):\n"
        "    return list(await asyncio.gather(*[asyncio.to_thread(get_delay, url, s) for s in delays]))\n"
    ),
    "finish_times": (
        "def finish_times(jobs):\n"
        "    ready = sorted((wait, i) for i, (wait, _) in enumerate(jobs))\n"
        "    clock, result = 0, {}\n"
        "    for wait, i in ready:\n"
        "        if clock < wait:\n"
        "            clock = wait  # the loop sat idle until this job's I/O was done\n"
        "        clock += jobs[i][1]\n"
        "        result[i] = clock\n"
        "    return [result[i] for i in range(len(jobs))]\n"
    ),
    "checksum": (
        "def checksum_now(n):\n"
        "    return sum(mix(i) for i in range(n))\n"
        "\n"
        "async def checksum(n):\n"
        "    return await asyncio.to_thread(checksum_now, n)\n"
    ),
}

# run_in_executor with functools.partial and a requests.Session; tasks for aiohttp requests;
# a loop that yields every 20 000 values; the executor for the checksum is in THIRD_WAY_EXECUTOR.
THIRD_WAY = {
    "fetch_all": (
        "import functools\n"
        "\n"
        "async def fetch_all(url, delays):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    with requests.Session() as http:\n"
        "        def one(seconds):\n"
        '            return http.get(f"{url}/delay/{seconds}", timeout=10).json()["delay"]\n'
        "        futures = [loop.run_in_executor(None, functools.partial(one, s)) for s in delays]\n"
        "        return [await f for f in futures]\n"
    ),
    "finish_times": (
        "def finish_times(jobs):\n"
        "    t = 0\n"
        "    done = {}\n"
        "    for i, (wait, work) in sorted(enumerate(jobs), key=lambda pair: pair[1][0]):\n"
        "        t = max(t, wait) + work\n"
        "        done[i] = t\n"
        "    return [done[i] for i in sorted(done)]\n"
    ),
    "checksum": (
        "async def checksum(n):\n"
        "    total = 0\n"
        "    for i in range(n):\n"
        "        total += mix(i)\n"
        "        if i % 20_000 == 0:\n"
        "            await asyncio.sleep(0)\n"
        "    return total\n"
    ),
}

# aiohttp with create_task; a discrete-event simulation with a heap; run_in_executor for the checksum.
FOURTH_WAY = {
    "finish_times": (
        "import heapq\n"
        "def finish_times(jobs):\n"
        "    ready = [(wait, i) for i, (wait, _) in enumerate(jobs)]\n"
        "    heapq.heapify(ready)\n"
        "    loop_free, done = 0.0, [None] * len(jobs)\n"
        "    while ready:\n"
        "        became_ready, i = heapq.heappop(ready)\n"
        "        loop_free = max(loop_free, became_ready) + jobs[i][1]\n"
        "        done[i] = loop_free\n"
        "    return done\n"
    ),
    "fetch_all": (
        "async def fetch_all(url, delays):\n"
        "    async def one(session, seconds):\n"
        '        response = await session.get(f"{url}/delay/{seconds}")\n'
        "        data = await response.json()\n"
        "        response.release()\n"
        '        return data["delay"]\n'
        "    async with aiohttp.ClientSession() as session:\n"
        "        tasks = [asyncio.create_task(one(session, s)) for s in delays]\n"
        "        return [await task for task in tasks]\n"
    ),
    "checksum": (
        "async def checksum(n):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    return await loop.run_in_executor(None, lambda: sum(map(mix, range(n))))\n"
    ),
}

# The colleague's code, unchanged: right results, but requests.get holds the loop.
ORIGINAL_FETCH = (
    "async def fetch_one(url, seconds):\n"
    '    return requests.get(f"{url}/delay/{seconds}", timeout=10).json()["delay"]\n'
    "\n"
    "async def fetch_all(url, delays):\n"
    "    return await asyncio.gather(*(fetch_one(url, s) for s in delays))\n"
)

# aiohttp, but one request after another: nothing blocks, yet max_in_flight is 1.
SEQUENTIAL_AIOHTTP = (
    "async def fetch_all(url, delays):\n"
    "    results = []\n"
    "    async with aiohttp.ClientSession() as session:\n"
    "        for seconds in delays:\n"
    '            async with session.get(f"{url}/delay/{seconds}") as response:\n'
    '                results.append((await response.json())["delay"])\n'
    "    return results\n"
)

# Threads, but each one awaited before the next is started.
SEQUENTIAL_THREADS = (
    "async def fetch_all(url, delays):\n"
    "    return [\n"
    '        (await asyncio.to_thread(requests.get, f"{url}/delay/{s}", timeout=10)).json()["delay"]\n'
    "        for s in delays\n"
    "    ]\n"
)

# Chunks, but "yielding" with time.sleep(0): that gives nothing back to the event loop.
TIME_SLEEP_CHECKSUM = CORRECT["checksum"].replace("await asyncio.sleep(0)", "time.sleep(0)")

# Chunks in an async helper: awaiting a coroutine that never waits does not yield either.
AWAIT_WITHOUT_YIELD = (
    "async def add_chunk(start, stop):\n"
    "    return sum(mix(i) for i in range(start, stop))\n"
    "\n"
    "async def checksum(n):\n"
    "    total = 0\n"
    "    for start in range(0, n, 10_000):\n"
    "        total += await add_chunk(start, min(start + 10_000, n))\n"
    "    return total\n"
)


# When two jobs wait for the loop, the one with less work goes first: shortest-job-first.
SHORTEST_FIRST = (
    "def finish_times(jobs):\n"
    "    pending = sorted(range(len(jobs)), key=lambda i: jobs[i][0])\n"
    "    now, out = 0, [0] * len(jobs)\n"
    "    while pending:\n"
    "        ready = [i for i in pending if jobs[i][0] <= now]\n"
    "        if not ready:\n"
    "            now = jobs[pending[0]][0]\n"
    "            continue\n"
    "        i = min(ready, key=lambda i: jobs[i][1])\n"
    "        pending.remove(i)\n"
    "        now += jobs[i][1]\n"
    "        out[i] = now\n"
    "    return out\n"
)


def _with(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


# Misconceptions: each variant breaks one answer per exercise (the tests are independent), and
# `messages` names what each failed test must tell the student.
VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "fourth_way": Variant(_with(**FOURTH_WAY), FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}, messages={"test_finish_times": "not written yet"}),
    # aiohttp one request after another; everything added up; chunks summed by an async helper
    # that never waits (awaiting it does not give the loop back).
    "sequential": Variant(
        {
            "fetch_all": SEQUENTIAL_AIOHTTP,
            "finish_times": (
                "def finish_times(jobs):\n"
                "    t, out = 0, []\n"
                "    for wait, work in jobs:\n"
                "        t += wait + work\n"
                "        out.append(t)\n"
                "    return out\n"
            ),
            "checksum": AWAIT_WITHOUT_YIELD,
        },
        {**FULL, "test_fetch_all_concurrent": 0, "test_finish_times": 0, "test_checksum_cooperative": 0},
        messages={
            "test_fetch_all_concurrent": "in flight at once",
            "test_finish_times": "added everything up",
            "test_checksum_cooperative": "blocked the event loop",
        },
    ),
    # The colleague's requests.get, unchanged; computing parts that overlap as if each job had its
    # own CPU; chunks "yielding" with time.sleep(0).
    "time_sleep": Variant(
        {
            "fetch_all": ORIGINAL_FETCH,
            "finish_times": "def finish_times(jobs):\n    return [wait + work for wait, work in jobs]\n",
            "checksum": TIME_SLEEP_CHECKSUM,
        },
        {**FULL, "test_fetch_all_concurrent": 0, "test_finish_times": 0, "test_checksum_cooperative": 0},
        messages={
            "test_fetch_all_concurrent": "blocking http client",
            "test_finish_times": "compute at the same time",
            "test_checksum_cooperative": "blocked the event loop",
        },
    ),
    # Threads awaited one by one; jobs served in list order; the straightforward checksum.
    "sequential_threads": Variant(
        {
            "fetch_all": SEQUENTIAL_THREADS,
            "finish_times": (
                "def finish_times(jobs):\n"
                "    free_at, out = 0, []\n"
                "    for wait, work in jobs:\n"
                "        free_at = max(free_at, wait) + work\n"
                "        out.append(free_at)\n"
                "    return out\n"
            ),
            "checksum": "async def checksum(n):\n    return sum(mix(i) for i in range(n))\n",
        },
        {**FULL, "test_fetch_all_concurrent": 0, "test_finish_times": 0, "test_checksum_cooperative": 0},
        messages={
            "test_fetch_all_concurrent": "in flight at once",
            "test_finish_times": "order of the list",
            "test_checksum_cooperative": "blocked the event loop",
        },
    ),
    # Results in the order the answers arrived; shortest-job-first; the sum in a task, as if a task
# ran in the background (it runs on the same loop, and blocks it just the same).
    "completion_order": Variant(
        {
            "fetch_all": CORRECT["fetch_all"].replace(
                "return await asyncio.gather(*(fetch_one(s) for s in delays))",
                "return [await f for f in asyncio.as_completed([fetch_one(s) for s in delays])]",
            ),
            "finish_times": SHORTEST_FIRST,
            "checksum": (
                "async def checksum(n):\n"
                "    async def compute():\n"
                "        return sum(mix(i) for i in range(n))\n"
                "    return await asyncio.create_task(compute())  # a task is not a thread\n"
            ),
        },
        {**FULL, "test_fetch_all_results": 0, "test_fetch_all_concurrent": 0, "test_finish_times": 0,
         "test_checksum_cooperative": 0},
        messages={
            "test_fetch_all_results": "returned the wrong value",
            "test_fetch_all_concurrent": "order of delays",
            "test_finish_times": "least work",
            "test_checksum_cooperative": "blocked the event loop",
        },
    ),
    # Tests "edited" to pass and an answer cell deleted: the grader restores both.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_fetch_all_concurrent": "pass", "test_checksum_cooperative": "pass"},
        delete=("finish_times",),
        messages={"test_checksum_cooperative": "not written yet"},
    ),
}
