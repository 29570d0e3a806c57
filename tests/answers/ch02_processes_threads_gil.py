"""Sample submissions for 02_processes_threads_gil: right ones written differently, and wrong ones."""

from submissions import Variant

FULL = {"test_three_pids": 2, "test_what_the_parent_sees": 2, "test_move_money": 3, "test_predict_seconds": 3}

# Thread and Process with ch02_work.report_pid and queues; two locks taken by account number.
CORRECT = {
    "three_pids": (
        "def three_pids():\n"
        "    from_thread = queue.Queue()\n"
        "    worker = threading.Thread(target=ch02_work.report_pid, args=(from_thread,))\n"
        "    worker.start()\n"
        "    thread_pid = from_thread.get()\n"
        "    worker.join()\n"
        "    from_child = multiprocessing.Queue()\n"
        "    child = multiprocessing.Process(target=ch02_work.report_pid, args=(from_child,))\n"
        "    child.start()\n"
        "    child_pid = from_child.get()\n"
        "    child.join()\n"
        "    return os.getpid(), thread_pid, child_pid\n"
    ),
    "what_the_parent_sees": (
        "def what_the_parent_sees(value):\n"
        "    child = multiprocessing.Process(target=ch02_work.set_value, args=(value,))\n"
        "    child.start()\n"
        "    child.join()\n"
        "    after_child = ch02_work.get_value()\n"
        "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
        "    worker.start()\n"
        "    while_running = ch02_work.get_value()\n"
        "    worker.join()\n"
        "    return after_child, while_running, ch02_work.get_value()\n"
    ),
    "move_money": (
        "def move_money(moves):\n"
        "    def transfer(source, target, amount, times):\n"
        "        first, second = sorted((source, target), key=lambda account: account.number)\n"
        "        for _ in range(times):\n"
        "            with first.lock, second.lock:\n"
        "                source.write(source.read() - amount)\n"
        "                target.write(target.read() + amount)\n"
        "    workers = [threading.Thread(target=transfer, args=move) for move in moves]\n"
        "    for worker in workers:\n"
        "        worker.start()\n"
        "    for worker in workers:\n"
        "        worker.join()\n"
    ),
    "predict_seconds": (
        "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
        "    if how == 'sequential':\n"
        "        return jobs * (cpu + wait)\n"
        "    at_once = 1 if how == 'threads' else cores\n"
        "    total, left = 0.0, jobs\n"
        "    while left > 0:\n"
        "        round_size = min(workers, left)\n"
        "        total += cpu * max(1, round_size / at_once) + wait\n"
        "        left -= round_size\n"
        "    return total\n"
    ),
}

