"""Make ``time.time()``, ``time.perf_counter()`` and ``time.monotonic()`` read loop time.

A student's timing decorator (chapter 07) measures with the ``time`` module, not with
``loop.time()``.  On the virtual clock it would measure ~0 s for a 3-second ``sleep``.
While :func:`virtual_clocks` is active, those three functions return virtual time *in the
harness's worker thread only*; every other thread (the kernel, executors) keeps real time.
The harness itself binds the real functions at import, so its own measurements stay real.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

__all__ = ["virtual_clocks", "CLOCK_NAMES"]

CLOCK_NAMES = ("time", "perf_counter", "monotonic")
_REAL: dict[str, Callable[[], float]] = {name: getattr(time, name) for name in CLOCK_NAMES}
_lock = threading.Lock()
_threads: dict[int, tuple[Callable[[], float], dict[str, float]]] = {}


def _make(name: str) -> Callable[[], float]:
    real = _REAL[name]

    def clock() -> float:
        entry = _threads.get(threading.get_ident())
        if entry is None:
            return real()
        loop_time, offsets = entry
        return offsets[name] + loop_time()

    clock.__name__ = clock.__qualname__ = name
    clock.__doc__ = real.__doc__
    return clock


_PATCHED = {name: _make(name) for name in CLOCK_NAMES}


@contextlib.contextmanager
def virtual_clocks(loop_time: Callable[[], float]) -> Iterator[None]:
    """In the calling thread, the ``time`` module's clocks follow ``loop_time()``."""
    offsets = {name: _REAL[name]() for name in CLOCK_NAMES}
    ident = threading.get_ident()
    with _lock:
        _threads[ident] = (loop_time, offsets)
        for name in CLOCK_NAMES:
            setattr(time, name, _PATCHED[name])
    try:
        yield
    finally:
        with _lock:
            _threads.pop(ident, None)
            if not _threads:
                for name in CLOCK_NAMES:
                    setattr(time, name, _REAL[name])
