"""pytest plugin (registered through the ``pytest11`` entry point): the harness in tests.

The same checks that test cells use work in plain pytest on a ``.py`` submission::

    def test_concurrent(virtual):
        assert_concurrent(virtual(main), durations=[3, 3, 3])

``virtual`` is :func:`autograder.run_virtual`, as a fixture so tests need no import.

``lab_server`` is the course's local HTTP server (one per test session, on a free port),
and ``fresh_lab_server`` the same server with its counters reset for this test::

    def test_fetch_all(fresh_lab_server):
        fetch_all(fresh_lab_server.url, n=10)
        assert_max_in_flight(fresh_lab_server.stats(), at_least=10)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from .outcome import Outcome
from .runner import run_virtual

if TYPE_CHECKING:
    from .labserver import LabServer


@pytest.fixture
def virtual() -> Callable[..., Outcome]:
    """Run a coroutine function on virtual time: ``virtual(fn, *args) -> Outcome``."""

    def run(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Outcome:
        return run_virtual(fn, *args, **kwargs)

    return run


@pytest.fixture(scope="session")
def lab_server() -> Iterator[LabServer]:
    """The lab server for this test session: the shared one that ``start_lab_server()`` returns.

    Shared, so that code under test which starts "its" server itself talks to the same one
    (and the same counters) as the test.  Imported here, not at the top: every pytest run
    loads this plugin, and most never need aiohttp.
    """
    from .labserver import start_lab_server, stop_lab_server

    yield start_lab_server()
    stop_lab_server()


@pytest.fixture
def fresh_lab_server(lab_server: LabServer) -> LabServer:
    """The session's lab server, with ``/stats`` reset at the start of this test."""
    lab_server.reset_stats()
    return lab_server