# Executors running ch02_work.pid; a spawn context (as on macOS and Windows); acquire and
# release by hand; a table of formulas.
ALTERNATIVE = {
    "three_pids": (
        "from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor\n\n"
        "def three_pids():\n"
        "    with ThreadPoolExecutor(max_workers=1) as threads:\n"
        "        thread = threads.submit(ch02_work.pid).result()\n"
        "    with ProcessPoolExecutor(max_workers=1) as processes:\n"
        "        child = processes.submit(ch02_work.pid).result()\n"
        "    return (os.getpid(), thread, child)\n"
    ),
    "what_the_parent_sees": (
        "def what_the_parent_sees(value):\n"
        "    spawn = multiprocessing.get_context('spawn')\n"
        "    child = spawn.Process(target=ch02_work.set_value, args=(value,))\n"
        "    child.start()\n"
        "    child.join()\n"
        "    seen = [ch02_work.get_value()]\n"
        "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
        "    worker.start()\n"
        "    seen.append(ch02_work.get_value())\n"
        "    worker.join()\n"
        "    seen.append(ch02_work.get_value())\n"
        "    return tuple(seen)\n"
    ),
    "move_money": (
        "def move_money(moves):\n"
        "    def transfer(source, target, amount, times):\n"
        "        low = source if source.number < target.number else target\n"
        "        high = target if low is source else source\n"
        "        for _ in range(times):\n"
        "            low.lock.acquire()\n"
        "            high.lock.acquire()\n"
        "            try:\n"
        "                taken = source.read()\n"
        "                source.write(taken - amount)\n"
        "                target.write(target.read() + amount)\n"
        "            finally:\n"
        "                high.lock.release()\n"
        "                low.lock.release()\n"
        "    threads = [threading.Thread(target=transfer, args=(s, t, a, n)) for s, t, a, n in moves]\n"
        "    [t.start() for t in threads]\n"
        "    [t.join() for t in threads]\n"
    ),
    "predict_seconds": (
        "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
        "    if how == 'sequential':\n"
        "        return jobs * (cpu + wait)\n"
        "    full, rest = divmod(jobs, workers)\n"
        "    rounds = full + (1 if rest else 0)\n"
        "    if how == 'threads':\n"
        "        return jobs * cpu + rounds * wait  # one GIL: the computing adds up\n"
        "    one_round = lambda k: cpu * max(1, k / cores) + wait\n"
        "    return full * one_round(workers) + (one_round(rest) if rest else 0)\n"
    ),
}

# A Pool and a lambda in a thread, both calling ch02_work.pid; a forkserver context; a thread pool, an ExitStack, the higher number first; a waiting-line simulation.
THIRD_WAY = {
    "three_pids": (
        "def three_pids():\n"
        "    seen = []\n"
        "    worker = threading.Thread(target=lambda: seen.append(ch02_work.pid()))\n"
        "    worker.start()\n"
        "    worker.join()\n"
        "    with multiprocessing.Pool(processes=1) as pool:\n"
        "        child = pool.apply(ch02_work.pid)\n"
        "    return os.getpid(), seen[0], child\n"
    ),
    "what_the_parent_sees": (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "\n"
        "def what_the_parent_sees(value):\n"
        "    context = multiprocessing.get_context('forkserver')\n"
        "    child = context.Process(target=ch02_work.set_value, kwargs={'value': value})\n"
        "    child.start()\n"
        "    child.join()\n"
        "    after_child = ch02_work.get_value()\n"
        "    with ThreadPoolExecutor(max_workers=1) as pool:\n"
        "        job = pool.submit(ch02_work.set_value, value)\n"
        "        while_running = ch02_work.get_value()\n"
        "        job.result()  # waits for the worker\n"
        "        after_thread = ch02_work.get_value()\n"
        "    return after_child, while_running, after_thread\n"
    ),
    "move_money": (
        "import contextlib\n"
        "from concurrent.futures import ThreadPoolExecutor\n\n"
        "def move_money(moves):\n"
        "    def transfer(source, target, amount, times):\n"
        "        # the higher number first: any order works, as long as every thread uses the same\n"
        "        pair = sorted([source, target], key=lambda a: a.number, reverse=True)\n"
        "        for _ in range(times):\n"
        "            with contextlib.ExitStack() as held:\n"
        "                for account in pair:\n"
        "                    held.enter_context(account.lock)\n"
        "                source.write(source.read() - amount)\n"
        "                target.write(target.read() + amount)\n"
        "    with ThreadPoolExecutor(max_workers=max(1, len(moves))) as pool:\n"
        "        for done in [pool.submit(transfer, *move) for move in moves]:\n"
        "            done.result()\n"
    ),
    "predict_seconds": (
        "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
        "    match how:\n"
        "        case 'sequential':\n"
        "            return jobs * cpu + jobs * wait\n"
        "        case 'threads':\n"
        "            speed_limit = 1\n"
        "        case 'processes':\n"
        "            speed_limit = cores\n"
        "    waiting_line = list(range(jobs))\n"
        "    clock = 0\n"
        "    while waiting_line:\n"
        "        running, waiting_line = waiting_line[:workers], waiting_line[workers:]\n"
        "        share = min(1, speed_limit / len(running))\n"
        "        clock += cpu / share + wait\n"
        "    return clock\n"
    ),
}


