"""Sample submissions for 11_distributed: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_estimate_pi": 3, "test_word_count": 3, "test_fetch_digests": 3}
NOTHING = {k: 0 for k in FULL}

# async for over as_completed, stop at the tolerance and client.cancel; client.map and merge_counts
# locally as each count arrives (async for over as_completed); a coroutine per URL (fetch, then digest).
CORRECT = {
    "estimate_pi": (
        "async def estimate_pi(address, jobs, tolerance):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        futures = {client.submit(count_inside, seed, n): (seed, n) for seed, n in jobs}\n"
        "        inside = points = 0\n"
        "        used = []\n"
        "        async for future in as_completed(list(futures)):\n"
        "            seed, n = futures[future]\n"
        "            inside += await future\n"
        "            points += n\n"
        "            used.append(seed)\n"
        "            if abs(4 * inside / points - math.pi) <= tolerance:\n"
        "                await client.cancel(list(futures))\n"
        "                break\n"
        "    return 4 * inside / points, used\n"
    ),
    "word_count": (
        "async def word_count(address, texts, progress):\n"
        "    total = {}\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        async for future in as_completed(client.map(count_words, texts)):\n"
        "            total = merge_counts(total, await future)\n"
        "            progress(total)\n"
        "    return total\n"
    ),
    "fetch_digests": (
        "async def fetch_digests(address, urls):\n"
        "    async with Client(address, asynchronous=True) as client, aiohttp.ClientSession() as session:\n"
        "        async def one(url):\n"
        "            async with session.get(url) as response:\n"
        "                body = await response.read()\n"
        "            return await client.submit(digest, body)\n"
        "        return await asyncio.gather(*(one(url) for url in urls))\n"
    ),
}

# asyncio.wait(FIRST_COMPLETED) over the cluster futures wrapped in tasks, with a client closed
# by hand in `finally`; asyncio.as_completed over the futures, into a Counter; scatter, then map over it.
ALTERNATIVE = {
    "estimate_pi": (
        "async def estimate_pi(address, jobs, tolerance):\n"
        "    client = await Client(address, asynchronous=True)\n"
        "    try:\n"
        "        futures = client.map(count_inside, [s for s, _ in jobs], [n for _, n in jobs])\n"
        "        pending = {asyncio.ensure_future(f): job for f, job in zip(futures, jobs)}\n"
        "        inside = points = 0\n"
        "        used = []\n"
        "        while pending:\n"
        "            done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)\n"
        "            for task in done:\n"
        "                seed, n = pending.pop(task)\n"
        "                inside, points = inside + task.result(), points + n\n"
        "                used.append(seed)\n"
        "                if abs(4.0 * inside / points - math.pi) <= tolerance:\n"
        "                    for rest in pending:\n"
        "                        rest.cancel()\n"
        "                    await asyncio.gather(*pending, return_exceptions=True)\n"
        "                    await client.cancel(futures)\n"
        "                    pending = {}\n"
        "                    break\n"
        "    finally:\n"
        "        await client.close()\n"
        "    return 4.0 * inside / points, used\n"
    ),
    "word_count": (
        "async def word_count(address, texts, progress):\n"
        "    total = Counter()\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        futures = [client.submit(count_words, text) for text in texts]\n"
        "        for arrival in asyncio.as_completed(futures):\n"
        "            total.update(await arrival)\n"
        "            progress(total)\n"
        "    return dict(total)\n"
    ),
    "fetch_digests": (
        "async def fetch_digests(address, urls):\n"
        "    async with aiohttp.ClientSession() as session:\n"
        "        async def get(url):\n"
        "            async with session.get(url) as response:\n"
        "                return await response.read()\n"
        "        bodies = await asyncio.gather(*map(get, urls))\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        scattered = await client.scatter(list(bodies))\n"
        "        return await client.gather(client.map(digest, scattered))\n"
    ),
}

# asyncio.as_completed over a coroutine per job (submit, then await), math.isclose as the test; each
# merge as one more cluster task, with as_completed(with_results=True); asyncio.as_completed over the fetches, digests gathered by index.
THIRD_WAY = {
    "estimate_pi": (
        "async def estimate_pi(address, jobs, tolerance):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        async def one(seed, n):\n"
        "            return seed, n, await client.submit(count_inside, seed, n)\n"
        "        tasks = [asyncio.create_task(one(seed, n)) for seed, n in jobs]\n"
        "        counts, sizes, used = [], [], []\n"
        "        for arrival in asyncio.as_completed(tasks):\n"
        "            seed, n, inside = await arrival\n"
        "            counts.append(inside)\n"
        "            sizes.append(n)\n"
        "            used.append(seed)\n"
        "            if math.isclose(4 * sum(counts) / sum(sizes), math.pi, rel_tol=0, abs_tol=tolerance):\n"
        "                break\n"
        "        for task in tasks:\n"
        "            task.cancel()\n"
        "        await asyncio.gather(*tasks, return_exceptions=True)\n"
        "    return 4 * sum(counts) / sum(sizes), used\n"
    ),
    "word_count": (
        "async def word_count(address, texts, progress):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        total = None\n"
        "        async for _, counts in as_completed(client.map(count_words, texts), with_results=True):\n"
        "            total = counts if total is None else await client.submit(merge_counts, total, counts)\n"
        "            progress(total)\n"
        "    return total\n"
    ),
    "fetch_digests": (
        "async def fetch_digests(address, urls):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        async with aiohttp.ClientSession() as session:\n"
        "            async def get(i, url):\n"
        "                async with session.get(url) as response:\n"
        "                    return i, await response.read()\n"
        "            futures = [None] * len(urls)\n"
        "            for arrival in asyncio.as_completed([get(i, u) for i, u in enumerate(urls)]):\n"
        "                i, body = await arrival\n"
        "                futures[i] = client.submit(digest, body)\n"
        "        return await client.gather(futures)\n"
    ),
}

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, NOTHING, messages={"test_word_count": "not written yet"}),
    # Each task awaited before the next is submitted: the scheduler sees each task arrive after
    # the previous one finished; one count after another; one request after another.
    "sequential": Variant(
        {
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    inside = points = 0\n"
                "    used = []\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        for seed, n in jobs:\n"
                "            inside += await client.submit(count_inside, seed, n)\n"
                "            points += n\n"
                "            used.append(seed)\n"
                "            if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "                break\n"
                "    return 4 * inside / points, used\n"
            ),
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    total = {}\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        for text in texts:\n"
                "            total = merge_counts(total, await client.submit(count_words, text))\n"
                "            progress(total)\n"
                "    return total\n"
            ),
            "fetch_digests": (
                "async def fetch_digests(address, urls):\n"
                "    digests = []\n"
                "    async with Client(address, asynchronous=True) as client, aiohttp.ClientSession() as session:\n"
                "        for url in urls:\n"
                "            async with session.get(url) as response:\n"
                "                body = await response.read()\n"
                "            digests.append(await client.submit(digest, body))\n"
                "    return digests\n"
            ),
        },
        NOTHING,
        messages={
            "test_estimate_pi": "before you submitted the next",
            "test_word_count": "one after another",
            "test_fetch_digests": "in flight at once",
        },
    ),
    # Blocking habits from synchronous code: sleep, then future.result() (a coroutine on an
    # asynchronous client); the words counted in the coroutine; requests.get in the coroutine.
    "time_sleep": Variant(
        {
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        futures = {client.submit(count_inside, seed, n): (seed, n) for seed, n in jobs}\n"
                "        time.sleep(0.2)\n"
                "        inside = points = 0\n"
                "        used = []\n"
                "        for future in futures:\n"
                "            seed, n = futures[future]\n"
                "            inside += future.result()\n"
                "            points += n\n"
                "            used.append(seed)\n"
                "            if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "                break\n"
                "    return 4 * inside / points, used\n"
            ),
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    total = {}\n"
                "    for text in texts:\n"
                "        total = merge_counts(total, count_words(text))\n"
                "        progress(total)\n"
                "    return total\n"
            ),
            "fetch_digests": (
                "import requests\n"
                "async def fetch_digests(address, urls):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        bodies = [requests.get(url, timeout=10).content for url in urls]\n"
                "        return await client.gather(client.map(digest, bodies))\n"
            ),
        },
        NOTHING,
        messages={
            "test_estimate_pi": "coroutine",
            "test_word_count": "not on the cluster",
            "test_fetch_digests": "in flight at once",
        },
    ),
    # The counts taken in the order of submission (a long job first holds up the others); a forgotten
    # await: the gather's coroutine merged, or the futures returned.
    "no_await": Variant(
        {
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        futures = [client.submit(count_inside, seed, n) for seed, n in jobs]\n"
                "        inside = points = 0\n"
                "        used = []\n"
                "        for future, (seed, n) in zip(futures, jobs):  # in the order of submission\n"
                "            inside += await future\n"
                "            points += n\n"
                "            used.append(seed)\n"
                "            if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "                await client.cancel(futures)\n"
                "                break\n"
                "    return 4 * inside / points, used\n"
            ),
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        counts = client.gather(client.map(count_words, texts))\n"
                "        total = merge_counts(*counts)\n"
                "        progress(total)\n"
                "        return total\n"
            ),
            "fetch_digests": (
                "async def fetch_digests(address, urls):\n"
                "    async with aiohttp.ClientSession() as session:\n"
                "        async def get(url):\n"
                "            async with session.get(url) as response:\n"
                "                return await response.read()\n"
                "        bodies = await asyncio.gather(*(get(url) for url in urls))\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        return [client.submit(digest, body) for body in bodies]\n"
            ),
        },
        NOTHING,
        messages={
            "test_estimate_pi": "order you submitted",
            "test_word_count": "TypeError",
            "test_fetch_digests": "cluster futures",
        },
    ),
    # Work done in the wrong place or merged wrongly: pi counted in the coroutine, counts merged
    # with dict.update (the last count of a word wins), digests computed in the coroutine.
    "local": Variant(
        {
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    inside = points = 0\n"
                "    used = []\n"
                "    for seed, n in jobs:\n"
                "        inside += count_inside(seed, n)\n"
                "        points += n\n"
                "        used.append(seed)\n"
                "        if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "            break\n"
                "    return 4 * inside / points, used\n"
            ),
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    total = {}\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        async for future in as_completed(client.map(count_words, texts)):\n"
                "            total.update(await future)\n"
                "            progress(total)\n"
                "    return total\n"
            ),
            "fetch_digests": (
                "async def fetch_digests(address, urls):\n"
                "    async with aiohttp.ClientSession() as session:\n"
                "        async def one(url):\n"
                "            async with session.get(url) as response:\n"
                "                return digest(await response.read())\n"
                "        return await asyncio.gather(*(one(url) for url in urls))\n"
            ),
        },
        NOTHING,
        messages={
            "test_estimate_pi": "ran no count_inside task",
            "test_word_count": "dict.update",
            "test_fetch_digests": "not on the cluster",
        },
    ),
    # Clients never closed; the fetches done by the two worker threads (a closure over requests).
    "unclosed": Variant(
        {
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    client = await Client(address, asynchronous=True)\n"
                "    futures = {client.submit(count_inside, seed, n): (seed, n) for seed, n in jobs}\n"
                "    inside = points = 0\n"
                "    used = []\n"
                "    async for future in as_completed(list(futures)):\n"
                "        seed, n = futures[future]\n"
                "        inside += await future\n"
                "        points += n\n"
                "        used.append(seed)\n"
                "        if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "            await client.cancel(list(futures))\n"
                "            break\n"
                "    return 4 * inside / points, used\n"
            ),
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    client = await Client(address, asynchronous=True)\n"
                "    total = {}\n"
                "    async for future in as_completed(client.map(count_words, texts)):\n"
                "        total = merge_counts(total, await future)\n"
                "        progress(total)\n"
                "    return total\n"
            ),
            "fetch_digests": (
                "import requests\n"
                "async def fetch_digests(address, urls):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        futures = client.map(lambda url: digest(requests.get(url, timeout=10).content), urls)\n"
                "        return await client.gather(futures)\n"
            ),
        },
        NOTHING,
        messages={
            "test_estimate_pi": "async with Client",
            "test_word_count": "left its client open",
            "test_fetch_digests": "in flight at once",
        },
    ),
    # Fakes of evidence (issue 22): the work done in the kernel by a thread renamed like a dask
    # worker's; the shared lab server's `stats` replaced on the instance, then one fetch at a time.
    "fake_evidence": Variant(
        {
            "estimate_pi": (
                "import threading\n"
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    threading.current_thread().name = 'Dask-Default-Threads-1-0'\n"
                "    inside = points = 0\n"
                "    used = []\n"
                "    for seed, n in jobs:\n"
                "        inside += count_inside(seed, n)\n"
                "        points += n\n"
                "        used.append(seed)\n"
                "        if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "            break\n"
                "    return 4 * inside / points, used\n"
            ),
            "word_count": (
                "import threading\n"
                "async def word_count(address, texts, progress):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        threading.current_thread().name = 'Dask-Default-Threads-1-0'\n"
                "        total = {}\n"
                "        for text in texts:\n"
                "            total = merge_counts(total, count_words(text))\n"
                "            progress(total)\n"
                "        return total\n"
            ),
            "fetch_digests": (
                "server.stats = lambda: {'requests': 99, 'in_flight': 0, 'max_in_flight': 99, 'cancelled': 0}\n"
                "async def fetch_digests(address, urls):\n"
                "    digests = []\n"
                "    async with Client(address, asynchronous=True) as client, aiohttp.ClientSession() as session:\n"
                "        for url in urls:\n"
                "            async with session.get(url) as response:\n"
                "                digests.append(await client.submit(digest, await response.read()))\n"
                "    return digests\n"
            ),
        },
        NOTHING,
        flagged=True,  # the renamed thread changes threading's state: read by hand
        messages={
            "test_estimate_pi": "not a thread's name",
            "test_word_count": "not a thread's name",
            "test_fetch_digests": "separate process",
        },
    ),
    # Every count waited for, though the first good estimate came early (it is returned); the word
    # counts gathered first and merged afterwards (the progress calls all come after the last count).
    "waits_for_all": Variant(
        {
            **CORRECT,
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        counts = await client.gather(client.map(count_words, texts))\n"
                "    total = {}\n"
                "    for part in counts:  # merged after every count is in\n"
                "        total = merge_counts(total, part)\n"
                "        progress(total)\n"
                "    return total\n"
            ),
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        futures = {client.submit(count_inside, seed, n): (seed, n) for seed, n in jobs}\n"
                "        inside = points = 0\n"
                "        used, answer = [], None\n"
                "        async for future in as_completed(list(futures)):  # every count, then the first good estimate\n"
                "            seed, n = futures[future]\n"
                "            inside += await future\n"
                "            points += n\n"
                "            used.append(seed)\n"
                "            if answer is None and abs(4 * inside / points - math.pi) <= tolerance:\n"
                "                answer = 4 * inside / points, list(used)\n"
                "    return answer or (4 * inside / points, used)\n"
            ),
        },
        {**FULL, "test_estimate_pi": 0, "test_word_count": 0},
        messages={"test_word_count": "waited for every count", "test_estimate_pi": "ran all"},
    ),
    # Stops at the right count, but leaves the futures it does not need pending; progress reported
    # once, at the end.
    "no_cancel": Variant(
        {
            **CORRECT,
            "word_count": (
                "async def word_count(address, texts, progress):\n"
                "    total = {}\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        async for future in as_completed(client.map(count_words, texts)):\n"
                "            total = merge_counts(total, await future)\n"
                "    progress(total)  # once, at the end\n"
                "    return total\n"
            ),
            "estimate_pi": (
                "async def estimate_pi(address, jobs, tolerance):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        futures = {client.submit(count_inside, seed, n): (seed, n) for seed, n in jobs}\n"
                "        inside = points = 0\n"
                "        used = []\n"
                "        async for future in as_completed(list(futures)):\n"
                "            seed, n = futures[future]\n"
                "            inside += await future\n"
                "            points += n\n"
                "            used.append(seed)\n"
                "            if abs(4 * inside / points - math.pi) <= tolerance:\n"
                "                break  # the other futures are never cancelled\n"
                "    return 4 * inside / points, used\n"
            ),
        },
        {**FULL, "test_estimate_pi": 0, "test_word_count": 0},
        messages={"test_word_count": "calling it once", "test_estimate_pi": "client.cancel(futures)"},
    ),
    # The parameter ignored: every answer connects to the notebook's own cluster, ADDRESS.
    "wrong_cluster": Variant(
        {gid: code.replace("Client(address,", "Client(ADDRESS,") for gid, code in CORRECT.items()},
        NOTHING,
        messages={k: "notebook's own cluster" for k in FULL},
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell; the estimate
    # made from the last count alone.
    "edited_tests": Variant(
        {"estimate_pi": (
            "async def estimate_pi(address, jobs, tolerance):\n"
            "    async with Client(address, asynchronous=True) as client:\n"
            "        futures = {client.submit(count_inside, seed, n): (seed, n) for seed, n in jobs}\n"
            "        used = []\n"
            "        async for future in as_completed(list(futures)):\n"
            "            seed, n = futures[future]\n"
            "            estimate = 4 * await future / n  # this count alone\n"
            "            used.append(seed)\n"
            "            if abs(estimate - math.pi) <= tolerance:\n"
            "                break\n"
            "    return estimate, used\n"
        )},
        NOTHING,
        edits={"test_estimate_pi": "pass", "test_word_count": "pass"},
        delete=("fetch_digests",),
        messages={"test_estimate_pi": "not the last count alone", "test_word_count": "not written yet"},
    ),
}
