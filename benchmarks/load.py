"""Keep every core busy while a benchmark runs: the verdicts must hold on a loaded machine."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterator


def _burn(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x += 1


@contextlib.contextmanager
def cpu_load(processes: int | None = None) -> Iterator[int]:
    """``processes`` busy-looping processes (default: one per core); yields their count."""
    count = processes if processes is not None else (os.cpu_count() or 2)
    stop = multiprocessing.Event()
    burners = [multiprocessing.Process(target=_burn, args=(stop,), daemon=True) for _ in range(count)]
    for burner in burners:
        burner.start()
    try:
        yield count
    finally:
        stop.set()
        for burner in burners:
            burner.join(5)
            if burner.is_alive():
                burner.kill()
