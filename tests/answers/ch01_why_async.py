"""Sample submissions for 01_why_async: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_label_lines": 2, "test_finish_times": 3, "test_bake_all": 4}

# The reference answers, as in the source notebook.
CORRECT = {
    "label_lines": (
        "def label_lines(profile):\n"
        "    labels = []\n"
        "    for _source, wall, cpu, no_core in profile:\n"
        "        io_wait = wall - cpu - no_core\n"
        "        labels.append('io' if io_wait > wall / 2 else 'cpu')\n"
        "    return labels\n"
    ),
    "finish_times": (
        "def finish_times(cakes, bakers):\n"
        "    free_at = [0] * bakers\n"
        "    done = []\n"
        "    for prep, bake in cakes:\n"
        "        baker = free_at.index(min(free_at))\n"
        "        free_at[baker] += prep\n"
        "        done.append(free_at[baker] + bake)\n"
        "    return done\n"
    ),
    "bake_all": (
        "async def bake_all(cakes):\n"
        "    ovens = []\n"
        "    for name, prep, bake in cakes:\n"
        "        await delay(prep, f'prep {name}')\n"
        "        ovens.append(asyncio.create_task(delay(bake, f'bake {name}')))\n"
        "    await asyncio.gather(*ovens)\n"
    ),
}

# Correct, written differently: a loop with a ratio, a heap of free times, a TaskGroup.
ALTERNATIVE = {
    "label_lines": (
        "def label_lines(profile):\n"
        "    labels = []\n"
        "    for line in profile:\n"
        "        wall, busy = line[1], line[2] + line[3]  # computing, or ready to compute\n"
        "        if busy / wall < 0.5:\n"
        "            labels.append('io')\n"
        "        else:\n"
        "            labels.append('cpu')\n"
        "    return labels\n"
    ),
    "finish_times": (
        "import heapq\n\n"
        "def finish_times(cakes, bakers):\n"
        "    free = [0.0] * bakers\n"
        "    heapq.heapify(free)\n"
        "    out = []\n"
        "    for prep, bake in cakes:\n"
        "        start = heapq.heappop(free)\n"
        "        heapq.heappush(free, start + prep)\n"
        "        out.append(start + prep + bake)\n"
        "    return out\n"
    ),
    "bake_all": (
        "async def bake_all(cakes):\n"
        "    async with asyncio.TaskGroup() as ovens:\n"
        "        for name, prep, bake in cakes:\n"
        "            await delay(prep, label=f'prep {name}', quiet=True)\n"
        "            ovens.create_task(delay(bake, label=f'bake {name}', quiet=True))\n"
        "    return 'all out of the oven'\n"
    ),
}

# Correct, a third way: waiting vs computing, a minute-by-minute style simulation with
# sorting, and no tasks at all -- each cake's oven gathered with the rest of the work.
THIRD_WAY = {
    "label_lines": (
        "def label_lines(profile):\n"
        "    return ['io' if wall - cpu - no_core > cpu + no_core else 'cpu'\n"
        "            for _, wall, cpu, no_core in profile]\n"
    ),
    "finish_times": (
        "def finish_times(cakes, bakers):\n"
        "    if not cakes:\n"
        "        return []\n"
        "    hands = [[0, b] for b in range(bakers)]\n"
        "    result = []\n"
        "    for prep, bake in cakes:\n"
        "        hands.sort()\n"
        "        hands[0][0] = hands[0][0] + prep\n"
        "        result.append(hands[0][0] + bake)\n"
        "    return result\n"
    ),
    "bake_all": (
        "async def bake_all(cakes):\n"
        "    async def from_cake(i):\n"
        "        if i == len(cakes):\n"
        "            return\n"
        "        name, prep, bake = cakes[i]\n"
        "        await delay(prep, f'prep {name}')\n"
        "        await asyncio.gather(delay(bake, f'bake {name}'), from_cake(i + 1))\n"
        "    await from_cake(0)\n"
    ),
}

# Correct, a fourth way for the coroutine: one coroutine per cake, the baker's hands a lock.
LOCKED_HANDS = (
    "async def bake_all(cakes):\n"
    "    hands = asyncio.Lock()\n"
    "    async def cake(name, prep, bake):\n"
    "        async with hands:\n"
    "            await delay(prep, f'prep {name}')\n"
    "        await delay(bake, f'bake {name}')\n"
    "    await asyncio.gather(*(cake(*c) for c in cakes))\n"
)

# Correct, a fourth way for the labels: unpacked by name, compared without a division.
BUSY_TWICE = (
    "def label_lines(profile):\n"
    "    def label(source, wall, cpu, no_core):\n"
    "        busy = cpu + no_core  # computing, or waiting for a core to compute on\n"
    "        return 'cpu' if 2 * busy >= wall else 'io'\n"
    "    return [label(*line) for line in profile]\n"
)

# The lecture's idle-machine rule, applied to a busy machine: "no core" counted as waiting;
# and "more waiting than computing", which forgets the time without a core too.
IDLE_RULE = (
    "def label_lines(profile):\n"
    "    return ['io' if cpu < wall / 2 else 'cpu' for _source, wall, cpu, _no_core in profile]\n"
)
MORE_WAIT_THAN_CPU = (
    "def label_lines(profile):\n"
    "    return ['io' if wall - cpu - no_core > cpu else 'cpu' for _, wall, cpu, no_core in profile]\n"
)

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "locked_hands": Variant({**CORRECT, "label_lines": BUSY_TWICE, "bake_all": LOCKED_HANDS}, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}),
    # Test cells replaced by `pass` and an answer cell deleted: nbgrader restores the tests.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_label_lines": "pass", "test_finish_times": "pass", "test_bake_all": "pass"},
        delete=("finish_times",),
    ),
    # The baker waits at the oven: prep, bake, next cake -- in the coroutine and in the sums.
    "sequential": Variant(
        {
            **CORRECT,
            "finish_times": (
                "def finish_times(cakes, bakers):\n"
                "    free = [0] * bakers\n"
                "    out = []\n"
                "    for prep, bake in cakes:\n"
                "        b = free.index(min(free))\n"
                "        free[b] += prep + bake\n"
                "        out.append(free[b])\n"
                "    return out\n"
            ),
            "bake_all": (
                "async def bake_all(cakes):\n"
                "    for name, prep, bake in cakes:\n"
                "        await delay(prep, f'prep {name}')\n"
                "        await delay(bake, f'bake {name}')\n"
            ),
        },
        {**FULL, "test_finish_times": 0, "test_bake_all": 0},
        messages={"test_finish_times": "wait at the oven", "test_bake_all": "must not wait at the oven"},
    ),
    # Hands-on work is "real work", so it gets a real time.sleep: the whole loop stops.
    "time_sleep": Variant(
        {
            **CORRECT,
            "bake_all": (
                "import time\n\n"
                "async def bake_all(cakes):\n"
                "    ovens = []\n"
                "    for name, prep, bake in cakes:\n"
                "        time.sleep(prep)\n"
                "        ovens.append(asyncio.create_task(delay(bake, f'bake {name}')))\n"
                "    await asyncio.gather(*ovens)\n"
            ),
        },
        {**FULL, "test_bake_all": 0},
        messages={"test_bake_all": "blocked the event loop"},
    ),
    # "Long lines are I/O"; cakes dealt to bakers in turn; every cake gathered at once.
    "long_is_io": Variant(
        {
            "label_lines": (
                "def label_lines(profile):\n"
                "    # 'anything slower than 50 ms must be waiting for something'\n"
                "    return ['io' if wall > 0.05 else 'cpu' for _, wall, _, _ in profile]\n"
            ),
            "finish_times": (
                "def finish_times(cakes, bakers):\n"
                "    free = [0] * bakers\n"
                "    out = []\n"
                "    for i, (prep, bake) in enumerate(cakes):\n"
                "        free[i % bakers] += prep\n"
                "        out.append(free[i % bakers] + bake)\n"
                "    return out\n"
            ),
            "bake_all": (
                "async def cake(name, prep, bake):\n"
                "    await delay(prep, f'prep {name}')\n"
                "    await delay(bake, f'bake {name}')\n\n"
                "async def bake_all(cakes):\n"
                "    await asyncio.gather(*(cake(name, prep, bake) for name, prep, bake in cakes))\n"
            ),
        },
        {k: 0 for k in FULL},
        messages={
            "test_label_lines": "not waiting for I/O",
            "test_finish_times": "free first",
            "test_bake_all": "only one baker",
        },
    ),
    # Labels by the names of the calls; every cake prepped at once; ovens started at the end.
    "keywords": Variant(
        {
            "label_lines": (
                "WAITING = ('get', 'open', 'read', 'write', 'print', 'input', 'sleep', 'recv', 'load')\n\n"
                "def label_lines(profile):\n"
                "    return ['io' if any(word in source for word in WAITING) else 'cpu'\n"
                "            for source, _, _, _ in profile]\n"
            ),
            "finish_times": (
                "def finish_times(cakes, bakers):\n"
                "    return [prep + bake for prep, bake in cakes]\n"
            ),
            "bake_all": (
                "async def bake_all(cakes):\n"
                "    ovens = []\n"
                "    for name, prep, bake in cakes:\n"
                "        await delay(prep, f'prep {name}')\n"
                "        ovens.append(delay(bake, f'bake {name}'))  # a coroutine: it starts only in gather\n"
                "    await asyncio.gather(*ovens)\n"
            ),
        },
        {k: 0 for k in FULL},
        messages={
            "test_label_lines": "a name like get, read or load",
            "test_finish_times": "one cake at a time",
            "test_bake_all": "the moment its prep is done",
        },
    ),
    # Labels by a short list of I/O calls (right on every line whose name agrees with its
    # numbers); times sorted by when the cakes come out; waits for the last oven only.
    "names_agree": Variant(
        {
            "label_lines": (
                "IO_CALLS = ('requests.', 'sleep(', 'input(', 'recv(', 'readline(', 'write_text(', 'read_text(')\n\n"
                "def label_lines(profile):\n"
                "    return ['io' if any(call in source for call in IO_CALLS) else 'cpu'\n"
                "            for source, _wall, _cpu, _no_core in profile]\n"
            ),
            "finish_times": CORRECT["finish_times"].replace("    return done\n", "    return sorted(done)\n"),
            "bake_all": (
                "async def bake_all(cakes):\n"
                "    last = None\n"
                "    for name, prep, bake in cakes:\n"
                "        await delay(prep, f'prep {name}')\n"
                "        last = asyncio.create_task(delay(bake, f'bake {name}'))\n"
                "    if last is not None:\n"
                "        await last  # the last cake in is the last one out... not always\n"
            ),
        },
        {k: 0 for k in FULL},
        messages={
            "test_label_lines": "a name like get, read or load",
            "test_finish_times": "not sorted by when the cakes come out",
            "test_bake_all": "not only the last one",
        },
    ),
    # Exactly half counted as waiting: `>=` where the rule says "more than".
    "half_is_io": Variant(
        {**CORRECT, "label_lines": CORRECT["label_lines"].replace("io_wait > wall / 2", "io_wait >= wall / 2")},
        {**FULL, "test_label_lines": 0},
        messages={"test_label_lines": "compare with >, not >="},
    ),
    "idle_rule": Variant(
        {**CORRECT, "label_lines": IDLE_RULE},
        {**FULL, "test_label_lines": 0},
        messages={"test_label_lines": "'no core' time belongs with the computing"},
    ),
    "more_wait_than_cpu": Variant(
        {**CORRECT, "label_lines": MORE_WAIT_THAN_CPU},
        {**FULL, "test_label_lines": 0},
        messages={"test_label_lines": "that is not waiting for I/O"},
    ),
    # "Any CPU at all means CPU-bound"; bakers share each prep; gather of awaited results.
    "any_cpu": Variant(
        {
            "label_lines": (
                "def label_lines(profile):\n"
                "    return ['cpu' if cpu > 0 else 'io' for _, _, cpu, _ in profile]\n"
            ),
            "finish_times": (
                "def finish_times(cakes, bakers):\n"
                "    clock, out = 0, []\n"
                "    for prep, bake in cakes:\n"
                "        clock += prep / bakers\n"
                "        out.append(clock + bake)\n"
                "    return out\n"
            ),
            "bake_all": (
                "async def bake_all(cakes):\n"
                "    ovens = []\n"
                "    for name, prep, bake in cakes:\n"
                "        await delay(prep, f'prep {name}')\n"
                "        ovens.append(await delay(bake, f'bake {name}'))\n"
                "    await asyncio.gather(*ovens)\n"
            ),
        },
        {k: 0 for k in FULL},
        messages={
            "test_label_lines": "judge by the numbers, never by the name",
            "test_finish_times": "do not split",
            "test_bake_all": "already been awaited",
        },
    ),
}
