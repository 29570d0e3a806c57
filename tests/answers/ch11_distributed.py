"""Sample submissions for 11_distributed: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_monte_carlo_pi": 3, "test_word_count": 3, "test_fetch_digests": 3}
NOTHING = {k: 0 for k in FULL}

# client.map and client.gather; merge_counts locally; a coroutine per URL (fetch, then digest).
CORRECT = {
    "monte_carlo_pi": (
        "async def monte_carlo_pi(address, seeds, n):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        counts = await client.gather(client.map(count_inside, seeds, n=n))\n"
        "    return 4 * sum(counts) / (n * len(seeds))\n"
    ),
    "word_count": (
        "async def word_count(address, texts):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        counts = await client.gather(client.map(count_words, texts))\n"
        "    return merge_counts(*counts)\n"
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

# Futures submitted in a loop, then awaited one by one (all already running); a client closed
# by hand in `finally`; async for over distributed.as_completed; scatter, then map over it.
ALTERNATIVE = {
    "monte_carlo_pi": (
        "async def monte_carlo_pi(address, seeds, n):\n"
        "    client = await Client(address, asynchronous=True)\n"
        "    try:\n"
        "        futures = [client.submit(count_inside, seed, n) for seed in seeds]\n"
        "        inside = 0\n"
        "        for future in futures:\n"
        "            inside += await future\n"
        "    finally:\n"
        "        await client.close()\n"
        "    return 4.0 * inside / (len(seeds) * n)\n"
    ),
    "word_count": (
        "async def word_count(address, texts):\n"
        "    total = Counter()\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        futures = [client.submit(count_words, text) for text in texts]\n"
        "        async for future in as_completed(futures):\n"
        "            total.update(await future)\n"
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

# A lambda (cloudpickle sends it by value) and asyncio.gather over cluster futures; the merge
# as one more cluster task; asyncio.as_completed over the fetches, digests gathered by index.
THIRD_WAY = {
    "monte_carlo_pi": (
        "async def monte_carlo_pi(address, seeds, n):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        futures = client.map(lambda seed: count_inside(seed, n), seeds)\n"
        "        counts = await asyncio.gather(*futures)\n"
        "    return sum(4 * c / n for c in counts) / len(seeds)\n"
    ),
    "word_count": (
        "async def word_count(address, texts):\n"
        "    async with Client(address, asynchronous=True) as client:\n"
        "        parts = client.map(count_words, texts)\n"
        "        return await client.submit(merge_counts, *parts)\n"
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
            "monte_carlo_pi": (
                "async def monte_carlo_pi(address, seeds, n):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        counts = [await client.submit(count_inside, seed, n) for seed in seeds]\n"
                "    return 4 * sum(counts) / (n * len(seeds))\n"
            ),
            "word_count": (
                "async def word_count(address, texts):\n"
                "    counts = []\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        for text in texts:\n"
                "            counts.append(await client.submit(count_words, text))\n"
                "    return merge_counts(*counts)\n"
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
            "test_monte_carlo_pi": "awaited a count before it submitted the next",
            "test_word_count": "one after another",
            "test_fetch_digests": "in flight at once",
        },
    ),
    # Blocking habits from synchronous code: sleep, then future.result() (a coroutine on an
    # asynchronous client); the words counted in the coroutine; requests.get in the coroutine.
    "time_sleep": Variant(
        {
            "monte_carlo_pi": (
                "async def monte_carlo_pi(address, seeds, n):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        futures = client.map(count_inside, seeds, n=n)\n"
                "        time.sleep(0.2)\n"
                "        counts = [future.result() for future in futures]\n"
                "    return 4 * sum(counts) / (n * len(seeds))\n"
            ),
            "word_count": (
                "async def word_count(address, texts):\n"
                "    return merge_counts(*[count_words(text) for text in texts])\n"
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
            "test_monte_carlo_pi": "coroutine",
            "test_word_count": "not on the cluster",
            "test_fetch_digests": "in flight at once",
        },
    ),
    # A forgotten await: the gather's coroutine returned, merged, or the futures returned.
    "no_await": Variant(
        {
            "monte_carlo_pi": (
                "async def monte_carlo_pi(address, seeds, n):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        return client.gather(client.map(count_inside, seeds, n=n))\n"
            ),
            "word_count": (
                "async def word_count(address, texts):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        counts = client.gather(client.map(count_words, texts))\n"
                "        return merge_counts(*counts)\n"
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
            "test_monte_carlo_pi": "instead of a number",
            "test_word_count": "TypeError",
            "test_fetch_digests": "cluster futures",
        },
    ),
    # Work done in the wrong place or merged wrongly: pi counted in the coroutine, counts merged
    # with dict.update (the last count of a word wins), digests computed in the coroutine.
    "local": Variant(
        {
            "monte_carlo_pi": (
                "async def monte_carlo_pi(address, seeds, n):\n"
                "    counts = [count_inside(seed, n) for seed in seeds]\n"
                "    return 4 * sum(counts) / (n * len(seeds))\n"
            ),
            "word_count": (
                "async def word_count(address, texts):\n"
                "    total = {}\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        for counts in await client.gather(client.map(count_words, texts)):\n"
                "            total.update(counts)\n"
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
            "test_monte_carlo_pi": "ran no count_inside task",
            "test_word_count": "dict.update",
            "test_fetch_digests": "not on the cluster",
        },
    ),
    # Clients never closed; the fetches done by the two worker threads (a closure over requests).
    "unclosed": Variant(
        {
            "monte_carlo_pi": (
                "async def monte_carlo_pi(address, seeds, n):\n"
                "    client = await Client(address, asynchronous=True)\n"
                "    counts = await client.gather(client.map(count_inside, seeds, n=n))\n"
                "    return 4 * sum(counts) / (n * len(seeds))\n"
            ),
            "word_count": (
                "async def word_count(address, texts):\n"
                "    client = await Client(address, asynchronous=True)\n"
                "    return merge_counts(*await client.gather(client.map(count_words, texts)))\n"
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
            "test_monte_carlo_pi": "left its client open",
            "test_word_count": "left its client open",
            "test_fetch_digests": "in flight at once",
        },
    ),
    # Fakes of evidence (issue 22): the work done in the kernel by a thread renamed like a dask
    # worker's; the shared lab server's `stats` replaced on the instance, then one fetch at a time.
    "fake_evidence": Variant(
        {
            "monte_carlo_pi": (
                "import threading\n"
                "async def monte_carlo_pi(address, seeds, n):\n"
                "    threading.current_thread().name = 'Dask-Default-Threads-1-0'\n"
                "    counts = [count_inside(seed, n) for seed in seeds]\n"
                "    return 4 * sum(counts) / (n * len(seeds))\n"
            ),
            "word_count": (
                "import threading\n"
                "async def word_count(address, texts):\n"
                "    async with Client(address, asynchronous=True) as client:\n"
                "        threading.current_thread().name = 'Dask-Default-Threads-1-0'\n"
                "        return merge_counts(*map(count_words, texts))\n"
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
            "test_monte_carlo_pi": "not a thread's name",
            "test_word_count": "not a thread's name",
            "test_fetch_digests": "separate process",
        },
    ),
    # The parameter ignored: every answer connects to the notebook's own cluster, ADDRESS.
    "wrong_cluster": Variant(
        {gid: code.replace("Client(address,", "Client(ADDRESS,") for gid, code in CORRECT.items()},
        NOTHING,
        messages={k: "notebook's own cluster" for k in FULL},
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {"monte_carlo_pi": CORRECT["monte_carlo_pi"].replace("await client.gather", "client.gather")},
        NOTHING,
        edits={"test_monte_carlo_pi": "pass", "test_word_count": "pass"},
        delete=("fetch_digests",),
        messages={"test_monte_carlo_pi": "TypeError", "test_word_count": "not written yet"},
    ),
}
