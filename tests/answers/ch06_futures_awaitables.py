"""Sample submissions for 06_futures_awaitables: right ones written differently, and wrong ones.

Every exercise has three correct answers in different styles (``correct``, ``alternative``,
``high_level``) and at least three misconceptions that real students write. A misconception
variant breaks several exercises at once (the tests are independent; where ``lookup_many``
must not inherit a broken ``lookup`` it does its own lookups); ``messages`` names what each
failed test must tell the student.
"""

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
    # A queue as the mailbox between the callback and the coroutine.
    "lookup": (
        "async def lookup(name, seconds):\n"
        "    replies = asyncio.Queue()\n"
        "    start_lookup(name, seconds, lambda error, number: replies.put_nowait((error, number)))\n"
        "    error, number = await replies.get()\n"
        "    if error:\n"
        "        raise error\n"
        "    return number\n"
    ),
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



def wrong(base: dict[str, str], **answers: str) -> dict[str, str]:
    return {**base, **answers}


def failing(*tests: str) -> dict[str, float]:
    return {**FULL, **{test: 0 for test in tests}}


VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "high_level": Variant(HIGH_LEVEL, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}, messages={
        "test_download": "not written yet", "test_lookup": "not written yet",
        "test_lookup_many": "not written yet", "test_kind_of": "NotImplementedError",
    }),
    # time.sleep in place of the callback; future checked before task; the error dropped
    # (set_result(number) whatever happened); lookups started and awaited one at a time;
    # a gate whose waiter, when cancelled, cancels the future everybody shares.
    "time_sleep": Variant(
        wrong(
            CORRECT,
            download=(
                "import time\n"
                "async def download(name, seconds):\n"
                "    time.sleep(seconds)\n"
                "    return f'contents of {name}'\n"
            ),
            kind_of=(
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
            ),
            lookup=(
                "async def lookup(name, seconds):\n"
                "    answer = asyncio.get_running_loop().create_future()\n"
                "    start_lookup(name, seconds, lambda error, number: answer.set_result(number))\n"
                "    return await answer\n"
            ),
            lookup_many=(
                "async def lookup_many(names, seconds):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    numbers = {}\n"
                "    for name in names:\n"
                "        fut = loop.create_future()\n"
                "        def on_done(error, number, fut=fut):\n"
                "            if error is None:\n"
                "                fut.set_result(number)\n"
                "            else:\n"
                "                fut.set_exception(error)\n"
                "        start_lookup(name, seconds, on_done)\n"
                "        try:\n"
                "            numbers[name] = await fut\n"
                "        except UnknownName:\n"
                "            numbers[name] = 'unknown'\n"
                "    return numbers\n"
            ),
            gate=(
                "class Gate:\n"
                "    def __init__(self):\n"
                "        self._opened = asyncio.get_running_loop().create_future()\n"
                "    async def wait(self):\n"
                "        return await self._opened\n"
                "    def open(self, value):\n"
                "        if not self._opened.done():\n"
                "            self._opened.set_result(value)\n"
            ),
        ),
        failing("test_download", "test_kind_of", "test_lookup", "test_lookup_many", "test_gate"),
        messages={
            "test_download": "held the event loop",
            "test_kind_of": "kind_of(asyncio.create_task(nap())) returned 'future'",
            "test_lookup": "should raise the UnknownName error",
            "test_lookup_many": "the sum of",
            "test_gate": "cancelled the future that everybody waits on",
        },
    ),
    # Polls for the text every 10 ms: right text, a few ms late on non-round durations.
    # kind_of asks hasattr(obj, '__await__'), which a class has too; lookup_many awaits each
    # lookup before starting the next; a second open() raises InvalidStateError.
    "sequential": Variant(
        wrong(
            CORRECT,
            download=(
                "async def download(name, seconds):\n"
                "    box = []\n"
                "    start_download(name, seconds, box.append)\n"
                "    while not box:\n"
                "        await asyncio.sleep(0.01)\n"
                "    return box[0]\n"
            ),
            kind_of=(
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
            ),
            lookup_many=(
                "async def lookup_many(names, seconds):\n"
                "    numbers = {}\n"
                "    for name in names:\n"
                "        try:\n"
                "            numbers[name] = await lookup(name, seconds)\n"
                "        except UnknownName:\n"
                "            numbers[name] = 'unknown'\n"
                "    return numbers\n"
            ),
            gate=(
                "class Gate:\n"
                "    def __init__(self):\n"
                "        self._opened = asyncio.get_running_loop().create_future()\n"
                "    async def wait(self):\n"
                "        return await asyncio.shield(self._opened)\n"
                "    def open(self, value):\n"
                "        self._opened.set_result(value)\n"
            ),
        ),
        failing("test_download", "test_kind_of", "test_lookup_many", "test_gate"),
        messages={
            "test_download": "in a loop with asyncio.sleep",
            "test_kind_of": "kind_of(Countdown) returned 'awaitable'",
            "test_lookup_many": "the sum of",
            "test_gate": "a future was completed twice",
        },
    ),
    # Futures that nobody completes: the callback prints instead of setting the result; an
    # error leaves the lookup's future pending; each wait() awaits a future of its own.
    # kind_of looks types up by name (KeyError); lookup_many lets UnknownName escape.
    "never_resolved": Variant(
        wrong(
            CORRECT,
            download=(
                "async def download(name, seconds):\n"
                "    arrived = asyncio.get_running_loop().create_future()\n"
                "    start_download(name, seconds, print)\n"
                "    return await arrived\n"
            ),
            kind_of=(
                "def kind_of(obj):\n"
                "    return {'Task': 'task', 'Future': 'future', 'coroutine': 'coroutine'}[type(obj).__name__]\n"
            ),
            lookup=(
                "async def lookup(name, seconds):\n"
                "    answer = asyncio.get_running_loop().create_future()\n"
                "    def on_done(error, number):\n"
                "        if error is None:\n"
                "            answer.set_result(number)\n"
                "    start_lookup(name, seconds, on_done)\n"
                "    return await answer\n"
            ),
            lookup_many=(
                "async def lookup_many(names, seconds):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    futures = []\n"
                "    for name in names:\n"
                "        fut = loop.create_future()\n"
                "        def on_done(error, number, fut=fut):\n"
                "            if error is None:\n"
                "                fut.set_result(number)\n"
                "            else:\n"
                "                fut.set_exception(error)\n"
                "        start_lookup(name, seconds, on_done)\n"
                "        futures.append(fut)\n"
                "    return dict(zip(names, await asyncio.gather(*futures)))\n"
            ),
            gate=(
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
            ),
        ),
        failing("test_download", "test_kind_of", "test_lookup", "test_lookup_many", "test_gate"),
        messages={
            "test_download": "deadlock",
            "test_kind_of": "KeyError",
            "test_lookup": "deadlock",
            "test_lookup_many": "raised UnknownName",
            "test_gate": "deadlock",
        },
    ),
    # Returns the future instead of awaiting it; kind_of asks iscoroutinefunction (about the
    # function, not the object); lookup raises a new error of its own; lookup_many keeps
    # the exceptions gather returned; open() sets every waiter's future, a cancelled one too.
    "returns_the_future": Variant(
        wrong(
            CORRECT,
            download=(
                "async def download(name, seconds):\n"
                "    arrived = asyncio.get_running_loop().create_future()\n"
                "    start_download(name, seconds, arrived.set_result)\n"
                "    return arrived\n"
            ),
            kind_of=(
                "def kind_of(obj):\n"
                "    if isinstance(obj, asyncio.Task):\n"
                "        return 'task'\n"
                "    if isinstance(obj, asyncio.Future):\n"
                "        return 'future'\n"
                "    if inspect.iscoroutinefunction(obj):\n"
                "        return 'coroutine'\n"
                "    if inspect.isawaitable(obj):\n"
                "        return 'awaitable'\n"
                "    return 'not awaitable'\n"
            ),
            lookup=(
                "async def lookup(name, seconds):\n"
                "    answer = asyncio.get_running_loop().create_future()\n"
                "    def on_done(error, number):\n"
                "        if error is not None:\n"
                "            answer.set_exception(UnknownName(name))\n"
                "        else:\n"
                "            answer.set_result(number)\n"
                "    start_lookup(name, seconds, on_done)\n"
                "    return await answer\n"
            ),
            lookup_many=(
                "async def lookup_many(names, seconds):\n"
                "    numbers = await asyncio.gather(*(lookup(n, seconds) for n in names), return_exceptions=True)\n"
                "    return dict(zip(names, numbers))\n"
            ),
            gate=(
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
            ),
        ),
        failing("test_download", "test_kind_of", "test_lookup", "test_lookup_many", "test_gate"),
        messages={
            "test_download": "returned the wrong value",
            "test_kind_of": "kind_of(nap()) returned 'awaitable'",
            "test_lookup": "raise the error that start_lookup gave you, unchanged",
            "test_lookup_many": "returned the wrong value",
            "test_gate": "a future was completed twice, or after it was cancelled",
        },
    ),
    # One future shared by every call: right alone, deadlocks when downloads overlap. The
    # error passed on as if it were the number: lookup returns it, and lookup_many (built on
    # lookup, as in the reference answer) loses its points too.
    "shared_future": Variant(
        wrong(
            CORRECT,
            download=(
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
            ),
            lookup=(
                "async def lookup(name, seconds):\n"
                "    answer = asyncio.get_running_loop().create_future()\n"
                "    start_lookup(name, seconds, lambda error, number: answer.set_result(error or number))\n"
                "    return await answer\n"
            ),
        ),
        failing("test_download", "test_lookup", "test_lookup_many"),
        messages={
            "test_download": "InvalidStateError",
            "test_lookup": "should raise the UnknownName error",
            "test_lookup_many": "returned the wrong value",
        },
    ),
    # Busy-waits for a callback that cannot come: the loop never gets to run it. lookup
    # checks the directory itself and raises at once, without asking start_lookup.
    # lookup_many polls its futures with sleep(0): no timer ever comes due on a virtual clock.
    "infinite_loop": Variant(
        wrong(
            CORRECT,
            download=(
                "async def download(name, seconds):\n"
                "    box = []\n"
                "    start_download(name, seconds, box.append)\n"
                "    while not box:\n"
                "        pass\n"
                "    return box[0]\n"
            ),
            lookup=(
                "async def lookup(name, seconds):\n"
                "    if name not in DIRECTORY:\n"
                "        raise UnknownName(f'no number for {name!r}')\n"
                "    answer = asyncio.get_running_loop().create_future()\n"
                "    start_lookup(name, seconds, lambda error, number: answer.set_result(number))\n"
                "    return await answer\n"
            ),
            lookup_many=(
                "async def lookup_many(names, seconds):\n"
                "    replies = {}\n"
                "    for name in names:\n"
                "        start_lookup(name, seconds, lambda error, number, name=name: replies.update({name: number or 'unknown'}))\n"
                "    while len(replies) < len(names):\n"
                "        await asyncio.sleep(0)\n"
                "    return {name: replies[name] for name in names}\n"
            ),
        ),
        failing("test_download", "test_lookup", "test_lookup_many"),
        messages={
            "test_download": "did not finish within",
            "test_lookup": "the error arrives when start_lookup calls back",
            "test_lookup_many": "polls in a loop",
        },
    ),
    # A student who makes test cells "pass" by editing them, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_download": "pass", "test_gate": "pass"},
        delete=("lookup",),
        messages={"test_download": "not written yet"},
    ),
}