# Two more correct transfers, carried by variants that break other exercises: back off and retry
# when the second lock is taken (no fixed order needed), and a fixed order by the locks' id().
TRY_AND_BACK_OFF = (
    "def move_money(moves):\n"
    "    def transfer(source, target, amount, times):\n"
    "        done = 0\n"
    "        while done < times:\n"
    "            with source.lock:\n"
    "                if target.lock.acquire(timeout=0.01):\n"
    "                    try:\n"
    "                        source.write(source.read() - amount)\n"
    "                        target.write(target.read() + amount)\n"
    "                        done += 1\n"
    "                    finally:\n"
    "                        target.lock.release()\n"
    "                    continue\n"
    "            time.sleep(0.001)  # let go of both, so the other thread can take them\n"
    "    workers = [threading.Thread(target=transfer, args=m) for m in moves]\n"
    "    for w in workers:\n"
    "        w.start()\n"
    "    for w in workers:\n"
    "        w.join()\n"
)
BY_LOCK_ID = (
    "def move_money(moves):\n"
    "    def transfer(source, target, amount, times):\n"
    "        locks = sorted([source.lock, target.lock], key=id)\n"
    "        for _ in range(times):\n"
    "            for lock in locks:\n"
    "                lock.acquire()\n"
    "            source.write(source.read() - amount)\n"
    "            target.write(target.read() + amount)\n"
    "            for lock in reversed(locks):\n"
    "                lock.release()\n"
    "    workers = [threading.Thread(target=transfer, args=m) for m in moves]\n"
    "    for w in workers:\n"
    "        w.start()\n"
    "    for w in workers:\n"
    "        w.join()\n"
)


def _with(**answers: str) -> dict[str, str]:
    return {**CORRECT, **answers}


NOTHING = {k: 0 for k in FULL}

