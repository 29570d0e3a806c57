"""Make the wall clocks a program reads follow loop time, in the harness's thread only.

A student's timing decorator (chapter 07) measures with a clock, not with ``loop.time()``.
On the virtual clock it would measure ~0 s for a 3-second ``sleep``.  While
:func:`virtual_clocks` is active, these clocks return virtual time *in the harness's
worker thread only*; every other thread (the kernel, executors) keeps real time:

* ``time.time()``, ``perf_counter()``, ``monotonic()`` and their ``_ns`` twins;
* ``timeit.default_timer()`` (an alias of ``perf_counter`` taken when ``timeit`` loads);
* ``datetime.datetime.now()``, ``today()`` and ``utcnow()``.

Names the student imported directly (``from time import perf_counter``, ``from timeit
import default_timer``, ``from datetime import datetime``) are swapped too, in the
namespaces passed in (the module of the function under test).  CPU clocks
(``process_time``, ``thread_time``) are not wall clocks and stay real.  The harness binds
the real functions at import, so its own measurements stay real.
"""

from __future__ import annotations

import contextlib
import datetime as _datetime_module
import threading
import time
import timeit
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
_REAL_DATETIME = _datetime_module.datetime
_REAL_TIMER = timeit.default_timer


class VirtualDatetime(_REAL_DATETIME):
    """``datetime`` whose ``now()`` reads the patched ``time.time()`` (real in other threads)."""

    @classmethod
    def now(cls, tz: _datetime_module.tzinfo | None = None) -> Any:
        return cls.fromtimestamp(_PATCHED["time"](), tz)

    @classmethod
    def today(cls) -> Any:
        return cls.now()

    @classmethod
    def utcnow(cls) -> Any:
        return cls.now(_datetime_module.timezone.utc).replace(tzinfo=None)


#: What replaces what, by identity: module attributes and names imported from them.
_SWAPS: dict[int, Any] = {id(real): _PATCHED[name] for name, real in _REAL.items()}
_SWAPS[id(_REAL_DATETIME)] = VirtualDatetime


def _swap_imported(namespaces: list[MutableMapping[str, Any]]) -> list[tuple[MutableMapping[str, Any], str, Any]]:
    """Swap every real clock found in ``namespaces``; returns what to put back."""
    swapped = []
    for space in namespaces:
        for key, value in list(space.items()):
            patched = _SWAPS.get(id(value))
            if patched is not None and key != "__builtins__":
                space[key] = patched
                swapped.append((space, key, value))
    return swapped


@contextlib.contextmanager
def virtual_clocks(
    loop_time: Callable[[], float], namespaces: list[MutableMapping[str, Any]] | None = None
) -> Iterator[None]:
    """In the calling thread, the wall clocks listed above follow ``loop_time()``."""
    offsets = {name: _REAL[name]() for name in SECONDS_CLOCKS}
    ident = threading.get_ident()
    with _lock:
        _threads[ident] = (loop_time, offsets)
        _set_module_clocks(patched=True)
        swapped = _swap_imported(namespaces or [])
    try:
        yield
    finally:
        with _lock:
            _threads.pop(ident, None)
            for space, key, real in swapped:
                if space.get(key) is _SWAPS[id(real)]:
                    space[key] = real
            if not _threads:
                _set_module_clocks(patched=False)


def _set_module_clocks(*, patched: bool) -> None:
    """The modules' own attributes: patched while any run is on, real when none is."""
    for name in CLOCK_NAMES:
        setattr(time, name, _PATCHED[name] if patched else _REAL[name])
    timeit.default_timer = _PATCHED["perf_counter"] if patched else _REAL_TIMER
    _datetime_module.datetime = VirtualDatetime if patched else _REAL_DATETIME  # type: ignore[misc]
