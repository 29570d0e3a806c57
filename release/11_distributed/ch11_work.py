"""Chapter 11's helper module: the functions that run on the cluster's workers.

dask sends a task to a worker as a pickled function plus its arguments. A function from an
importable module, like these, travels as a *reference* (module and name) and the worker
imports this module; a function typed in a notebook cell travels by value (dask uses
cloudpickle), which works too, but then everything it refers to must be picklable.

Each helper notes its calls in ``RUNS``, in the process where it ran: which function, with
which argument, under which task key (``None`` outside a dask worker), in which process,
when. The tests read those notes from their own cluster's worker processes and keep only the
calls its scheduler saw finish on that worker: a note is never evidence on its own.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import time
from collections import Counter

#: One note per call of a helper below, in this process: (function name, argument, task key or
#: None, process id, start, end); start and end in ``time.monotonic()`` seconds (one clock for
#: every process of the machine).
RUNS: list[tuple[str, object, str | None, int, float, float]] = []

#: How long ``count_words`` pauses (real seconds), so that two of them running at the same
#: time visibly overlap, and two running one after the other visibly do not.
WORD_PAUSE = 0.3


def _task_key() -> str | None:
    """The key of the dask task running in this thread, or None outside a worker's task."""
    try:
        from distributed import get_worker

        key = get_worker().get_current_task()
    except (ImportError, ValueError):
        return None
    return None if key is None else str(key)


def _note(name: str, argument: object, started: float) -> None:
    RUNS.append((name, argument, _task_key(), os.getpid(), started, time.monotonic()))


def notes() -> list[tuple[str, object, str | None, int, float, float]]:
    """This process's notes (a test reads them from every worker with ``client.run(notes)``)."""
    return list(RUNS)


def forget() -> None:
    """Clear this process's notes."""
    RUNS.clear()


def count_inside(seed: int, n: int) -> int:
    """How many of ``n`` random points of the unit square fall inside the quarter circle.

    Pure-Python CPU work, fully determined by ``seed`` (its own ``random.Random``).
    """
    started = time.monotonic()
    rng = random.Random(seed)
    inside = 0
    for _ in range(n):
        x, y = rng.random(), rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    _note("count_inside", seed, started)
    return inside


def count_words(text: str) -> dict[str, int]:
    """The words of ``text`` (lower case, letters and apostrophes) and how often each occurs."""
    started = time.monotonic()
    time.sleep(WORD_PAUSE)  # stands for a slow read of a big document
    counts = dict(Counter(re.findall(r"[a-z']+", text.lower())))
    _note("count_words", text, started)
    return counts


def merge_counts(*counts: dict[str, int]) -> dict[str, int]:
    """Add word counts together: {'a': 1} and {'a': 2, 'b': 1} make {'a': 3, 'b': 1}."""
    total: Counter[str] = Counter()
    for one in counts:
        total.update(one)
    return dict(total)


def digest(data: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of ``data`` (hashlib releases the GIL)."""
    started = time.monotonic()
    value = hashlib.sha256(data).hexdigest()[:16]
    _note("digest", len(data), started)
    return value


def burn(n: int) -> dict[str, float]:
    """Count to ``n`` in pure Python (CPU-bound); report where and when, in wall-clock time,
    and how many seconds of CPU the work got (less than its wall time when it shared a core)."""
    started, cpu = time.time(), time.thread_time()
    total = 0
    for i in range(n):
        total += i % 7
    return {"pid": os.getpid(), "start": started, "end": time.time(), "cpu": time.thread_time() - cpu, "total": total}


def checked_sqrt(x: float) -> float:
    """The square root of ``x``; raises ``ValueError`` on the worker for a negative ``x``."""
    if x < 0:
        raise ValueError(f"cannot take the square root of {x}")
    return x**0.5


def meet(me: str, other: str, timeout: float) -> bool:
    """Set the cluster-wide event ``me``, then wait up to ``timeout`` s for the event ``other``.

    Two calls, ``meet('a', 'b', t)`` and ``meet('b', 'a', t)``, both return True only when
    they ran at the same time: each one waits for the other to arrive.
    """
    from distributed import Event

    Event(me).set()
    return Event(other).wait(timeout)
