"""Sample submissions for 10_parallel: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {
    "test_crawl": 3,
    "test_run_jobs": 3,
    "test_run_steps": 3,
    "test_count_visits": 2,
    "test_word_count": 3,
}
NOTHING = {k: 0 for k in FULL}

# A shared Semaphore and gather; k workers on a Queue with task_done/join; TaskGroup + except*;
# one Lock around get/put; run_in_executor on a ProcessPoolExecutor, chunks balanced longest first with a heap.
CORRECT = {
    "crawl": (
        "async def crawl(site, pages, k):\n"
        "    gate = asyncio.Semaphore(k)\n"
        "    async def one(page):\n"
        "        async with gate:\n"
        "            while True:\n"
        "                try:\n"
        "                    return await site.download(page)\n"
        "                except ConnectionError:\n"
        "                    pass\n"
        "    return await asyncio.gather(*(one(p) for p in pages))\n"
    ),
    "run_jobs": (
        "async def run_jobs(incoming, k):\n"
        "    queue = asyncio.PriorityQueue()\n"
        "    finished = []\n"
        "    async def worker():\n"
        "        while True:\n"
        "            priority, job, seconds = await queue.get()\n"
        "            try:\n"
        "                finished.append(await work(job, seconds))\n"
        "            finally:\n"
        "                queue.task_done()\n"
        "    workers = [asyncio.create_task(worker()) for _ in range(k)]\n"
        "    async for item in incoming:\n"
        "        await queue.put(item)\n"
        "    await queue.join()\n"
        "    for w in workers:\n"
        "        w.cancel()\n"
        "    await asyncio.gather(*workers, return_exceptions=True)\n"
        "    return finished\n"
    ),
    "run_steps": (
        "async def run_steps(steps):\n"
        "    failed = []\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as tg:\n"
        "            tasks = {n: tg.create_task(step(n, s, e)) for n, s, e in steps}\n"
        "    except* ValueError as group:\n"
        "        failed = sorted(str(e) for e in group.exceptions)\n"
        "    if failed:\n"
        "        return 'failed', failed\n"
        "    return 'ok', {n: t.result() for n, t in tasks.items()}\n"
    ),
    "count_visits": (
        "async def count_visits(store, pages):\n"
        "    lock = asyncio.Lock()\n"
        "    async def visit(page):\n"
        "        await load(page)\n"
        "        async with lock:\n"
        "            value = await store.get()\n"
        "            await store.put(value + 1)\n"
        "    await asyncio.gather(*(visit(p) for p in pages))\n"
        "    return store.hits\n"
    ),
    "word_count": (
        "import heapq\n"
        "async def word_count(texts, workers):\n"
        "    n = min(workers, len(texts))\n"
        "    chunks = [[] for _ in range(n)]\n"
        "    lightest = [(0, i) for i in range(n)]\n"
        "    for text in sorted(texts, key=ch10_work.size, reverse=True):\n"
        "        words, i = heapq.heappop(lightest)\n"
        "        chunks[i].append(text)\n"
        "        heapq.heappush(lightest, (words + ch10_work.size(text), i))\n"
        "    loop = asyncio.get_running_loop()\n"
        "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
        "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, c) for c in chunks))\n"
        "    total = collections.Counter()\n"
        "    for _, counts in parts:\n"
        "        total.update(counts)\n"
        "    return dict(total), [pid for pid, _ in parts]\n"
    ),
}

# k workers sharing an iterator (no semaphore); workers in a TaskGroup that stop on sentinels;
# ExceptionGroup.split by hand; a Semaphore(1) as the lock; wrap_future(pool.submit) + partial,
# each text in the given order to the lightest chunk, and functools.reduce over Counters.
ALTERNATIVE = {
    "crawl": (
        "async def crawl(site, pages, k):\n"
        "    texts = [None] * len(pages)\n"
        "    todo = iter(enumerate(pages))\n"
        "    async def worker():\n"
        "        for i, page in todo:\n"
        "            while True:\n"
        "                try:\n"
        "                    texts[i] = await site.download(page)\n"
        "                    break\n"
        "                except ConnectionError:\n"
        "                    continue\n"
        "    await asyncio.gather(*(worker() for _ in range(k)))\n"
        "    return texts\n"
    ),
    "run_jobs": (
        "async def run_jobs(incoming, k):\n"
        "    queue = asyncio.PriorityQueue()\n"
        "    done = []\n"
        "    async def worker():\n"
        "        while (item := await queue.get())[1] is not None:\n"
        "            done.append(await work(item[1], item[2]))\n"
        "    async def producer():\n"
        "        async for item in incoming:\n"
        "            queue.put_nowait(item)\n"
        "        for _ in range(k):\n"
        "            queue.put_nowait((float('inf'), None, 0))  # after every real job\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tg.create_task(producer())\n"
        "        for _ in range(k):\n"
        "            tg.create_task(worker())\n"
        "    return done\n"
    ),
    "run_steps": (
        "async def run_steps(steps):\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as tg:\n"
        "            tasks = [(n, tg.create_task(step(n, s, e))) for n, s, e in steps]\n"
        "    except ExceptionGroup as group:\n"
        "        values, rest = group.split(ValueError)\n"
        "        if rest is not None:\n"
        "            raise rest\n"
        "        return 'failed', sorted(map(str, values.exceptions))\n"
        "    return 'ok', {n: t.result() for n, t in tasks}\n"
    ),
    "count_visits": (
        "async def count_visits(store, pages):\n"
        "    one_at_a_time = asyncio.Semaphore(1)\n"
        "    async def visit(page):\n"
        "        await load(page)\n"
        "        await one_at_a_time.acquire()\n"
        "        try:\n"
        "            await store.put(await store.get() + 1)\n"
        "        finally:\n"
        "            one_at_a_time.release()\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        for page in pages:\n"
        "            tg.create_task(visit(page))\n"
        "    return store.hits\n"
    ),
    "word_count": (
        "async def word_count(texts, workers):\n"
        "    n = min(workers, len(texts))\n"
        "    chunks, words = [[] for _ in range(n)], [0] * n\n"
        "    for text in texts:  # in the given order, each text to the lightest chunk so far\n"
        "        i = words.index(min(words))\n"
        "        chunks[i].append(text)\n"
        "        words[i] += ch10_work.size(text)\n"
        "    with ProcessPoolExecutor(workers) as pool:\n"
        "        jobs = [asyncio.wrap_future(pool.submit(functools.partial(ch10_work.count_words, c))) for c in chunks]\n"
        "        parts = await asyncio.gather(*jobs)\n"
        "    total = functools.reduce(lambda x, y: x + y, (collections.Counter(c) for _, c in parts), collections.Counter())\n"
        "    return dict(total), [p for p, _ in parts]\n"
    ),
}

# Workers on an asyncio.Queue that put a failed page back; a TaskGroup of workers cancelled after join;
# except* that collects into a list; an asyncio.Condition as the lock; texts sorted longest first and
# dealt out, a pool.map run in a thread (the work itself still in the pool's processes).
THIRD_WAY = {
    "crawl": (
        "async def crawl(site, pages, k):\n"
        "    queue = asyncio.Queue()\n"
        "    for page in pages:\n"
        "        queue.put_nowait(page)\n"
        "    texts = {}\n"
        "    async def worker():\n"
        "        while True:\n"
        "            page = await queue.get()\n"
        "            try:\n"
        "                texts[page] = await site.download(page)\n"
        "            except ConnectionError:\n"
        "                queue.put_nowait(page)  # back in the queue, behind the waiting pages\n"
        "            finally:\n"
        "                queue.task_done()\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        workers = [tg.create_task(worker()) for _ in range(k)]\n"
        "        await queue.join()\n"
        "        for w in workers:\n"
        "            w.cancel()\n"
        "    return [texts[p] for p in pages]\n"
    ),
    "run_jobs": (
        "async def run_jobs(incoming, k):\n"
        "    queue = asyncio.PriorityQueue()\n"
        "    order = []\n"
        "    async def produce():\n"
        "        async for priority, job, seconds in incoming:\n"
        "            await queue.put((priority, job, seconds))\n"
        "    async def worker(n):\n"
        "        while True:\n"
        "            _, name, seconds = await queue.get()\n"
        "            await work(name, seconds)\n"
        "            order.append(name)\n"
        "            queue.task_done()\n"
        "    tasks = [asyncio.create_task(worker(n)) for n in range(k)]\n"
        "    await asyncio.create_task(produce())\n"
        "    await queue.join()\n"
        "    for t in tasks:\n"
        "        t.cancel()\n"
        "    for t in tasks:\n"
        "        try:\n"
        "            await t\n"
        "        except asyncio.CancelledError:\n"
        "            pass\n"
        "    return order\n"
    ),
    "run_steps": (
        "async def run_steps(steps):\n"
        "    bad = []\n"
        "    results = {}\n"
        "    async def run(name, seconds, error):\n"
        "        results[name] = await step(name, seconds, error)\n"
        "    try:\n"
        "        async with asyncio.TaskGroup() as group:\n"
        "            for name, seconds, error in steps:\n"
        "                group.create_task(run(name, seconds, error))\n"
        "    except* ValueError as eg:\n"
        "        bad.extend(str(e) for e in eg.exceptions)\n"
        "    return ('failed', sorted(bad)) if bad else ('ok', results)\n"
    ),
    "count_visits": (
        "async def count_visits(store, pages):\n"
        "    guard = asyncio.Condition()\n"
        "    async def visit(page):\n"
        "        await load(page)\n"
        "        async with guard:\n"
        "            current = await store.get()\n"
        "            await store.put(current + 1)\n"
        "    tasks = [asyncio.create_task(visit(p)) for p in pages]\n"
        "    for t in tasks:\n"
        "        await t\n"
        "    return store.hits\n"
    ),
    "word_count": (
        "async def word_count(texts, workers):\n"
        "    n = min(workers, len(texts))\n"
        "    by_length = sorted(texts, key=lambda t: -len(ch10_work.words_of(t)))\n"
        "    chunks = [by_length[i::n] for i in range(n)]  # longest first, dealt out: balanced\n"
        "    def map_in_pool():\n"
        "        with ProcessPoolExecutor(max_workers=workers) as pool:\n"
        "            return list(pool.map(ch10_work.count_words, chunks))\n"
        "    parts = await asyncio.to_thread(map_in_pool)\n"
        "    total = sum((collections.Counter(c) for _, c in parts), collections.Counter())\n"
        "    return dict(total), [pid for pid, _ in parts]\n"
    ),
}

ZERO = {k: 0 for k in FULL}

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, NOTHING, messages={"test_crawl": "not written yet", "test_word_count": "not written yet"}),
    # One thing at a time: pages one by one (each retried at once), one worker, steps awaited in turn, the lock around the
    # whole visit, words counted right in the coroutine (in the kernel's process).
    "sequential": Variant(
        {
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    texts = []\n"
                "    for page in pages:\n"
                "        while True:\n"
                "            try:\n"
                "                texts.append(await site.download(page))\n"
                "                break\n"
                "            except ConnectionError:\n"
                "                pass\n"
                "    return texts\n"
            ),
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    return [await work(job, seconds) async for _, job, seconds in incoming]\n"
            ),
            "run_steps": (
                "async def run_steps(steps):\n"
                "    results = {}\n"
                "    failed = []\n"
                "    for name, seconds, error in steps:\n"
                "        try:\n"
                "            results[name] = await step(name, seconds, error)\n"
                "        except ValueError as e:\n"
                "            failed.append(str(e))\n"
                "            break\n"
                "    return ('failed', sorted(failed)) if failed else ('ok', results)\n"
            ),
            "count_visits": (
                "async def count_visits(store, pages):\n"
                "    lock = asyncio.Lock()\n"
                "    async def visit(page):\n"
                "        async with lock:\n"
                "            await load(page)\n"
                "            await store.put(await store.get() + 1)\n"
                "    await asyncio.gather(*(visit(p) for p in pages))\n"
                "    return store.hits\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    parts = [ch10_work.count_words(c) for c in chunks]\n"
                "    total = collections.Counter()\n"
                "    for _, c in parts:\n"
                "        total.update(c)\n"
                "    return dict(total), [p for p, _ in parts]\n"
            ),
        },
        ZERO,
        messages={
            "test_crawl": "a slot stayed idle",
            "test_run_jobs": "should run at once",
            "test_run_steps": "wrong amount of time",
            "test_count_visits": "did not load every page at the same moment",
            "test_word_count": "kernel's own process",
        },
    ),
    # Objects that should be shared, made per task (a Semaphore, a Lock); join without task_done;
    # a bare `except Exception` around the TaskGroup; a lambda sent to the process pool.
    "made_per_task": Variant(
        {
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    async def one(page):\n"
                "        async with asyncio.Semaphore(k):\n"
                "            while True:\n"
                "                try:\n"
                "                    return await site.download(page)\n"
                "                except ConnectionError:\n"
                "                    pass\n"
                "    return await asyncio.gather(*(one(p) for p in pages))\n"
            ),
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    queue = asyncio.PriorityQueue()\n"
                "    finished = []\n"
                "    async def worker():\n"
                "        while True:\n"
                "            _, job, seconds = await queue.get()\n"
                "            finished.append(await work(job, seconds))\n"
                "    workers = [asyncio.create_task(worker()) for _ in range(k)]\n"
                "    async for item in incoming:\n"
                "        await queue.put(item)\n"
                "    await queue.join()\n"
                "    for w in workers:\n"
                "        w.cancel()\n"
                "    return finished\n"
            ),
            "run_steps": (
                "async def run_steps(steps):\n"
                "    try:\n"
                "        async with asyncio.TaskGroup() as tg:\n"
                "            tasks = {n: tg.create_task(step(n, s, e)) for n, s, e in steps}\n"
                "    except Exception as error:\n"
                "        return 'failed', [str(error)]\n"
                "    return 'ok', {n: t.result() for n, t in tasks.items()}\n"
            ),
            "count_visits": (
                "async def count_visits(store, pages):\n"
                "    async def visit(page):\n"
                "        await load(page)\n"
                "        async with asyncio.Lock():\n"
                "            value = await store.get()\n"
                "            await store.put(value + 1)\n"
                "    await asyncio.gather(*(visit(p) for p in pages))\n"
                "    return store.hits\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, lambda c=c: ch10_work.count_words(c))\n"
                "                                       for c in chunks))\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [pid for pid, _ in parts]\n"
            ),
        },
        ZERO,
        messages={
            "test_crawl": "caps nothing",
            "test_run_jobs": "task_done",
            "test_run_steps": "wrong value",
            "test_count_visits": "a Lock created inside each task guards nothing",
            "test_word_count": "lambda",
        },
    ),
    # Failed pages retried in a second round (slots idle meanwhile); workers never stopped; gather instead of a
    # TaskGroup (nothing cancelled); no lock at all; a thread pool instead of processes.
    "batches": Variant(
        {
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    gate = asyncio.Semaphore(k)\n"
                "    async def one(page):\n"
                "        async with gate:\n"
                "            return await site.download(page)\n"
                "    texts = dict.fromkeys(pages)\n"
                "    todo = list(pages)\n"
                "    while todo:  # a round of tries, then a round of retries for the pages that failed\n"
                "        got = await asyncio.gather(*(one(p) for p in todo), return_exceptions=True)\n"
                "        for page, text in zip(todo, got):\n"
                "            if not isinstance(text, ConnectionError):\n"
                "                texts[page] = text\n"
                "        todo = [p for p, text in zip(todo, got) if isinstance(text, ConnectionError)]\n"
                "    return list(texts.values())\n"
            ),
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    queue = asyncio.PriorityQueue()\n"
                "    finished = []\n"
                "    async def worker():\n"
                "        while True:\n"
                "            _, job, seconds = await queue.get()\n"
                "            finished.append(await work(job, seconds))\n"
                "            queue.task_done()\n"
                "    for _ in range(k):\n"
                "        asyncio.create_task(worker())\n"
                "    async for item in incoming:\n"
                "        queue.put_nowait(item)\n"
                "    await queue.join()\n"
                "    return finished\n"
            ),
            "run_steps": (
                "async def run_steps(steps):\n"
                "    try:\n"
                "        results = await asyncio.gather(*(step(n, s, e) for n, s, e in steps))\n"
                "    except ValueError as error:\n"
                "        return 'failed', [str(error)]\n"
                "    return 'ok', {n: r for (n, _, _), r in zip(steps, results)}\n"
            ),
            "count_visits": (
                "async def count_visits(store, pages):\n"
                "    async def visit(page):\n"
                "        await load(page)\n"
                "        value = await store.get()\n"
                "        await store.put(value + 1)\n"
                "    await asyncio.gather(*(visit(p) for p in pages))\n"
                "    return store.hits\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    from concurrent.futures import ThreadPoolExecutor\n"
                "    loop = asyncio.get_running_loop()\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    with ThreadPoolExecutor(max_workers=workers) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, c) for c in chunks))\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [pid for pid, _ in parts]\n"
            ),
        },
        ZERO,
        messages={
            "test_crawl": "second round",
            "test_run_jobs": "still running",
            "test_run_steps": "TaskGroup the statement asks for",
            "test_count_visits": "updates were lost",
            "test_word_count": "kernel's own process",
        },
    ),
    # Retries outside the Semaphore (more than k tries at once); a LIFO queue; a bare except around the group that swallows every error;
    # the counter changed directly; one map job per text, merged with dict.update.
    "no_limits": Variant(
        {
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    gate = asyncio.Semaphore(k)\n"
                "    async def one(page):\n"
                "        async with gate:\n"
                "            try:\n"
                "                return await site.download(page)\n"
                "            except ConnectionError:\n"
                "                pass\n"
                "        while True:  # the retries, after the slot was given back\n"
                "            try:\n"
                "                return await site.download(page)\n"
                "            except ConnectionError:\n"
                "                pass\n"
                "    return await asyncio.gather(*(one(p) for p in pages))\n"
            ),
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    queue = asyncio.Queue()  # first in, first out\n"
                "    finished = []\n"
                "    async def worker():\n"
                "        while True:\n"
                "            _, job, seconds = await queue.get()\n"
                "            finished.append(await work(job, seconds))\n"
                "            queue.task_done()\n"
                "    workers = [asyncio.create_task(worker()) for _ in range(k)]\n"
                "    async for item in incoming:\n"
                "        queue.put_nowait(item)\n"
                "    await queue.join()\n"
                "    for w in workers:\n"
                "        w.cancel()\n"
                "    await asyncio.gather(*workers, return_exceptions=True)\n"
                "    return finished\n"
            ),
            "run_steps": (
                "async def run_steps(steps):\n"
                "    failed = []\n"
                "    try:\n"
                "        async with asyncio.TaskGroup() as tg:\n"
                "            tasks = {n: tg.create_task(step(n, s, e)) for n, s, e in steps}\n"
                "    except* Exception as group:\n"
                "        failed = sorted(str(e) for e in group.exceptions)\n"
                "    if failed:\n"
                "        return 'failed', failed\n"
                "    return 'ok', {n: t.result() for n, t in tasks.items()}\n"
            ),
            "count_visits": (
                "async def count_visits(store, pages):\n"
                "    async def visit(page):\n"
                "        await load(page)\n"
                "        store.hits += 1\n"
                "    await asyncio.gather(*(visit(p) for p in pages))\n"
                "    return store.hits\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, [t]) for t in texts))\n"
                "    total = {}\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return total, [pid for pid, _ in parts]\n"
            ),
        },
        ZERO,
        messages={
            "test_crawl": "retries included",
            "test_run_jobs": "PriorityQueue",
            "test_run_steps": "only ValueError is a failed step",
            "test_count_visits": "store.get() and store.put()",
            "test_word_count": "dict.update overwrites",
        },
    ),
    # Counting in the kernel and making up process ids; texts in the order they finished; only the
    # first of several ValueErrors; a Lock made once, at cell level.
    "made_up_pids": Variant(
        {
            **CORRECT,
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    jobs = sorted([item async for item in incoming])  # every job first, most urgent first\n"
                "    queue = asyncio.PriorityQueue()\n"
                "    for item in jobs:\n"
                "        queue.put_nowait(item)\n"
                "    finished = []\n"
                "    async def worker():\n"
                "        while not queue.empty():\n"
                "            _, job, seconds = queue.get_nowait()\n"
                "            finished.append(await work(job, seconds))\n"
                "    await asyncio.gather(*(worker() for _ in range(k)))\n"
                "    return finished\n"
            ),
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    gate = asyncio.Semaphore(k)\n"
                "    texts = []\n"
                "    async def one(page):\n"
                "        async with gate:\n"
                "            while True:\n"
                "                try:\n"
                "                    texts.append(await site.download(page))\n"
                "                    return\n"
                "                except ConnectionError:\n"
                "                    pass\n"
                "    await asyncio.gather(*(one(p) for p in pages))\n"
                "    return texts\n"
            ),
            "run_steps": (
                "async def run_steps(steps):\n"
                "    failed = []\n"
                "    try:\n"
                "        async with asyncio.TaskGroup() as tg:\n"
                "            tasks = {n: tg.create_task(step(n, s, e)) for n, s, e in steps}\n"
                "    except* ValueError as group:\n"
                "        failed = [str(group.exceptions[0])]\n"
                "    if failed:\n"
                "        return 'failed', failed\n"
                "    return 'ok', {n: t.result() for n, t in tasks.items()}\n"
            ),
            "count_visits": (
                "lock = asyncio.Lock()  # one lock for every call\n\n"
                "async def count_visits(store, pages):\n"
                "    async def visit(page):\n"
                "        await load(page)\n"
                "        async with lock:\n"
                "            value = await store.get()\n"
                "            await store.put(value + 1)\n"
                "    await asyncio.gather(*(visit(p) for p in pages))\n"
                "    return store.hits\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    total = collections.Counter()\n"
                "    for chunk in chunks:\n"
                "        total.update(ch10_work.count_words(chunk)[1])\n"
                "    return dict(total), [os.getpid() + 1 + i for i in range(len(chunks))]  # 'worker' ids\n"
            ),
        },
        {**FULL, "test_crawl": 0, "test_run_steps": 0, "test_count_visits": 0, "test_word_count": 0, "test_run_jobs": 0},
        messages={"test_run_jobs": "collected every job first", 
            "test_crawl": "in another order",
            "test_run_steps": "not only the first",
            "test_count_visits": "create the lock inside count_visits",
            "test_word_count": "kernel's own process",
        },
    ),
    # The pool really used, but the ids returned are made up; the lecture's crawl, which never retries.
    "pool_made_up_pids": Variant(
        {
            **CORRECT,
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    queue = asyncio.PriorityQueue()\n"
                "    finished = []\n"
                "    async def worker():\n"
                "        while not queue.empty():  # stops when the queue is empty for a moment\n"
                "            _, job, seconds = queue.get_nowait()\n"
                "            finished.append(await work(job, seconds))\n"
                "            queue.task_done()\n"
                "    async def producer():\n"
                "        async for item in incoming:\n"
                "            queue.put_nowait(item)\n"
                "    producing = asyncio.create_task(producer())\n"
                "    await asyncio.sleep(0)\n"
                "    await asyncio.gather(*(worker() for _ in range(k)))\n"
                "    await producing\n"
                "    return finished\n"
            ),
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    gate = asyncio.Semaphore(k)  # the lecture's crawl: no retry\n"
                "    async def one(page):\n"
                "        async with gate:\n"
                "            return await site.download(page)\n"
                "    return await asyncio.gather(*(one(p) for p in pages))\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, c) for c in chunks))\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [os.getpid() + 1 + i for i in range(len(parts))]\n"
            ),
        },
        {**FULL, "test_crawl": 0, "test_word_count": 0, "test_run_jobs": 0},
        messages={"test_run_jobs": "must not stop when the queue is empty", "test_crawl": "ever tried twice", "test_word_count": "but the map jobs ran in the processes"},
    ),
    # future.result() in the coroutine: the jobs run in parallel, but the loop waits, blocked; a single
    # second try where a page may fail twice in a row.
    "result_blocks": Variant(
        {
            **CORRECT,
            "run_jobs": (
                "async def run_jobs(incoming, k):\n"
                "    queue = asyncio.PriorityQueue()\n"
                "    finished = []\n"
                "    async def worker():\n"
                "        while True:\n"
                "            _, job, seconds = await queue.get()\n"
                "            finished.append(await work(job, seconds))\n"
                "            queue.task_done()\n"
                "    async def producer():\n"
                "        async for item in incoming:\n"
                "            await queue.put(item)\n"
                "    workers = [asyncio.create_task(worker()) for _ in range(k)]\n"
                "    producing = asyncio.create_task(producer())\n"
                "    await asyncio.sleep(0)\n"
                "    await queue.join()  # before the producer is done: the late jobs are not in the queue yet\n"
                "    for w in workers + [producing]:\n"
                "        w.cancel()\n"
                "    await asyncio.gather(*workers, producing, return_exceptions=True)\n"
                "    return finished\n"
            ),
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    gate = asyncio.Semaphore(k)\n"
                "    async def one(page):\n"
                "        async with gate:\n"
                "            try:\n"
                "                return await site.download(page)\n"
                "            except ConnectionError:\n"
                "                return await site.download(page)  # one second try\n"
                "    return await asyncio.gather(*(one(p) for p in pages))\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
                "        futures = [pool.submit(ch10_work.count_words, c) for c in chunks]\n"
                "        parts = [f.result() for f in futures]\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [pid for pid, _ in parts]\n"
            ),
        },
        {**FULL, "test_crawl": 0, "test_word_count": 0, "test_run_jobs": 0},
        messages={"test_run_jobs": "take every job from `incoming`", "test_crawl": "not a single second try", "test_word_count": "blocked the event loop"},
    ),
    # A pool of one process: the chunks counted one after another. (Its crawl is right: a Semaphore
    # taken again for every try, in a TaskGroup; so is its run_jobs: a heap and an asyncio.Condition.)
    "one_worker": Variant(
        {
            **CORRECT,
            "run_jobs": (
                "import heapq\n"
                "async def run_jobs(incoming, k):\n"
                "    heap, order = [], []\n"
                "    ready = asyncio.Condition()\n"
                "    arrived_all = False\n"
                "    async def worker():\n"
                "        while True:\n"
                "            async with ready:\n"
                "                await ready.wait_for(lambda: heap or arrived_all)\n"
                "                if not heap:\n"
                "                    return\n"
                "                _, job, seconds = heapq.heappop(heap)\n"
                "            order.append(await work(job, seconds))\n"
                "    tasks = [asyncio.create_task(worker()) for _ in range(k)]\n"
                "    async for item in incoming:\n"
                "        async with ready:\n"
                "            heapq.heappush(heap, item)\n"
                "            ready.notify()\n"
                "    async with ready:\n"
                "        arrived_all = True\n"
                "        ready.notify_all()\n"
                "    await asyncio.gather(*tasks)\n"
                "    return order\n"
            ),
            "crawl": (
                "async def crawl(site, pages, k):\n"
                "    gate = asyncio.Semaphore(k)\n"
                "    async def one(page):\n"
                "        async with gate:  # one slot per try: a retry queues again behind the waiting pages\n"
                "            try:\n"
                "                return await site.download(page)\n"
                "            except ConnectionError:\n"
                "                pass\n"
                "        return await one(page)\n"
                "    async with asyncio.TaskGroup() as tg:\n"
                "        tasks = [tg.create_task(one(p)) for p in pages]\n"
                "    return [t.result() for t in tasks]\n"
            ),
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    with ProcessPoolExecutor(max_workers=1) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, c) for c in chunks))\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [pid for pid, _ in parts]\n"
            ),
        },
        {**FULL, "test_word_count": 0},
        messages={"test_word_count": "ProcessPoolExecutor(max_workers=workers)"},
    ),
    # The lecture's chunks, dealt out like cards: equal numbers of texts, very unequal numbers of words.
    "dealt_by_count": Variant(
        {
            **CORRECT,
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    chunks = [texts[i::workers] for i in range(min(workers, len(texts)))]\n"
                "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, c) for c in chunks))\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [pid for pid, _ in parts]\n"
            ),
        },
        {**FULL, "test_word_count": 0},
        messages={"test_word_count": "equal numbers of texts are not equal work"},
    ),
    # Consecutive slices of equal numbers of texts (they pass the visible test, not a hidden one).
    "sliced_by_count": Variant(
        {
            **CORRECT,
            "word_count": (
                "async def word_count(texts, workers):\n"
                "    n = min(workers, len(texts))\n"
                "    step = -(-len(texts) // n)\n"
                "    chunks = [texts[i:i + step] for i in range(0, len(texts), step)]\n"
                "    loop = asyncio.get_running_loop()\n"
                "    with ProcessPoolExecutor(max_workers=workers) as pool:\n"
                "        parts = await asyncio.gather(*(loop.run_in_executor(pool, ch10_work.count_words, c) for c in chunks))\n"
                "    total = collections.Counter()\n"
                "    for _, counts in parts:\n"
                "        total.update(counts)\n"
                "    return dict(total), [pid for pid, _ in parts]\n"
            ),
        },
        {**FULL, "test_word_count": 0},
        messages={"test_word_count": "balance the chunks by length"},
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        NOTHING,
        edits={"test_crawl": "pass", "test_run_steps": "pass"},
        delete=("count_visits",),
        messages={"test_run_jobs": "not written yet"},
    ),
}
