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


# asyncio.wrap_future over pool.submit; blocks handed over as row views (np.array_split of the
# matrix itself); bare threads that report back with call_soon_threadsafe into an asyncio.Queue.
FOURTH_WAY = {
    "fetch_statuses": (
        "async def fetch_statuses(urls, workers):\n"
        "    with ThreadPoolExecutor(max_workers=workers) as pool:\n"
        "        jobs = [asyncio.wrap_future(pool.submit(status_of, url)) for url in urls]\n"
        "        return await asyncio.gather(*jobs)\n"
    ),
    "row_means": (
        "async def row_means(matrix, chunks):\n"
        "    blocks = np.array_split(matrix, chunks)\n"
        "    parts = await asyncio.gather(*(asyncio.to_thread(block_means, block, 0, len(block)) for block in blocks))\n"
        "    return np.concatenate(parts)\n"
    ),
    "first_answers": (
        "async def first_answers(urls):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    answers = asyncio.Queue()\n"
        "    def fetch(url):\n"
        "        status = status_of(url)\n"
        "        loop.call_soon_threadsafe(answers.put_nowait, (url, status))\n"
        "    for url in urls:\n"
        "        threading.Thread(target=fetch, args=(url,), daemon=True).start()\n"
        "    return [await answers.get() for _ in urls]\n"
    ),
}


def _with(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


NOTHING = {k: 0 for k in FULL}

# Misconceptions: each variant breaks one answer per exercise (the tests are independent), and
# `messages` names what each failed test must tell the student.
VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    # call_soon_threadsafe from a bare thread is pending work once the harness counts live threads (issue 18).
    "fourth_way": Variant(FOURTH_WAY, FULL),
    "unanswered": Variant({}, NOTHING, messages={"test_row_means": "not written yet"}),
    # Everything on the loop's own thread: requests one at a time, numpy on the loop, and the
    # answers gathered in the order of the URLs.
    "sequential": Variant(
        {
            "fetch_statuses": "async def fetch_statuses(urls, workers):\n    return [status_of(url) for url in urls]\n",
            "row_means": (
                "async def row_means(matrix, chunks):\n"
                "    rows = len(matrix)\n"
                "    return np.concatenate([block_means(matrix, rows * i // chunks, rows * (i + 1) // chunks)\n"
                "                           for i in range(chunks)])\n"
            ),
            "first_answers": (
                "async def first_answers(urls):\n"
                "    statuses = await asyncio.gather(*(asyncio.to_thread(status_of, url) for url in urls))\n"
                "    return list(zip(urls, statuses))\n"
            ),
        },
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0, "test_row_means": 0, "test_first_answers": 0},
        messages={
            "test_fetch_statuses": "blocked the event loop",
            "test_fetch_statuses_bounded": "blocked the event loop",
            "test_row_means": "event loop's own thread",
            "test_first_answers": "order of `urls`",
        },
    ),
    # "Give the threads time" with time.sleep; a task per row; concurrent.futures.as_completed
    # right in the coroutine (the loop waits with it).
    "time_sleep": Variant(
        {
            "fetch_statuses": (
                "async def fetch_statuses(urls, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    with ThreadPoolExecutor(workers) as pool:\n"
                "        jobs = [loop.run_in_executor(pool, status_of, url) for url in urls]\n"
                "        time.sleep(0.5)\n"
                "        return await asyncio.gather(*jobs)\n"
            ),
            "row_means": (
                "async def row_means(matrix, chunks):\n"
                "    parts = await asyncio.gather(*(asyncio.to_thread(block_means, matrix, r, r + 1) for r in range(len(matrix))))\n"
                "    return np.concatenate(parts)\n"
            ),
            "first_answers": (
                "async def first_answers(urls):\n"
                "    with ThreadPoolExecutor(max_workers=len(urls) or 1) as pool:\n"
                "        futures = {pool.submit(status_of, url): url for url in urls}\n"
                "        return [(futures[f], f.result()) for f in concurrent.futures.as_completed(futures)]\n"
            ),
        },
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0, "test_row_means": 0, "test_first_answers": 0},
        messages={
            "test_fetch_statuses": "time.sleep",
            "test_fetch_statuses_bounded": "time.sleep",
            "test_row_means": "a task per row",
            "test_first_answers": "blocked the event loop",
        },
    ),
    # A pool, but each request awaited before the next; blocks awaited one by one; the order
    # predicted from the delays the URLs announce.
    "one_by_one": Variant(
        {
            "fetch_statuses": (
                "async def fetch_statuses(urls, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    statuses = []\n"
                "    with ThreadPoolExecutor(max_workers=workers) as pool:\n"
                "        for url in urls:\n"
                "            statuses.append(await loop.run_in_executor(pool, status_of, url))\n"
                "    return statuses\n"
            ),
            "row_means": (
                "async def row_means(matrix, chunks):\n"
                "    rows = len(matrix)\n"
                "    parts = []\n"
                "    for i in range(chunks):\n"
                "        parts.append(await asyncio.to_thread(block_means, matrix, rows * i // chunks, rows * (i + 1) // chunks))\n"
                "    return np.concatenate(parts)\n"
            ),
            "first_answers": (
                "async def first_answers(urls):\n"
                "    statuses = await asyncio.gather(*(asyncio.to_thread(status_of, url) for url in urls))\n"
                "    def announced(url):\n"
                "        return float(url.split('/delay/')[1]) if '/delay/' in url else 0.0\n"
                "    return sorted(zip(urls, statuses), key=lambda pair: announced(pair[0]))\n"
            ),
        },
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0, "test_row_means": 0, "test_first_answers": 0},
        messages={
            "test_fetch_statuses": "in flight at once",
            "test_fetch_statuses_bounded": "in flight at once",
            "test_row_means": "one after another",
            "test_first_answers": "sorted by the delay each url announces",
        },
    ),
    # to_thread for every URL with no limit; rows // chunks per block (the remainder is lost);
    # as_completed over coroutines that call the blocking status_of themselves.
    "unbounded": Variant(
        {
            "fetch_statuses": (
                "async def fetch_statuses(urls, workers):\n"
                "    return await asyncio.gather(*(asyncio.to_thread(status_of, url) for url in urls))\n"
            ),
            "row_means": (
                "async def row_means(matrix, chunks):\n"
                "    step = len(matrix) // chunks\n"
                "    jobs = [asyncio.to_thread(block_means, matrix, i * step, (i + 1) * step) for i in range(chunks)]\n"
                "    return np.concatenate(await asyncio.gather(*jobs))\n"
            ),
            "first_answers": (
                "async def first_answers(urls):\n"
                "    async def one(url):\n"
                "        return url, status_of(url)\n"
                "    return [await answer for answer in asyncio.as_completed([one(url) for url in urls])]\n"
            ),
        },
        {**FULL, "test_fetch_statuses": 0, "test_fetch_statuses_bounded": 0, "test_row_means": 0, "test_first_answers": 0},
        messages={
            "test_fetch_statuses": "create your own",
            "test_fetch_statuses_bounded": "should never",
            "test_row_means": "rows are missing",
            "test_first_answers": "blocked the event loop",
        },
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        NOTHING,
        edits={"test_fetch_statuses": "pass", "test_row_means": "pass"},
        delete=("first_answers",),
        messages={"test_row_means": "not written yet"},
    ),
}
