"""A lab server in a process of its own, for graders that need evidence the tested code cannot touch.

``start_lab_server()`` runs the server in a thread of the caller's process: fine for lectures,
but a grader that reads ``server.stats()`` there trusts an object the graded code can reach
(set ``server.stats = lambda: {...}`` on the instance, and the "server-side" figures are the
student's).  ``LabServerProcess`` runs ``aiocourse serve`` as a child process instead and reads
its counters over HTTP (``GET /stats``): only the server itself can change them::

    with LabServerProcess(latency=0.2) as server:
        ...                                     # the graded code fetches f"{server.url}/bytes/10"
        assert_max_in_flight(server.stats(), at_least=3)

The child's output goes to a pipe (never to the caller's stderr: nbgrader gives 0 to a test
cell that writes there); it stops with the ``with`` block, or with its parent's process group.
``with`` does not wait for the child to listen (it imports aiohttp meanwhile, while the caller
starts other things); the first use of ``url`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from types import TracebackType

from .client import fetch_stats, reset_stats
from .latency import Latency

__all__ = ["LabServerProcess"]

#: Seconds to wait for the child to print its URL (it imports aiohttp first) or to stop.
START_TIMEOUT = 30.0
STOP_TIMEOUT = 5.0
BANNER = "Lab server listening on "


class LabServerProcess:
    """``aiocourse serve --port 0`` in a child process; ``url``, ``stats()``, ``reset_stats()``."""

    def __init__(self, *, latency: float = 0.0, jitter: float = 0.0) -> None:
        self.latency = Latency(latency, jitter)  # validated here, with the caller's traceback
        self._process: subprocess.Popen[str] | None = None
        self._url: str | None = None
        self._banner = ""
        self._ready = threading.Event()

    def start(self, *, wait: bool = True) -> LabServerProcess:
        """Start the child; with ``wait`` (the default), return once it listens.

        ``wait=False`` (what ``with`` does) returns at once, so the caller can prepare other
        things while the child imports aiohttp; ``url`` then waits until it listens.
        Raises ``RuntimeError`` if it does not start within ``START_TIMEOUT``.
        """
        if self._process is None:
            command = [sys.executable, "-m", "autograder", "serve", "--host", "127.0.0.1", "--port", "0",
                       "--latency", repr(self.latency.fixed), "--jitter", repr(self.latency.jitter)]
            self._process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            self._ready = threading.Event()
            threading.Thread(target=self._read, args=(self._process, self._ready), name="aiocourse-lab-process",
                             daemon=True).start()
        if wait:
            self._wait_ready()
        return self

    def _read(self, process: subprocess.Popen[str], ready: threading.Event) -> None:
        """Read the banner (the URL), then drain the output so a full pipe never blocks the child."""
        assert process.stdout is not None
        self._banner = process.stdout.readline()
        ready.set()
        for _ in process.stdout:
            pass

    def _wait_ready(self) -> str:
        if self._url is not None:
            return self._url
        if self._process is None:
            raise RuntimeError("the lab server process is not running: call start() first")
        self._ready.wait(START_TIMEOUT)
        line = self._banner
        if not line.startswith(BANNER):
            self.stop()
            raise RuntimeError(f"the lab server process did not start within {START_TIMEOUT:g} s: {line.strip()!r}")
        self._url = line[len(BANNER):].strip()
        return self._url

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL) and wait for it."""
        process, self._process, self._url = self._process, None, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)

    def __enter__(self) -> LabServerProcess:
        return self.start(wait=False)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        """The child's process id."""
        if self._process is None:
            raise RuntimeError("the lab server process is not running: call start() first")
        return self._process.pid

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the base URL of every route (waits until the child listens)."""
        return self._wait_ready()

    def stats(self) -> dict[str, int]:
        """The child's counters, read over HTTP (``GET /stats``)."""
        return fetch_stats(self.url)

    def reset_stats(self, settle: float = 5.0) -> dict[str, int]:
        """``POST /stats/reset``, once no request is in flight (waiting up to ``settle`` seconds)."""
        deadline = time.monotonic() + settle
        while self.stats()["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.01)
        return reset_stats(self.url)

    def __repr__(self) -> str:
        return f"<LabServerProcess {self._url or 'not running'}, latency {self.latency.fixed:g} s>"
