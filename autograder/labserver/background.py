"""The lab server in a background thread, for notebooks, scripts and test sessions.

A notebook kernel already runs an event loop in its main thread, and the student's cells
await on it; a server on that same loop would stop answering whenever a cell blocks (the
very mistake the course demonstrates).  So the server gets a thread of its own and an
event loop of its own in that thread, and the kernel talks to it over loopback like to
any other web server.

``start_lab_server()`` is the one a notebook calls: idempotent (re-running the cell
returns the same server) and stopped when the interpreter exits.  ``LabServer`` used as
a context manager gives a private server for one ``with`` block.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
import time
from types import TracebackType

from .app import create_app
from .client import fetch_stats, reset_stats
from .latency import Latency
from .server import RunningSite, start_site

__all__ = ["LabServer", "start_lab_server", "stop_lab_server"]

#: Seconds to wait for the server thread to start or stop; loopback needs milliseconds.
THREAD_TIMEOUT = 10.0


class LabServer:
    """A lab server running in a daemon thread, on its own event loop.

    ``url`` is its base URL (``http://127.0.0.1:PORT``, no trailing slash)::

        with LabServer(latency=0.1) as server:
            requests.get(f"{server.url}/delay/1")
            assert_max_in_flight(server.stats(), at_most=1)
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, latency: float = 0.0, jitter: float = 0.0) -> None:
        self.host = host
        self.requested_port = port
        self.latency = Latency(latency, jitter)  # validated now, in the caller's thread
        self._site: RunningSite | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # -- life cycle ---------------------------------------------------------------
    def start(self) -> LabServer:
        """Start serving; returns ``self`` once the port is open.  Raises if it cannot be."""
        if self.running:
            return self
        self._ready.clear()
        self._error = None
        self._thread = threading.Thread(target=self._run, name="aiocourse-lab-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(THREAD_TIMEOUT):
            raise RuntimeError(f"the lab server did not start within {THREAD_TIMEOUT:g} s")
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to finish (in-flight requests are cancelled)."""
        thread, loop, stop = self._thread, self._loop, self._stop
        if thread is None or loop is None or stop is None:
            return
        try:
            loop.call_soon_threadsafe(stop.set)
        except RuntimeError:  # the loop is already closed
            pass
        thread.join(THREAD_TIMEOUT)
        self._thread = self._loop = self._stop = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._site is not None

    def _run(self) -> None:
        # asyncio.Runner rather than asyncio.run: nest_asyncio (common in notebooks)
        # patches asyncio.run to reuse the thread's loop, and this thread has none.
        try:
            with asyncio.Runner() as runner:
                runner.run(self._serve())
        except BaseException as error:  # reported to start(), which re-raises it
            self._error = error
        finally:
            self._site = None
            self._ready.set()

    async def _serve(self) -> None:
        site = await start_site(create_app(self.latency), self.host, self.requested_port)
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._site = site
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await site.close()

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    # -- use ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the base URL of every route."""
        return self._running_site().url

    @property
    def port(self) -> int:
        """The port it listens on (the one the OS chose, when started with ``port=0``)."""
        return self._running_site().port

    def _running_site(self) -> RunningSite:
        if self._site is None:
            raise RuntimeError("the lab server is not running: call start() first")
        return self._site

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The server's event loop (in its own thread): for tests that inspect its tasks."""
        if self._loop is None:
            raise RuntimeError("the lab server is not running")
        return self._loop

    def stats(self) -> dict[str, int]:
        """The server's counters (``GET /stats``): requests, in_flight, max_in_flight, cancelled."""
        return fetch_stats(self.url)

    def reset_stats(self, settle: float = 5.0) -> dict[str, int]:
        """Start a new measurement (``POST /stats/reset``), once earlier requests are done.

        Requests still in flight from earlier code -- threads left behind by a run that
        timed out, say -- would count in the new measurement's ``max_in_flight``; so wait,
        up to ``settle`` seconds, until none are in flight (0: reset at once).
        """
        deadline = time.monotonic() + settle
        while self.stats()["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.01)
        return reset_stats(self.url)

    def __repr__(self) -> str:
        where = self._site.url if self._site else "not running"
        jitter = f" + up to {self.latency.jitter:g} s" if self.latency.jitter else ""
        return f"<LabServer {where}, latency {self.latency.fixed:g} s{jitter}>"


#: The shared server, in a holder mutated in place (never rebound): the grader's seal puts
#: every module-level name back before each test cell, and must not forget a running server.
_shared: dict[str, LabServer] = {}
_shared_lock = threading.Lock()


def start_lab_server(host: str = "127.0.0.1", port: int = 0, *, latency: float = 0.0, jitter: float = 0.0) -> LabServer:
    """The process's shared lab server: started on first call, the same one afterwards.

    A notebook can run this cell again and again and keep one server (and one URL).
    Asking for different settings while it runs is an error rather than a silent
    surprise: call :func:`stop_lab_server` first.  The server stops at interpreter exit.
    """
    wanted = LabServer(host, port, latency=latency, jitter=jitter)
    with _shared_lock:
        running = _shared.get("server")
        if running is not None and running.running:
            same = running.host == host and port in (0, running.port) and running.latency == wanted.latency
            if not same:
                raise RuntimeError(
                    f"a lab server is already running ({running!r}) with other settings; "
                    "call stop_lab_server() first to start one with new settings"
                )
            return running
        _shared["server"] = wanted.start()
        return _shared["server"]


def stop_lab_server() -> None:
    """Stop the shared lab server, if one is running (harmless otherwise)."""
    with _shared_lock:
        running = _shared.pop("server", None)
        if running is not None:
            running.stop()


# At interpreter (kernel) exit, stop it properly: in-flight handlers are cancelled and the
# port closed, rather than the daemon thread being frozen mid-request.
atexit.register(stop_lab_server)
