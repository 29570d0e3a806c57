"""LabServerProcess: the lab server in a child process, its counters read over HTTP only."""

import os
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from autograder.labserver.process import LabServerProcess


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def test_counts_requests_in_its_own_process():
    with LabServerProcess(latency=0.2) as server:
        assert server.pid != os.getpid() and server.url.startswith("http://127.0.0.1:")
        server.reset_stats()
        with ThreadPoolExecutor(4) as pool:
            assert list(pool.map(get, [f"{server.url}/bytes/10"] * 4)) == [200] * 4
        stats = server.stats()
        assert stats["requests"] == 4 and stats["max_in_flight"] == 4, stats
        server.reset_stats()
        assert server.stats()["requests"] == 0


def test_a_stats_attribute_set_on_this_side_changes_nothing_it_serves():
    with LabServerProcess() as server:
        server.reset_stats()
        get(f"{server.url}/status/200")
        fake = {"requests": 99, "in_flight": 0, "max_in_flight": 99, "cancelled": 0}
        server.stats = lambda: fake  # what a student could do to a server object it can reach
        from autograder.labserver.client import fetch_stats

        assert fetch_stats(server.url)["max_in_flight"] == 1  # the server's own figure, over HTTP


def test_stop_ends_the_child():
    server = LabServerProcess().start()
    process = server._process
    server.stop()
    assert process is not None and process.poll() is not None
    server.stop()  # harmless twice


def test_with_returns_at_once_and_url_waits_until_it_listens():
    with LabServerProcess() as server:
        assert server._url is None  # launched, not waited for
        assert get(f"{server.url}/status/204") == 204
