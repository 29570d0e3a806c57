"""Keep what a run writes to stderr out of the test cell, and in the outcome instead.

nbgrader gives 0 to a test cell that wrote anything to stderr, so a correct answer that
logs a warning, or a ``RuntimeWarning`` that a never-awaited coroutine raises when it is
collected, would lose its points -- and a message on stderr could show a hidden test's
inputs.  While :func:`captured_stderr` is active, ``sys.stderr`` and the logging handlers
that write to it go to a buffer; the harness stores the text in ``Outcome.stderr`` and
failure messages quote it, so only the checks decide the grade.

The swap is process-wide for the length of one run: a test cell waits for the run, so the
only writers meanwhile are the run's own threads (and the executors it uses).
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import threading
import warnings
from collections.abc import Iterator
from typing import Any

__all__ = ["captured_stderr", "Captured", "MAX_CAPTURED_CHARS"]

#: Characters kept; a run that floods stderr keeps its beginning and a note.
MAX_CAPTURED_CHARS = 20_000


class Captured(io.TextIOBase):
    """A thread-safe text sink with a size cap, standing in for ``sys.stderr``."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[str] = []
        self._size = 0
        self._dropped = 0
        self._lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        with self._lock:
            room = MAX_CAPTURED_CHARS - self._size
            kept = text[: max(0, room)]
            self._parts.append(kept)
            self._size += len(kept)
            self._dropped += len(text) - len(kept)
        return len(text)

    def text(self) -> str:
        with self._lock:
            text = "".join(self._parts)
            return text + (f"\n[... {self._dropped} more characters]" if self._dropped else "")


def _stderr_handlers(streams: tuple[object, ...]) -> list[logging.StreamHandler]:  # type: ignore[type-arg]
    loggers = [logging.getLogger(), *(
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    )]
    return [
        handler
        for logger in loggers
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler) and any(handler.stream is s for s in streams)
    ]


@contextlib.contextmanager
def captured_stderr() -> Iterator[Captured]:
    """Send ``sys.stderr``, warnings and stderr logging handlers to a buffer inside the block."""
    sink = Captured()
    original = sys.stderr
    previous = {handler: handler.stream for handler in _stderr_handlers((original, sys.__stderr__))}
    sys.stderr = sink
    for handler in previous:
        handler.stream = sink

    def show(message: Any, category: type[Warning], filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
        sink.write(warnings.formatwarning(message, category, filename, lineno, line))

    try:
        with warnings.catch_warnings():  # whoever shows warnings now (a kernel, pytest): the sink does
            warnings.showwarning = show
            yield sink
    finally:
        sys.stderr = original
        # Handlers made during the run (``logging.basicConfig()`` in the student's code) hold
        # the sink too: after the run they write where stderr really goes.
        for handler in _stderr_handlers((sink,)):
            handler.stream = previous.get(handler, original)
