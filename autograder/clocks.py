"""Make the ``time`` module's clocks read loop time, in the harness's thread only.

A student's timing decorator (chapter 07) measures with the ``time`` module, not with
``loop.time()``.  On the virtual clock it would measure ~0 s for a 3-second ``sleep``.
While :func:`virtual_clocks` is active, ``time.time()``, ``perf_counter()``,
``monotonic()`` and their ``_ns`` twins return virtual time *in the harness's worker
thread only*; every other thread (the kernel, executors) keeps real time.  Names the
student imported directly (``from time import perf_counter``) are swapped too, in the
namespaces passed in (the module of the function under test).  The harness binds the
real functions at import, so its own measurements stay real.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

__all__ = ["virtual_clocks", "CLOCK_NAMES"]

SECONDS_CLOCKS = ("time", "perf_counter", "monotonic")
CLOCK_NAMES = SECONDS_CLOCKS + tuple(f"{name}_ns" for name in SECONDS_CLOCKS)
_REAL: dict[str, Callable[[], float]] = {name: getattr(time, name) for name in CLOCK_NAMES}
_lock = threading.Lock()
_threads: dict[int, tuple[Callable[[], float], dict[str, float]]] = {}


def _make(name: str) -> Callable[[], Any]:
    real = _REAL[name]
    base = name.removesuffix("_ns")
    in_ns = name.endswith("_ns")

    def clock() -> Any:
        entry = _threads.get(threading.get_ident())
        if entry is None:
            return real()
        loop_time, offsets = entry
        seconds = offsets[base] + loop_time()
        return int(seconds * 1e9) if in_ns else seconds

    clock.__name__ = clock.__qualname__ = name
    clock.__doc__ = real.__doc__
    return clock


_PATCHED = {name: _make(name) for name in CLOCK_NAMES}
_BY_REAL = {id(real): name for name, real in _REAL.items()}


def _swap_imported(namespaces: list[MutableMapping[str, Any]]) -> list[tuple[MutableMapping[str, Any], str, Any]]:
    swapped = []
    for space in namespaces:
        for key, value in list(space.items()):
            name = _BY_REAL.get(id(value))
            if name is not None and value is _REAL[name]:
                space[key] = _PATCHED[name]
                swapped.append((space, key, value))
    return swapped


@contextlib.contextmanager
def virtual_clocks(
    loop_time: Callable[[], float], namespaces: list[MutableMapping[str, Any]] | None = None
) -> Iterator[None]:
    """In the calling thread, the ``time`` module's clocks follow ``loop_time()``."""
    offsets = {name: _REAL[name]() for name in SECONDS_CLOCKS}
    ident = threading.get_ident()
    with _lock:
        _threads[ident] = (loop_time, offsets)
        for name in CLOCK_NAMES:
            setattr(time, name, _PATCHED[name])
        swapped = _swap_imported(namespaces or [])
    try:
        yield
    finally:
        with _lock:
            _threads.pop(ident, None)
            for space, key, real in swapped:
                if space.get(key) is _PATCHED[_BY_REAL[id(real)]]:
                    space[key] = real
            if not _threads:
                for name in CLOCK_NAMES:
                    setattr(time, name, _REAL[name])
