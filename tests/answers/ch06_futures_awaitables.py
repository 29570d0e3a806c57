"""Sample submissions for 06_futures_awaitables: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_download": 3, "test_kind_of": 3, "test_lookup": 3, "test_lookup_many": 3, "test_gate": 3}

CORRECT = {
    "download": (
        "async def download(name, seconds):\n"
        "    arrived = asyncio.get_running_loop().create_future()\n"
        "    start_download(name, seconds, arrived.set_result)\n"
        "    return await arrived\n"
    ),
    "kind_of": (
        "def kind_of(obj):\n"
        "    if isinstance(obj, asyncio.Task):\n"
        "        return 'task'\n"
        "    if asyncio.isfuture(obj):\n"
        "        return 'future'\n"
        "    if asyncio.iscoroutine(obj):\n"
        "        return 'coroutine'\n"
        "    if inspect.isawaitable(obj):\n"
        "        return 'awaitable'\n"
        "    return 'not awaitable'\n"
    ),
    "lookup": (
        "async def lookup(name, seconds):\n"
        "    answer = asyncio.get_running_loop().create_future()\n"
        "    def on_done(error, number):\n"
        "        if error is not None:\n"
        "            answer.set_exception(error)\n"
        "        else:\n"
        "            answer.set_result(number)\n"
        "    start_lookup(name, seconds, on_done)\n"
        "    return await answer\n"
    ),
    "lookup_many": (
        "async def lookup_many(names, seconds):\n"
        "    async def number_or_unknown(name):\n"
        "        try:\n"
        "            return await lookup(name, seconds)\n"
        "        except UnknownName:\n"
        "            return 'unknown'\n"
        "    numbers = await asyncio.gather(*(number_or_unknown(name) for name in names))\n"
        "    return dict(zip(names, numbers))\n"
    ),
    "gate": (
        "class Gate:\n"
        "    def __init__(self):\n"
        "        self._opened = asyncio.get_running_loop().create_future()\n"
        "    async def wait(self):\n"
        "        return await asyncio.shield(self._opened)\n"
        "    def open(self, value):\n"
        "        if not self._opened.done():\n"
        "            self._opened.set_result(value)\n"
    ),
}

# Correct, but not the way the instructor wrote it.
ALTERNATIVE = {
    # asyncio.Future() made inside the coroutine (the running loop is found), and the
    # callback hops through call_soon_threadsafe, as a thread-based library would need.
    "download": (
        "async def download(name, seconds):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    text = asyncio.Future()\n"
        "    def on_done(data):\n"
        "        loop.call_soon_threadsafe(text.set_result, data)\n"
        "    start_download(name, seconds, on_done)\n"
        "    return await text\n"
    ),
    # isinstance against the abstract base classes instead of the inspect/asyncio helpers.
    "kind_of": (
        "import collections.abc\n"
        "\n"
        "def kind_of(obj):\n"
        "    for kind, cls in [('task', asyncio.Task), ('future', asyncio.Future),\n"
        "                      ('coroutine', collections.abc.Coroutine),\n"
        "                      ('awaitable', collections.abc.Awaitable)]:\n"
        "        if isinstance(obj, cls):\n"
        "            return kind\n"
        "    return 'not awaitable'\n"
    ),
    # The future carries the (error, number) pair; the coroutine raises after the await.
    "lookup": (
        "async def lookup(name, seconds):\n"
        "    reply = asyncio.get_running_loop().create_future()\n"
        "    start_lookup(name, seconds, lambda error, number: reply.set_result((error, number)))\n"
        "    error, number = await reply\n"
        "    if error is not None:\n"
        "        raise error\n"
        "    return number\n"
    ),
    # Futures first: start every lookup, then await the futures one by one.
    "lookup_many": (
        "async def lookup_many(names, seconds):\n"
        "    loop = asyncio.get_running_loop()\n"
        "    pending = {}\n"
        "    for name in names:\n"
        "        fut = loop.create_future()\n"
        "        def on_done(error, number, fut=fut):\n"
        "            if error is None:\n"
        "                fut.set_result(number)\n"
        "            else:\n"
        "                fut.set_exception(error)\n"
        "        start_lookup(name, seconds, on_done)\n"
        "        pending[name] = fut\n"
        "    numbers = {}\n"
        "    for name, fut in pending.items():\n"
        "        try:\n"
        "            numbers[name] = await fut\n"
        "        except UnknownName:\n"
        "            numbers[name] = 'unknown'\n"
        "    return numbers\n"
    ),
    # One future per waiter, like asyncio.Event does it.
    "gate": (
        "class Gate:\n"
        "    def __init__(self):\n"
        "        self._waiters = []\n"
        "        self._is_open = False\n"
        "        self._value = None\n"
        "    async def wait(self):\n"
        "        if self._is_open:\n"
        "            return self._value\n"
        "        fut = asyncio.get_running_loop().create_future()\n"
        "        self._waiters.append(fut)\n"
        "        try:\n"
        "            return await fut\n"
        "        finally:\n"
        "            self._waiters.remove(fut)\n"
        "    def open(self, value):\n"
        "        if self._is_open:\n"
        "            return\n"
        "        self._is_open, self._value = True, value\n"
        "        for fut in self._waiters:\n"
        "            if not fut.done():\n"
        "                fut.set_result(value)\n"
    ),
}

# Correct a third way: no bare futures at all, but asyncio's own tools built on them.
HIGH_LEVEL = {
    "download": (
        "async def download(name, seconds):\n"
        "    done = asyncio.Event()\n"
        "    box = []\n"
        "    def on_done(text):\n"
        "        box.append(text)\n"
        "        done.set()\n"
        "    start_download(name, seconds, on_done)\n"
        "    await done.wait()\n"
        "    return box[0]\n"
    ),
    "kind_of": (
        "import collections.abc\n"
        "\n"
        "def kind_of(obj):\n"
        "    match obj:\n"
        "        case asyncio.Task():\n"
        "            return 'task'\n"
        "        case asyncio.Future():\n"
        "            return 'future'\n"
        "        case collections.abc.Coroutine():\n"
        "            return 'coroutine'\n"
        "        case collections.abc.Awaitable():\n"
        "            return 'awaitable'\n"
        "    return 'not awaitable'\n"
    ),
    "lookup": CORRECT["lookup"],
    "lookup_many": (
        "async def lookup_many(names, seconds):\n"
        "    async def one(name):\n"
        "        try:\n"
        "            return await lookup(name, seconds)\n"
        "        except LookupError:\n"
        "            return 'unknown'\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        tasks = {name: group.create_task(one(name)) for name in names}\n"
        "    return {name: task.result() for name, task in tasks.items()}\n"
    ),
    "gate": (
        "class Gate:\n"
        "    def __init__(self):\n"
        "        self._event = asyncio.Event()\n"
        "        self._value = None\n"
        "    async def wait(self):\n"
        "        await self._event.wait()\n"
        "        return self._value\n"
        "    def open(self, value):\n"
        "        if not self._event.is_set():\n"
        "            self._value = value\n"
        "            self._event.set()\n"
    ),
}

# lookup_many written without lookup(), so that a wrong lookup costs test_lookup only.
INDEPENDENT = {**CORRECT, "lookup_many": ALTERNATIVE["lookup_many"]}


def wrong(base: dict[str, str], **answers: str) -> dict[str, str]:
    return {**base, **answers}


VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "high_level": Variant(HIGH_LEVEL, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}),
    # download -------------------------------------------------------------------------
    "returns_the_future": Variant(
        wrong(CORRECT, download=(
            "async def download(name, seconds):\n"
            "    arrived = asyncio.get_running_loop().create_future()\n"
            "    start_download(name, seconds, arrived.set_result)\n"
            "    return arrived\n"
        )),
        {**FULL, "test_download": 0},
    ),
    "time_sleep": Variant(
        wrong(CORRECT, download=(
            "import time\n"
            "async def download(name, seconds):\n"
            "    time.sleep(seconds)\n"
            "    return f'contents of {name}'\n"
        )),
        {**FULL, "test_download": 0},
    ),
    # Busy-waits for a callback that cannot come: the loop never gets to run it.
    "infinite_loop": Variant(
        wrong(CORRECT, download=(
            "async def download(name, seconds):\n"
            "    box = []\n"
            "    start_download(name, seconds, box.append)\n"
            "    while not box:\n"
            "        pass\n"
            "    return box[0]\n"
        )),
        {**FULL, "test_download": 0},
    ),
    # The callback never completes the future: the harness must report a deadlock.
    "never_resolved": Variant(
        wrong(CORRECT, download=(
            "async def download(name, seconds):\n"
            "    arrived = asyncio.get_running_loop().create_future()\n"
            "    start_download(name, seconds, print)\n"
            "    return await arrived\n"
        )),
        {**FULL, "test_download": 0},
    ),
    # One future shared by every call: right alone, deadlocks when downloads overlap.
    "shared_future": Variant(
        wrong(CORRECT, download=(
            "_arrived = None\n"
            "\n"
            "def _on_done(text):\n"
            "    _arrived.set_result(text)\n"
            "\n"
            "async def download(name, seconds):\n"
            "    global _arrived\n"
            "    _arrived = asyncio.get_running_loop().create_future()\n"
            "    start_download(name, seconds, _on_done)\n"
            "    return await _arrived\n"
        )),
        {**FULL, "test_download": 0},
    ),
    # kind_of --------------------------------------------------------------------------
    "future_before_task": Variant(
        wrong(CORRECT, kind_of=(
            "def kind_of(obj):\n"
            "    if asyncio.isfuture(obj):\n"
            "        return 'future'\n"
            "    if isinstance(obj, asyncio.Task):\n"
            "        return 'task'\n"
            "    if asyncio.iscoroutine(obj):\n"
            "        return 'coroutine'\n"
            "    if inspect.isawaitable(obj):\n"
            "        return 'awaitable'\n"
            "    return 'not awaitable'\n"
        )),
        {**FULL, "test_kind_of": 0},
    ),
    "hasattr_await": Variant(
        wrong(CORRECT, kind_of=(
            "def kind_of(obj):\n"
            "    if isinstance(obj, asyncio.Task):\n"
            "        return 'task'\n"
            "    if asyncio.isfuture(obj):\n"
            "        return 'future'\n"
            "    if asyncio.iscoroutine(obj):\n"
            "        return 'coroutine'\n"
            "    if hasattr(obj, '__await__'):\n"
            "        return 'awaitable'\n"
            "    return 'not awaitable'\n"
        )),
        {**FULL, "test_kind_of": 0},
    ),
    "exception": Variant(
        wrong(CORRECT, kind_of=(
            "def kind_of(obj):\n"
            "    return {'Task': 'task', 'Future': 'future', 'coroutine': 'coroutine'}[type(obj).__name__]\n"
        )),
        {**FULL, "test_kind_of": 0},
    ),
    # lookup ---------------------------------------------------------------------------
    "swallows_the_error": Variant(
        wrong(INDEPENDENT, lookup=(
            "async def lookup(name, seconds):\n"
            "    answer = asyncio.get_running_loop().create_future()\n"
            "    start_lookup(name, seconds, lambda error, number: answer.set_result(number))\n"
            "    return await answer\n"
        )),
        {**FULL, "test_lookup": 0},
    ),
    # Only handles success: an unknown name leaves the future pending forever.
    "ignores_the_error": Variant(
        wrong(INDEPENDENT, lookup=(
            "async def lookup(name, seconds):\n"
            "    answer = asyncio.get_running_loop().create_future()\n"
            "    def on_done(error, number):\n"
            "        if error is None:\n"
            "            answer.set_result(number)\n"
            "    start_lookup(name, seconds, on_done)\n"
            "    return await answer\n"
        )),
        {**FULL, "test_lookup": 0},
    ),
    # The reference lookup_many builds on lookup, so a broken lookup costs both.
    "error_as_result_breaks_both": Variant(
        wrong(CORRECT, lookup=(
            "async def lookup(name, seconds):\n"
            "    answer = asyncio.get_running_loop().create_future()\n"
            "    start_lookup(name, seconds, lambda error, number: answer.set_result(error or number))\n"
            "    return await answer\n"
        )),
        {**FULL, "test_lookup": 0, "test_lookup_many": 0},
    ),
    # lookup_many ----------------------------------------------------------------------
    "sequential": Variant(
        wrong(CORRECT, lookup_many=(
            "async def lookup_many(names, seconds):\n"
            "    numbers = {}\n"
            "    for name in names:\n"
            "        try:\n"
            "            numbers[name] = await lookup(name, seconds)\n"
            "        except UnknownName:\n"
            "            numbers[name] = 'unknown'\n"
            "    return numbers\n"
        )),
        {**FULL, "test_lookup_many": 0},
    ),
    "lets_the_error_escape": Variant(
        wrong(CORRECT, lookup_many=(
            "async def lookup_many(names, seconds):\n"
            "    numbers = await asyncio.gather(*(lookup(name, seconds) for name in names))\n"
            "    return dict(zip(names, numbers))\n"
        )),
        {**FULL, "test_lookup_many": 0},
    ),
    # gate -----------------------------------------------------------------------------
    "gate_without_shield": Variant(
        wrong(CORRECT, gate=(
            "class Gate:\n"
            "    def __init__(self):\n"
            "        self._opened = asyncio.get_running_loop().create_future()\n"
            "    async def wait(self):\n"
            "        return await self._opened\n"
            "    def open(self, value):\n"
            "        if not self._opened.done():\n"
            "            self._opened.set_result(value)\n"
        )),
        {**FULL, "test_gate": 0},
    ),
    "gate_opens_twice": Variant(
        wrong(CORRECT, gate=(
            "class Gate:\n"
            "    def __init__(self):\n"
            "        self._opened = asyncio.get_running_loop().create_future()\n"
            "    async def wait(self):\n"
            "        return await asyncio.shield(self._opened)\n"
            "    def open(self, value):\n"
            "        self._opened.set_result(value)\n"
        )),
        {**FULL, "test_gate": 0},
    ),
    # One future per waiter, but open() sets them all, the cancelled one of the leaver too.
    "gate_sets_a_cancelled_future": Variant(
        wrong(CORRECT, gate=(
            "class Gate:\n"
            "    def __init__(self):\n"
            "        self._waiters = []\n"
            "        self._is_open = False\n"
            "        self._value = None\n"
            "    async def wait(self):\n"
            "        if self._is_open:\n"
            "            return self._value\n"
            "        fut = asyncio.get_running_loop().create_future()\n"
            "        self._waiters.append(fut)\n"
            "        return await fut\n"
            "    def open(self, value):\n"
            "        if not self._is_open:\n"
            "            self._is_open, self._value = True, value\n"
            "            for fut in self._waiters:\n"
            "                fut.set_result(value)\n"
        )),
        {**FULL, "test_gate": 0},
    ),
    # Each wait() awaits a future of its own that open() never sees: a deadlock.
    "gate_never_resolved": Variant(
        wrong(CORRECT, gate=(
            "class Gate:\n"
            "    def __init__(self):\n"
            "        self._opened = asyncio.get_running_loop().create_future()\n"
            "    async def wait(self):\n"
            "        if self._opened.done():\n"
            "            return self._opened.result()\n"
            "        return await asyncio.get_running_loop().create_future()\n"
            "    def open(self, value):\n"
            "        if not self._opened.done():\n"
            "            self._opened.set_result(value)\n"
        )),
        {**FULL, "test_gate": 0},
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_download": "pass", "test_gate": "pass"},
        delete=("lookup",),
    ),
}
