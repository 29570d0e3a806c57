"""The course's lab server: a real HTTP server on loopback that replaces the internet.

The slides fetch a public website to show blocking requests, thread pools and concurrent
I/O.  Classrooms, Binder and CI often have no (or a slow) network, and a real site makes
timings noisy; this server answers the same kinds of requests, locally and exactly, and
counts how many were in flight at once so checks can prove concurrency::

    from autograder import start_lab_server, assert_max_in_flight
    server = start_lab_server()              # background thread, free port, idempotent
    ...                                      # the student's code fetches f"{server.url}/delay/1"
    assert_max_in_flight(server.stats(), at_least=10)

Routes: ``/delay/{seconds}``, ``/status/{code}``, ``/bytes/{n}``, ``/headers``, ``/stats``,
``POST /stats/reset``.  Also ``aiocourse serve`` on the command line, and the pytest
fixtures ``lab_server`` / ``fresh_lab_server``.
"""

from .app import create_app
from .background import LabServer, start_lab_server, stop_lab_server
from .checks import assert_max_in_flight
from .latency import MAX_SECONDS, Latency
from .routes import MAX_BYTES

__all__ = [
    "MAX_BYTES",
    "MAX_SECONDS",
    "LabServer",
    "Latency",
    "assert_max_in_flight",
    "create_app",
    "start_lab_server",
    "stop_lab_server",
]
