"""Sample submissions for 09_threads: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {
    "test_fetch_statuses": 3,
    "test_fetch_statuses_bounded": 2,
    "test_row_means": 4,
    "test_first_answers": 3,
}

# run_in_executor + functools.partial on a pool of the right size, then gather.
CORRECT = {
    "fetch_statuses": (
        "async def fetch_statuses(urls, workers):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    with ThreadPoolExecutor(max_workers=workers) as pool:\n"
        "        futures = [loop.run_in_executor(pool, functools.partial(status_of, url)) for url in urls]\n"
        "        return await asyncio.gather(*futures)\n"
    ),
    "row_means": (
        "async def row_means(matrix, chunks):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    rows = matrix.shape[0]\n"
        "    bounds = [(rows * i // chunks, rows * (i + 1) // chunks) for i in range(chunks)]\n"
        "    with ThreadPoolExecutor(max_workers=chunks) as pool:\n"
        "        parts = await asyncio.gather(\n"
        "            *(loop.run_in_executor(pool, functools.partial(block_means, matrix, a, b)) for a, b in bounds)\n"
        "        )\n"
        "    return np.concatenate(parts)\n"
    ),
    "first_answers": (
        "async def first_answers(urls):\n"
        "    async def one(url):\n"
        "        return url, await asyncio.to_thread(status_of, url)\n"
        "    return [await answer for answer in asyncio.as_completed([one(url) for url in urls])]\n"
    ),
}

# run_in_executor without partial, futures awaited in order, a pool shut down by hand; to_thread per block; asyncio.wait(FIRST_COMPLETED).
ALTERNATIVE = {
    "fetch_statuses": (
        "async def fetch_statuses(urls, workers):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    pool = ThreadPoolExecutor(workers)\n"
        "    try:\n"
        "        futures = [loop.run_in_executor(pool, status_of, u) for u in urls]\n"
        "        return [await future for future in futures]\n"
        "    finally:\n"
        "        pool.shutdown(wait=False)\n"
    ),
    "row_means": (
        "async def row_means(matrix, chunks):\n"
        "    pieces = np.array_split(np.arange(matrix.shape[0]), chunks)\n"
        "    jobs = [asyncio.to_thread(block_means, matrix, p[0] if len(p) else 0, p[-1] + 1 if len(p) else 0)\n"
        "            for p in pieces]\n"
        "    return np.concatenate(await asyncio.gather(*jobs))\n"
    ),
    "first_answers": (
        "async def first_answers(urls):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    with ThreadPoolExecutor(max_workers=max(1, len(urls))) as pool:\n"
        "        pending = {loop.run_in_executor(pool, status_of, url): url for url in urls}\n"
        "        arrived = []\n"
        "        waiting = set(pending)\n"
        "        while waiting:\n"
        "            done, waiting = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)\n"
        "            for future in done:\n"
        "                arrived.append((pending[future], future.result()))\n"
        "        return arrived\n"
    ),
}

# The whole blocking pool.map / concurrent.futures.as_completed run in one worker thread.
THIRD_WAY = {
    "fetch_statuses": (
        "async def fetch_statuses(urls, workers):\n"
        "    def all_of_them():\n"
        "        with ThreadPoolExecutor(workers) as pool:\n"
        "            return list(pool.map(status_of, urls))\n"
        "    return await asyncio.to_thread(all_of_them)\n"
    ),
    "row_means": (
        "async def row_means(matrix, chunks):\n"
        "    n = len(matrix)\n"
        "    size, extra = divmod(n, chunks)\n"
        "    starts = [i * size + min(i, extra) for i in range(chunks + 1)]\n"
        "    def compute():\n"
        "        with ThreadPoolExecutor(chunks) as pool:\n"
        "            return list(pool.map(block_means, [matrix] * chunks, starts[:-1], starts[1:]))\n"
        "    return np.concatenate(await asyncio.to_thread(compute))\n"
    ),
    "first_answers": (
        "async def first_answers(urls):\n"
        "    def in_arrival_order():\n"
        "        with ThreadPoolExecutor(max_workers=len(urls) or 1) as pool:\n"
        "            futures = {pool.submit(status_of, url): url for url in urls}\n"
        "            return [(futures[f], f.result()) for f in concurrent.futures.as_completed(futures)]\n"
        "    return await asyncio.to_thread(in_arrival_order)\n"
    ),
}


def _with(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


NOTHING = {k: 0 for k in FULL}

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    # Jobs bridged by hand from the pool: the virtual clock sees busy pool threads as real work.
    "wrap_future": Variant(
        {
            **CORRECT,
            "fetch_statuses": (
                "async def fetch_statuses(urls, workers):\n"
                "    with ThreadPoolExecutor(max_workers=workers) as pool:\n"
                "        jobs = [asyncio.wrap_future(pool.submit(status_of, url)) for url in urls]\n"
                "        return await asyncio.gather(*jobs)\n"
            ),
        },
        FULL,
    ),
    "unanswered": Variant({}, NOTHING),
    # requests.get right inside the coroutine: one at a time, and the loop is frozen meanwhile.
    "sequential": Variant(
        _with(fetch_statuses="async def fetch_statuses(urls, workers):\n    return [status_of(url) for url in urls]\n"),
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0},
    ),
    # A pool, but each request awaited before the next one is submitted: max_in_flight 1.
    "one_by_one": Variant(
        _with(fetch_statuses=(
            "async def fetch_statuses(urls, workers):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    statuses = []\n"
            "    with ThreadPoolExecutor(max_workers=workers) as pool:\n"
            "        for url in urls:\n"
            "            statuses.append(await loop.run_in_executor(pool, status_of, url))\n"
            "    return statuses\n"
        )),
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0},
    ),
    # to_thread for every URL with no limit: more than `workers` at once, and never more than the default pool.
    "unbounded": Variant(
        _with(fetch_statuses=(
            "async def fetch_statuses(urls, workers):\n"
            "    return await asyncio.gather(*(asyncio.to_thread(status_of, url) for url in urls))\n"
        )),
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0},
    ),
    # to_thread bounded by a Semaphore: fine up to the default pool's size, short of 40 workers.
    "to_thread_semaphore": Variant(
        _with(fetch_statuses=(
            "async def fetch_statuses(urls, workers):\n"
            "    gate = asyncio.Semaphore(workers)\n"
            "    async def one(url):\n"
            "        async with gate:\n"
            "            return await asyncio.to_thread(status_of, url)\n"
            "    return await asyncio.gather(*(one(url) for url in urls))\n"
        )),
        {**FULL, "test_fetch_statuses": 0},
    ),
    # Concurrent, but the statuses in the order the answers arrived.
    "arrival_order": Variant(
        _with(fetch_statuses=(
            "async def fetch_statuses(urls, workers):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    with ThreadPoolExecutor(workers) as pool:\n"
            "        jobs = [loop.run_in_executor(pool, status_of, url) for url in urls]\n"
            "        return [await job for job in asyncio.as_completed(jobs)]\n"
        )),
        {**FULL, "test_fetch_statuses": 0},
    ),
    # "Give the threads time": time.sleep holds the loop.
    "time_sleep": Variant(
        _with(fetch_statuses=(
            "async def fetch_statuses(urls, workers):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    with ThreadPoolExecutor(workers) as pool:\n"
            "        jobs = [loop.run_in_executor(pool, status_of, url) for url in urls]\n"
            "        time.sleep(0.5)\n"
            "        return await asyncio.gather(*jobs)\n"
        )),
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0},
    ),
    # numpy on the loop's thread: right numbers, but the loop computes instead of serving.
    "row_means_on_loop": Variant(
        _with(row_means=(
            "async def row_means(matrix, chunks):\n"
            "    rows = len(matrix)\n"
            "    return np.concatenate([block_means(matrix, rows * i // chunks, rows * (i + 1) // chunks)\n"
            "                           for i in range(chunks)])\n"
        )),
        {**FULL, "test_row_means": 0},
    ),
    # A task per row: thousands of tiny jobs.
    "row_means_per_row": Variant(
        _with(row_means=(
            "async def row_means(matrix, chunks):\n"
            "    parts = await asyncio.gather(*(asyncio.to_thread(block_means, matrix, r, r + 1) for r in range(len(matrix))))\n"
            "    return np.concatenate(parts)\n"
        )),
        {**FULL, "test_row_means": 0},
    ),
    # Blocks in threads, but each awaited before the next starts.
    "row_means_one_by_one": Variant(
        _with(row_means=(
            "async def row_means(matrix, chunks):\n"
            "    rows = len(matrix)\n"
            "    parts = []\n"
            "    for i in range(chunks):\n"
            "        parts.append(await asyncio.to_thread(block_means, matrix, rows * i // chunks, rows * (i + 1) // chunks))\n"
            "    return np.concatenate(parts)\n"
        )),
        {**FULL, "test_row_means": 0},
    ),
    # rows // chunks per block: the remainder rows are lost (the visible test divides evenly).
    "row_means_lost_rows": Variant(
        _with(row_means=(
            "async def row_means(matrix, chunks):\n"
            "    step = len(matrix) // chunks\n"
            "    jobs = [asyncio.to_thread(block_means, matrix, i * step, (i + 1) * step) for i in range(chunks)]\n"
            "    return np.concatenate(await asyncio.gather(*jobs))\n"
        )),
        {**FULL, "test_row_means": 0},
    ),
    "infinite_loop": Variant(
        _with(row_means="async def row_means(matrix, chunks):\n    while True:\n        pass\n"),
        {**FULL, "test_row_means": 0},
    ),
    # gather keeps the input order: not first come, first served.
    "first_answers_input_order": Variant(
        _with(first_answers=(
            "async def first_answers(urls):\n"
            "    statuses = await asyncio.gather(*(asyncio.to_thread(status_of, url) for url in urls))\n"
            "    return list(zip(urls, statuses))\n"
        )),
        {**FULL, "test_first_answers": 0},
    ),
    # concurrent.futures.as_completed right in the coroutine: the loop waits with it.
    "first_answers_blocking": Variant(
        _with(first_answers=(
            "async def first_answers(urls):\n"
            "    with ThreadPoolExecutor(max_workers=len(urls) or 1) as pool:\n"
            "        futures = {pool.submit(status_of, url): url for url in urls}\n"
            "        return [(futures[f], f.result()) for f in concurrent.futures.as_completed(futures)]\n"
        )),
        {**FULL, "test_first_answers": 0},
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        NOTHING,
        edits={"test_fetch_statuses": "pass", "test_row_means": "pass"},
        delete=("first_answers",),
    ),
    "exception": Variant(
        _with(first_answers="async def first_answers(urls):\n    raise ConnectionError('the server is down')\n"),
        {**FULL, "test_first_answers": 0},
    ),
}
