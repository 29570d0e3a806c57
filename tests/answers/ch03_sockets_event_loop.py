"""Sample submissions for 03_sockets_event_loop: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_round_robin": 2, "test_run_with_timers": 3, "test_echo_server": 3}

# A deque used as a FIFO queue; a heap of (when, seq, name, task); selectors with the
# listener told apart by identity.
CORRECT = {
    "round_robin": (
        "def round_robin(tasks):\n"
        "    ready = deque(tasks)\n"
        "    log = []\n"
        "    while ready:\n"
        "        task = ready.popleft()\n"
        "        try:\n"
        "            log.append(next(task))\n"
        "        except StopIteration as finished:\n"
        "            log.append(finished.value)\n"
        "        else:\n"
        "            ready.append(task)\n"
        "    return log\n"
    ),
    "run_with_timers": (
        "def run_with_timers(tasks):\n"
        "    now = 0.0\n"
        "    ready = deque(tasks.items())\n"
        "    timers = []\n"
        "    seq = itertools.count()\n"
        "    finished = []\n"
        "    while ready or timers:\n"
        "        if not ready:\n"
        "            now, _, name, task = heapq.heappop(timers)\n"
        "            ready.append((name, task))\n"
        "            continue\n"
        "        name, task = ready.popleft()\n"
        "        try:\n"
        "            seconds = next(task)\n"
        "        except StopIteration:\n"
        "            finished.append((now, name))\n"
        "        else:\n"
        "            heapq.heappush(timers, (now + seconds, next(seq), name, task))\n"
        "    return finished\n"
    ),
    "echo_server": (
        "def echo_server(listener, stop):\n"
        "    selector = selectors.DefaultSelector()\n"
        "    listener.setblocking(False)\n"
        "    selector.register(listener, selectors.EVENT_READ)\n"
        "    try:\n"
        "        while not stop.is_set():\n"
        "            for key, _ in selector.select(timeout=0.05):\n"
        "                sock = key.fileobj\n"
        "                if sock is listener:\n"
        "                    conn, _ = listener.accept()\n"
        "                    conn.setblocking(False)\n"
        "                    selector.register(conn, selectors.EVENT_READ)\n"
        "                    continue\n"
        "                data = sock.recv(4096)\n"
        "                if data:\n"
        "                    sock.sendall(data)\n"
        "                else:\n"
        "                    selector.unregister(sock)\n"
        "                    sock.close()\n"
        "    finally:\n"
        "        for key in list(selector.get_map().values()):\n"
        "            if key.fileobj is not listener:\n"
        "                key.fileobj.close()\n"
        "        selector.close()\n"
    ),
}

# A plain list used as a queue (pop(0)); all timers due at the next time moved at once,
# asyncio-style; callbacks stored as the selector keys' data (Fowler's style).
ALTERNATIVE = {
    "round_robin": (
        "def round_robin(tasks):\n"
        "    queue = list(tasks)\n"
        "    events = []\n"
        "    while queue:\n"
        "        current = queue.pop(0)\n"
        "        try:\n"
        "            value = current.send(None)\n"
        "        except StopIteration as stop:\n"
        "            events.append(stop.value)\n"
        "            continue\n"
        "        events.append(value)\n"
        "        queue.append(current)\n"
        "    return events\n"
    ),
    "run_with_timers": (
        "import heapq\n"
        "from itertools import count\n\n"
        "def run_with_timers(tasks):\n"
        "    clock = 0\n"
        "    ready = deque(tasks.items())\n"
        "    heap, counter, done = [], count(), []\n"
        "    while ready or heap:\n"
        "        if not ready:\n"
        "            clock = heap[0][0]\n"
        "        while heap and heap[0][0] <= clock:\n"
        "            _, _, item = heapq.heappop(heap)\n"
        "            ready.append(item)\n"
        "        for _ in range(len(ready)):\n"
        "            name, gen = ready.popleft()\n"
        "            try:\n"
        "                wait = next(gen)\n"
        "            except StopIteration:\n"
        "                done.append((clock, name))\n"
        "            else:\n"
        "                heapq.heappush(heap, (clock + wait, next(counter), (name, gen)))\n"
        "    return done\n"
    ),
    "echo_server": (
        "def echo_server(listener, stop):\n"
        "    sel = selectors.DefaultSelector()\n"
        "    open_connections = []\n\n"
        "    def echo(conn):\n"
        "        data = conn.recv(1024)\n"
        "        if not data:\n"
        "            sel.unregister(conn)\n"
        "            conn.close()\n"
        "            open_connections.remove(conn)\n"
        "            return\n"
        "        conn.sendall(data)\n\n"
        "    def accept(sock):\n"
        "        conn, address = sock.accept()\n"
        "        conn.setblocking(False)\n"
        "        open_connections.append(conn)\n"
        "        sel.register(conn, selectors.EVENT_READ, echo)\n\n"
        "    listener.setblocking(False)\n"
        "    sel.register(listener, selectors.EVENT_READ, accept)\n"
        "    while not stop.is_set():\n"
        "        for key, mask in sel.select(0.1):\n"
        "            callback = key.data\n"
        "            callback(key.fileobj)\n"
        "    for conn in open_connections:\n"
        "        conn.close()\n"
        "    sel.close()\n"
    ),
}

# Whole rounds over the live tasks; a list kept sorted with bisect.insort on (when, seq);
# plain select.select over lists of sockets.
THIRD_WAY = {
    "round_robin": (
        "def round_robin(tasks):\n"
        "    live = list(tasks)\n"
        "    log = []\n"
        "    while live:\n"
        "        for task in list(live):\n"
        "            try:\n"
        "                log.append(next(task))\n"
        "            except StopIteration as e:\n"
        "                log.append(e.value)\n"
        "                live.remove(task)\n"
        "    return log\n"
    ),
    "run_with_timers": (
        "import bisect\n\n"
        "def run_with_timers(tasks):\n"
        "    now, n = 0, 0\n"
        "    ready = deque(tasks.items())\n"
        "    timers = []  # kept sorted by (when, n)\n"
        "    result = []\n"
        "    while ready or timers:\n"
        "        while ready:\n"
        "            name, task = ready.popleft()\n"
        "            try:\n"
        "                d = next(task)\n"
        "            except StopIteration:\n"
        "                result.append((now, name))\n"
        "                continue\n"
        "            bisect.insort(timers, (now + d, n, name, task), key=lambda t: t[:2])\n"
        "            n += 1\n"
        "        if timers:\n"
        "            now, _, name, task = timers.pop(0)\n"
        "            ready.append((name, task))\n"
        "    return result\n"
    ),
    "echo_server": (
        "import select\n\n"
        "def echo_server(listener, stop):\n"
        "    clients = []\n"
        "    try:\n"
        "        while not stop.is_set():\n"
        "            readable, _, _ = select.select([listener, *clients], [], [], 0.05)\n"
        "            for sock in readable:\n"
        "                if sock is listener:\n"
        "                    clients.append(listener.accept()[0])\n"
        "                elif message := sock.recv(4096):\n"
        "                    sock.send(message)\n"
        "                else:\n"
        "                    clients.remove(sock)\n"
        "                    sock.close()\n"
        "    finally:\n"
        "        for sock in clients:\n"
        "            sock.close()\n"
    ),
}

BLOCKING_SERVER = (
    "def echo_server(listener, stop):\n"
    "    listener.settimeout(0.1)\n"
    "    while not stop.is_set():\n"
    "        try:\n"
    "            conn, _ = listener.accept()\n"
    "        except TimeoutError:\n"
    "            continue\n"
    "        with conn:\n"
    "            while data := conn.recv(4096):  # serves this client until it hangs up\n"
    "                conn.sendall(data)\n"
)

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, {k: 0 for k in FULL}),
    # One task after another, each to its end; one client after another, each until it hangs up.
    "sequential": Variant(
        {
            **CORRECT,
            "round_robin": (
                "def round_robin(tasks):\n"
                "    log = []\n"
                "    for task in tasks:\n"
                "        while True:\n"
                "            try:\n"
                "                log.append(next(task))\n"
                "            except StopIteration as end:\n"
                "                log.append(end.value)\n"
                "                break\n"
                "    return log\n"
            ),
            "echo_server": BLOCKING_SERVER,
        },
        {**FULL, "test_round_robin": 0, "test_echo_server": 0},
        messages={"test_round_robin": "ran to its end", "test_echo_server": "did not echo the message within 2 s"},
    ),
    # The slides' deque.pop(): the task just put back runs again at once; ties broken by name.
    "lifo": Variant(
        {
            **CORRECT,
            "round_robin": CORRECT["round_robin"].replace("ready.popleft()", "ready.pop()"),
            "run_with_timers": CORRECT["run_with_timers"]
            .replace("now, _, name, task = heapq", "now, name, task = heapq")
            .replace("(now + seconds, next(seq), name, task)", "(now + seconds, name, task)"),
        },
        {**FULL, "test_round_robin": 0, "test_run_with_timers": 0},
        messages={"test_round_robin": "popleft()", "test_run_with_timers": "in the order they were set"},
    ),
    # A task that yielded is dropped; timers kept in the order they were set (a plain list).
    "drop_after_first": Variant(
        {
            **CORRECT,
            "round_robin": (
                "def round_robin(tasks):\n"
                "    ready = deque(tasks)\n"
                "    log = []\n"
                "    while ready:\n"
                "        task = ready.popleft()\n"
                "        try:\n"
                "            log.append(next(task))\n"
                "        except StopIteration as finished:\n"
                "            log.append(finished.value)\n"
                "    return log\n"
            ),
            "run_with_timers": CORRECT["run_with_timers"]
            .replace("heapq.heappop(timers)", "timers.pop(0)")
            .replace("heapq.heappush(timers, ", "timers.append("),
        },
        {**FULL, "test_round_robin": 0, "test_run_with_timers": 0},
        messages={"test_round_robin": "put it back at the end", "test_run_with_timers": "clock went backwards"},
    ),
    # Waits for the toy loop's timers in real time.
    "time_sleep": Variant(
        {
            **CORRECT,
            "run_with_timers": "import time\n\n" + CORRECT["run_with_timers"].replace(
                "            now, _, name, task = heapq.heappop(timers)\n",
                "            when, _, name, task = heapq.heappop(timers)\n"
                "            time.sleep(when - now)  # wait for the timer to be due\n"
                "            now = when\n",
            ),
        },
        {**FULL, "test_run_with_timers": 0},
        messages={"test_run_with_timers": "do not time.sleep()"},
    ),
    # Ticks the fake clock until a timer is due; polls non-blocking sockets without a selector.
    "busy_wait": Variant(
        {
            **CORRECT,
            "run_with_timers": CORRECT["run_with_timers"].replace(
                "            now, _, name, task = heapq.heappop(timers)\n",
                "            while now < timers[0][0]:\n"
                "                now += 0.25  # tick, tick...\n"
                "            _, _, name, task = heapq.heappop(timers)\n",
            ),
            "echo_server": (
                "def echo_server(listener, stop):\n"
                "    listener.setblocking(False)\n"
                "    clients = []\n"
                "    while not stop.is_set():\n"
                "        try:\n"
                "            conn, _ = listener.accept()\n"
                "            conn.setblocking(False)\n"
                "            clients.append(conn)\n"
                "        except BlockingIOError:\n"
                "            pass\n"
                "        for conn in list(clients):\n"
                "            try:\n"
                "                data = conn.recv(4096)\n"
                "            except BlockingIOError:\n"
                "                continue\n"
                "            if data:\n"
                "                conn.sendall(data)\n"
                "            else:\n"
                "                clients.remove(conn)\n"
                "                conn.close()\n"
                "    for conn in clients:\n"
                "        conn.close()\n"
            ),
        },
        {**FULL, "test_run_with_timers": 0, "test_echo_server": 0},
        messages={"test_run_with_timers": "do not tick", "test_echo_server": "it spins"},
    ),
    # Forgets what happens at the end of a task or a connection: a finished task goes back
    # in the queue (endless loop), heap entries (when, task) that cannot break a tie, a
    # hung-up socket left registered.
    "forgets_the_end": Variant(
        {
            "round_robin": (
                "def round_robin(tasks):\n"
                "    ready = deque(tasks)\n"
                "    log = []\n"
                "    while ready:\n"
                "        task = ready.popleft()\n"
                "        try:\n"
                "            log.append(next(task))\n"
                "        except StopIteration as finished:\n"
                "            log.append(finished.value)\n"
                "        ready.append(task)\n"
                "    return log\n"
            ),
            "run_with_timers": CORRECT["run_with_timers"]
            .replace("now, _, name, task = heapq", "now, task, name = heapq")
            .replace("(now + seconds, next(seq), name, task)", "(now + seconds, task, name)"),
            "echo_server": CORRECT["echo_server"].replace(
                "                else:\n"
                "                    selector.unregister(sock)\n"
                "                    sock.close()\n",
                "",
            ),
        },
        {k: 0 for k in FULL},
        messages={
            "test_round_robin": "finished task go back into the queue",
            "test_run_with_timers": "sequence number",
            "test_echo_server": "After client 2 hung up",
        },
    ),
    # select() with no timeout: the server sleeps until a client speaks, so it never sees stop.
    "no_timeout": Variant(
        {**CORRECT, "echo_server": CORRECT["echo_server"].replace("selector.select(timeout=0.05)", "selector.select()")},
        {**FULL, "test_echo_server": 0},
        messages={"test_echo_server": "did not return within 2 s after stop was set"},
    ),
    # Runs every task to its end first, then deals the results out as a loop would have; a
    # server that never closes its connections (Python's garbage collector did it for them).
    "drain_first": Variant(
        {
            "round_robin": (
                "def round_robin(tasks):\n"
                "    runs = []\n"
                "    for task in tasks:  # run each task to its end first...\n"
                "        steps = []\n"
                "        while True:\n"
                "            try:\n"
                "                steps.append(next(task))\n"
                "            except StopIteration as end:\n"
                "                steps.append(end.value)\n"
                "                break\n"
                "        runs.append(steps)\n"
                "    log = []  # ...then deal the logs out in turn\n"
                "    for i in range(max(map(len, runs), default=0)):\n"
                "        log.extend(steps[i] for steps in runs if i < len(steps))\n"
                "    return log\n"
            ),
            "run_with_timers": (
                "def run_with_timers(tasks):\n"
                "    plans = {name: deque(task) for name, task in tasks.items()}  # every sleep, read ahead\n"
                "    now, seq, heap, done = 0, itertools.count(), [], []\n"
                "    ready = deque(plans)\n"
                "    while ready or heap:\n"
                "        if not ready:\n"
                "            now, _, name = heapq.heappop(heap)\n"
                "            ready.append(name)\n"
                "            continue\n"
                "        name = ready.popleft()\n"
                "        if plans[name]:\n"
                "            heapq.heappush(heap, (now + plans[name].popleft(), next(seq), name))\n"
                "        else:\n"
                "            done.append((now, name))\n"
                "    return done\n"
            ),
            "echo_server": (
                "def echo_server(listener, stop):\n"
                "    selector = selectors.DefaultSelector()\n"
                "    listener.setblocking(False)\n"
                "    selector.register(listener, selectors.EVENT_READ)\n"
                "    while not stop.is_set():\n"
                "        for key, _ in selector.select(timeout=0.05):\n"
                "            if key.fileobj is listener:\n"
                "                conn, _ = listener.accept()\n"
                "                conn.setblocking(False)\n"
                "                selector.register(conn, selectors.EVENT_READ)\n"
                "            elif data := key.fileobj.recv(4096):\n"
                "                key.fileobj.sendall(data)\n"
                "            else:\n"
                "                selector.unregister(key.fileobj)\n"
                "                key.fileobj.close()\n"
                "    # returning drops the selector and the connections: 'Python closes them'\n"
            ),
        },
        {k: 0 for k in FULL},
        messages={
            "test_round_robin": "did not run in turn",
            "test_run_with_timers": "did not run on your loop",
            "test_echo_server": "left client A's connection open",
        },
    ),
    # Tidies up too much: the caller's listener closed with the rest.
    "closes_listener": Variant(
        {**CORRECT, "echo_server": CORRECT["echo_server"].replace(
            "        selector.close()\n", "        selector.close()\n        listener.close()\n")},
        {**FULL, "test_echo_server": 0},
        messages={"test_echo_server": "closed the listener"},
    ),
    # Chapter 02's answer: a thread per client, each in a blocking recv().
    "thread_per_client": Variant(
        {
            **CORRECT,
            "echo_server": (
                "def echo_server(listener, stop):\n"
                "    def serve(conn):\n"
                "        with conn:\n"
                "            conn.settimeout(0.05)\n"
                "            while not stop.is_set():\n"
                "                try:\n"
                "                    data = conn.recv(4096)\n"
                "                except TimeoutError:\n"
                "                    continue\n"
                "                if not data:\n"
                "                    return\n"
                "                conn.sendall(data)\n\n"
                "    listener.settimeout(0.05)\n"
                "    helpers = []\n"
                "    while not stop.is_set():\n"
                "        try:\n"
                "            conn, _ = listener.accept()\n"
                "        except TimeoutError:\n"
                "            continue\n"
                "        helpers.append(threading.Thread(target=serve, args=(conn,), daemon=True))\n"
                "        helpers[-1].start()\n"
                "    for helper in helpers:\n"
                "        helper.join()\n"
            ),
        },
        {**FULL, "test_echo_server": 0},
        messages={"test_echo_server": "threads besides its own"},
    ),
    # Unregisters a client that hung up but never closes its socket (closes only the
    # connections still registered, at the end).
    "leaks_hung_up": Variant(
        {**CORRECT, "echo_server": CORRECT["echo_server"].replace(
            "                    selector.unregister(sock)\n                    sock.close()\n",
            "                    selector.unregister(sock)\n")},
        {**FULL, "test_echo_server": 0},
        messages={"test_echo_server": "had not closed its end"},
    ),
    # A student who makes every test cell "pass" by editing it, and deletes an answer cell.
    "edited_tests": Variant(
        {},
        {k: 0 for k in FULL},
        edits={"test_round_robin": "pass", "test_echo_server": "pass"},
        delete=("run_with_timers",),
    ),
}