VARIANTS = {
    "correct": Variant(CORRECT, FULL),
    "alternative": Variant(ALTERNATIVE, FULL),
    "third_way": Variant(THIRD_WAY, FULL),
    "unanswered": Variant({}, NOTHING),
    "edited_tests": Variant(
        {},
        NOTHING,
        edits={"test_three_pids": "pass", "test_move_money": "pass"},
        delete=("predict_seconds",),
    ),
    # Start, join, start, join: no race, and no concurrency either; sleeps that hold the GIL; the
    # thread joined before the read meant to see it still running (the lecture's cell).
    "sequential": Variant(
        _with(
            what_the_parent_sees=(
                "def what_the_parent_sees(value):\n"
                "    child = multiprocessing.Process(target=ch02_work.set_value, args=(value,))\n"
                "    child.start()\n"
                "    child.join()\n"
                "    after_child = ch02_work.get_value()\n"
                "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
                "    worker.start()\n"
                "    worker.join()  # as in the lecture: wait, then read\n"
                "    while_running = ch02_work.get_value()\n"
                "    return after_child, while_running, ch02_work.get_value()\n"
            ),
            move_money=(
                "def move_money(moves):\n"
                "    def transfer(source, target, amount, times):\n"
                "        first, second = sorted((source, target), key=lambda a: a.number)\n"
                "        for _ in range(times):\n"
                "            with first.lock, second.lock:\n"
                "                source.write(source.read() - amount)\n"
                "                target.write(target.read() + amount)\n"
                "    for move in moves:\n"
                "        worker = threading.Thread(target=transfer, args=move)\n"
                "        worker.start()\n"
                "        worker.join()\n"
            ),
            predict_seconds=(
                "import math\n\n"
                "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
                "    if how == 'processes':\n"
                "        full, rest = divmod(jobs, workers)\n"
                "        return (full * (cpu * max(1, workers / cores) + wait)\n"
                "                + (cpu * max(1, rest / cores) + wait if rest else 0))\n"
                "    return jobs * (cpu + wait)  # threads: one at a time, waits included\n"
            ),
        ),
        {**FULL, "test_what_the_parent_sees": 0, "test_move_money": 0, "test_predict_seconds": 0},
        messages={
            "test_what_the_parent_sees": "waited for the thread",
            "test_move_money": "ran one after another",
            "test_predict_seconds": "holds no GIL",
        },
    ),
    # Threads taken for little processes: a thread id as its pid, no lock, CPU work in parallel.
    "threads_are_parallel": Variant(
        _with(
            three_pids=(
                "def three_pids():\n"
                "    ids = queue.Queue()\n"
                "    worker = threading.Thread(target=lambda: ids.put(threading.get_native_id()))\n"
                "    worker.start()\n"
                "    worker.join()\n"
                "    child_box = multiprocessing.Queue()\n"
                "    child = multiprocessing.Process(target=ch02_work.report_pid, args=(child_box,))\n"
                "    child.start()\n"
                "    child_pid = child_box.get()\n"
                "    child.join()\n"
                "    return os.getpid(), ids.get(), child_pid\n"
            ),
            move_money=(
                "def move_money(moves):\n"
                "    def transfer(source, target, amount, times):\n"
                "        for _ in range(times):\n"
                "            source.write(source.read() - amount)\n"
                "            target.write(target.read() + amount)\n"
                "    workers = [threading.Thread(target=transfer, args=m) for m in moves]\n"
                "    for worker in workers:\n"
                "        worker.start()\n"
                "    for worker in workers:\n"
                "        worker.join()\n"
            ),
            predict_seconds=(
                "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
                "    if how == 'sequential':\n"
                "        return jobs * (cpu + wait)\n"
                "    total = 0\n"
                "    while jobs > 0:  # threads and processes alike: on all the cores\n"
                "        k = min(workers, jobs)\n"
                "        total += cpu * max(1, k / cores) + wait\n"
                "        jobs -= k\n"
                "    return total\n"
            ),
        ),
        {**FULL, "test_three_pids": 0, "test_move_money": 0, "test_predict_seconds": 0},
        messages={
            "test_three_pids": "get_native_id",
            "test_move_money": "protects nothing against it",
            "test_predict_seconds": "share one GIL",
        },
    ),
    # The "child" code called right here, in the parent.
    "called_directly": Variant(
        _with(
            move_money=TRY_AND_BACK_OFF,
            three_pids=(
                "def three_pids():\n"
                "    box = queue.Queue()\n"
                "    worker = threading.Thread(target=ch02_work.report_pid, args=(box,))\n"
                "    worker.start()\n"
                "    worker.join()\n"
                "    ch02_work.report_pid(box)  # the child's part\n"
                "    return os.getpid(), box.get(), box.get()\n"
            ),
            what_the_parent_sees=(
                "def what_the_parent_sees(value):\n"
                "    ch02_work.set_value(value)  # 'in the child'\n"
                "    after_child = ch02_work.get_value()\n"
                "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
                "    worker.start()\n"
                "    while_running = ch02_work.get_value()\n"
                "    worker.join()\n"
                "    return after_child, while_running, ch02_work.get_value()\n"
            ),
        ),
        {**FULL, "test_three_pids": 0, "test_what_the_parent_sees": 0},
        messages={"test_three_pids": "that code ran in this process", "test_what_the_parent_sees": "after the child, the parent saw"},
    ),
    # A lock of its own instead of the accounts' locks; `from ch02_work import VALUE` reads a stale copy.
    "lock_per_thread": Variant(
        _with(
            move_money=(
                "def move_money(moves):\n"
                "    bank = threading.Lock()  # one lock of my own for every transfer\n"
                "    def transfer(source, target, amount, times):\n"
                "        for _ in range(times):\n"
                "            with bank:\n"
                "                source.write(source.read() - amount)\n"
                "                target.write(target.read() + amount)\n"
                "    workers = [threading.Thread(target=transfer, args=m) for m in moves]\n"
                "    for worker in workers:\n"
                "        worker.start()\n"
                "    for worker in workers:\n"
                "        worker.join()\n"
            ),
            what_the_parent_sees=(
                "from ch02_work import VALUE\n"
                "\n"
                "def what_the_parent_sees(value):\n"
                "    child = multiprocessing.Process(target=ch02_work.set_value, args=(value,))\n"
                "    child.start()\n"
                "    child.join()\n"
                "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
                "    worker.start()\n"
                "    worker.join()\n"
                "    return VALUE, VALUE, VALUE\n"
            ),
        ),
        {**FULL, "test_move_money": 0, "test_what_the_parent_sees": 0},
        messages={"test_move_money": "a lock of your own", "test_what_the_parent_sees": "from ch02_work import VALUE"},
    ),
    # One lock at a time (the money in neither account between them); the pool's size ignored (the lecture's one-worker-per-job table).
    "lock_around_read": Variant(
        _with(
            move_money=(
                "def move_money(moves):\n"
                "    def transfer(source, target, amount, times):\n"
                "        for _ in range(times):\n"
                "            with source.lock:\n"
                "                source.write(source.read() - amount)\n"
                "            with target.lock:\n"
                "                target.write(target.read() + amount)\n"
                "    workers = [threading.Thread(target=transfer, args=m) for m in moves]\n"
                "    for worker in workers:\n"
                "        worker.start()\n"
                "    for worker in workers:\n"
                "        worker.join()\n"
            ),
            predict_seconds=(
                "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
                "    # the lecture's table, whatever the pool's size: every wait overlaps\n"
                "    if how == 'sequential':\n"
                "        return jobs * (cpu + wait)\n"
                "    if how == 'threads':\n"
                "        return jobs * cpu + wait\n"
                "    return cpu * max(1, jobs / cores) + wait\n"
            ),
        ),
        {**FULL, "test_move_money": 0, "test_predict_seconds": 0},
        messages={"test_move_money": "holding only that account's lock", "test_predict_seconds": "only the waits of jobs running *together* overlap"},
    ),
    # Reads before the workers are done: no join.
    "no_join": Variant(
        _with(
            what_the_parent_sees=(
                "def what_the_parent_sees(value):\n"
                "    child = multiprocessing.Process(target=ch02_work.set_value, args=(value,))\n"
                "    child.start()\n"
                "    child.join()\n"
                "    after_child = ch02_work.get_value()\n"
                "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
                "    worker.start()\n"
                "    return after_child, ch02_work.get_value(), ch02_work.get_value()  # no join\n"
            ),
            move_money=(
                "def move_money(moves):\n"
                "    def transfer(source, target, amount, times):\n"
                "        first, second = sorted((source, target), key=lambda a: a.number)\n"
                "        for _ in range(times):\n"
                "            with first.lock, second.lock:\n"
                "                source.write(source.read() - amount)\n"
                "                target.write(target.read() + amount)\n"
                "    for move in moves:\n"
                "        threading.Thread(target=transfer, args=move).start()\n"
            ),
        ),
        {**FULL, "test_what_the_parent_sees": 0, "test_move_money": 0},
        messages={"test_what_the_parent_sees": "join() the thread", "test_move_money": "returned while its threads"},
    ),
    # Works with fork only: a target defined in a cell; a pid read before start(); every round of the pool full.
    "cell_defined_target": Variant(
        _with(
            what_the_parent_sees=(
                "shared = None\n"
                "\n"
                "def write(value):\n"
                "    global shared\n"
                "    shared = value\n"
                "\n"
                "def what_the_parent_sees(value):\n"
                "    global shared\n"
                "    shared = ch02_work.get_value()\n"
                "    child = multiprocessing.Process(target=write, args=(value,))\n"
                "    child.start()\n"
                "    child.join()\n"
                "    after_child = shared\n"
                "    worker = threading.Thread(target=write, args=(value,))\n"
                "    worker.start()\n"
                "    while_running = shared\n"
                "    worker.join()\n"
                "    return after_child, while_running, shared\n"
            ),
            three_pids=(
                "def three_pids():\n"
                "    box = queue.Queue()\n"
                "    worker = threading.Thread(target=ch02_work.report_pid, args=(box,))\n"
                "    worker.start()\n"
                "    worker.join()\n"
                "    child = multiprocessing.Process(target=ch02_work.report_pid, args=(multiprocessing.Queue(),))\n"
                "    child_pid = child.pid\n"
                "    child.start()\n"
                "    child.join()\n"
                "    return os.getpid(), box.get(), child_pid\n"
            ),
            predict_seconds=(
                "import math\n\n"
                "def predict_seconds(jobs, cpu, wait, how, workers, cores):\n"
                "    if how == 'sequential':\n"
                "        return jobs * (cpu + wait)\n"
                "    at_once = 1 if how == 'threads' else cores\n"
                "    rounds = math.ceil(jobs / workers)  # every round as full as the first\n"
                "    return rounds * (cpu * max(1, min(workers, jobs) / at_once) + wait)\n"
            ),
        ),
        {**FULL, "test_what_the_parent_sees": 0, "test_three_pids": 0, "test_predict_seconds": 0},
        messages={
            "test_what_the_parent_sees": "ran in a child process",
            "test_three_pids": "only once it is started",
            "test_predict_seconds": "the last round is smaller",
        },
    ),
    # No new thread at all: the "thread" part and the transfers done by the caller itself.
    "no_thread": Variant(
        _with(
            what_the_parent_sees=(
                "def what_the_parent_sees(value):\n"
                "    child = multiprocessing.Process(target=ch02_work.set_value, args=(value,))\n"
                "    child.start()\n"
                "    child.join()\n"
                "    after_child = ch02_work.get_value()\n"
                "    ch02_work.set_value(value)  # 'in the thread': same memory anyway\n"
                "    return after_child, ch02_work.get_value(), ch02_work.get_value()\n"
            ),
            move_money=(
                "def move_money(moves):\n"
                "    for source, target, amount, times in moves:\n"
                "        first, second = sorted((source, target), key=lambda a: a.number)\n"
                "        for _ in range(times):\n"
                "            with first.lock, second.lock:\n"
                "                source.write(source.read() - amount)\n"
                "                target.write(target.read() + amount)\n"
            ),
        ),
        {**FULL, "test_what_the_parent_sees": 0, "test_move_money": 0},
        messages={
            "test_what_the_parent_sees": "on the thread that called your function",
            "test_move_money": "on the calling thread itself",
        },
    ),
    # Ids made up instead of reported (os.getpid() + 1 for the child); counting in child
    # processes, each on its own copy of the accounts.
    "made_up_pids": Variant(
        _with(
            three_pids=(
                "def three_pids():\n"
                "    me = os.getpid()\n"
                "    return me, me, me + 1  # a child gets the next free id anyway\n"
            ),
            move_money=(
                "def move_money(moves):\n"
                "    def transfer(source, target, amount, times):\n"
                "        first, second = sorted((source, target), key=lambda a: a.number)\n"
                "        for _ in range(times):\n"
                "            with first.lock, second.lock:\n"
                "                source.write(source.read() - amount)\n"
                "                target.write(target.read() + amount)\n"
                "    workers = [multiprocessing.Process(target=transfer, args=m) for m in moves]\n"
                "    for worker in workers:\n"
                "        worker.start()\n"
                "    for worker in workers:\n"
                "        worker.join()\n"
            ),
        ),
        {**FULL, "test_three_pids": 0, "test_move_money": 0},
        messages={"test_three_pids": "os.getpid() + 1", "test_move_money": "its own copy of the accounts"},
    ),
    # A real thread's native id passed off as the child's pid, no thread asked for the "thread" id;
    # and a sleep instead of join(), too short once set_value works longer.
    "thread_ids_as_pids": Variant(
        _with(
            what_the_parent_sees=(
                "def what_the_parent_sees(value):\n"
                "    child = multiprocessing.Process(target=ch02_work.set_value, args=(value,))\n"
                "    child.start()\n"
                "    child.join()\n"
                "    after_child = ch02_work.get_value()\n"
                "    worker = threading.Thread(target=ch02_work.set_value, args=(value,))\n"
                "    worker.start()\n"
                "    while_running = ch02_work.get_value()\n"
                "    time.sleep(0.2)  # set_value takes 0.05 s: surely done by now\n"
                "    return after_child, while_running, ch02_work.get_value()\n"
            ),
            three_pids=(
                "def three_pids():\n"
                "    ids = queue.Queue()\n"
                "    worker = threading.Thread(target=lambda: ids.put(threading.get_native_id()))\n"
                "    worker.start()\n"
                "    worker.join()\n"
                "    return os.getpid(), os.getpid(), ids.get()  # a thread is a little process\n"
            ),
        ),
        {**FULL, "test_three_pids": 0, "test_what_the_parent_sees": 0},
        messages={"test_three_pids": "a thread's id", "test_what_the_parent_sees": "a time.sleep is a guess"},
    ),
    # Each thread takes its source's lock first: a move from 1 to 2 and one from 2 to 1 deadlock.
    "source_first": Variant(
        _with(
            move_money=(
                "def move_money(moves):\n"
                "    def transfer(source, target, amount, times):\n"
                "        for _ in range(times):\n"
                "            with source.lock:\n"
                "                with target.lock:\n"
                "                    source.write(source.read() - amount)\n"
                "                    target.write(target.read() + amount)\n"
                "    workers = [threading.Thread(target=transfer, args=m) for m in moves]\n"
                "    for worker in workers:\n"
                "        worker.start()\n"
                "    for worker in workers:\n"
                "        worker.join()\n"
            ),
        ),
        {**FULL, "test_move_money": 0},
        messages={"test_move_money": "deadlock"},
    ),
    # A queue.Queue handed to a child process: the child fills its own copy, the parent waits.
    "queue_to_child": Variant(
        _with(
            move_money=BY_LOCK_ID,
            three_pids=(
                "def three_pids():\n"
                "    box = queue.Queue()\n"
                "    worker = threading.Thread(target=ch02_work.report_pid, args=(box,))\n"
                "    worker.start()\n"
                "    thread_pid = box.get()\n"
                "    worker.join()\n"
                "    child = multiprocessing.Process(target=ch02_work.report_pid, args=(box,))\n"
                "    child.start()\n"
                "    child_pid = box.get()\n"
                "    child.join()\n"
                "    return os.getpid(), thread_pid, child_pid\n"
            ),
        ),
        {**FULL, "test_three_pids": 0},
        messages={"test_three_pids": "multiprocessing.Queue, which carries"},
    ),
    # The thread's id taken without a thread, and the child's from a thread pool's os.getpid().
    "no_worker_asked": Variant(
        _with(
            three_pids=(
                "from concurrent.futures import ThreadPoolExecutor\n\n"
                "def three_pids():\n"
                "    with ThreadPoolExecutor() as pool:\n"
                "        child = pool.submit(lambda: os.getpid() + 1).result()\n"
                "    return os.getpid(), os.getpid(), child\n"
            ),
        ),
        {**FULL, "test_three_pids": 0},
        messages={"test_three_pids": "no child process of this kernel ran"},
    ),
}
