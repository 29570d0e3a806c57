"""The background server: its own loop in its own thread, idempotent, stopped at exit."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap

import aiohttp
import pytest
import requests

from autograder import LabServer, start_lab_server

TIMEOUT = 10


def test_context_manager_starts_on_a_free_port_and_stops() -> None:
    with LabServer() as server:
        assert server.running
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert requests.get(f"{server.url}/delay/0", timeout=TIMEOUT).status_code == 200
        port = server.port
    assert not server.running
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
    with pytest.raises(RuntimeError, match="not running"):
        server.url


def test_two_servers_get_two_ports() -> None:
    with LabServer() as one, LabServer() as two:
        assert one.port != two.port


def test_a_busy_port_is_an_error() -> None:
    with LabServer() as server, pytest.raises(OSError):
        LabServer(port=server.port).start()


def test_start_is_idempotent_and_rejects_other_settings(lab_server: LabServer) -> None:
    assert start_lab_server() is lab_server
    assert start_lab_server(port=lab_server.port) is lab_server
    with pytest.raises(RuntimeError, match="stop_lab_server"):
        start_lab_server(latency=0.5)


def test_stop_then_start_again() -> None:
    # A private shared server, so the session's ``lab_server`` fixture is left alone.
    code = textwrap.dedent(
        """
        from autograder import start_lab_server, stop_lab_server
        first = start_lab_server(latency=0.01)
        stop_lab_server()
        stop_lab_server()  # harmless
        assert not first.running
        second = start_lab_server(latency=0.02)
        assert second is not first and second.running
        print("ok")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_stopped_at_interpreter_exit() -> None:
    """Nothing stops the server explicitly: atexit must, and the process must exit cleanly."""
    code = "from autograder import start_lab_server; import urllib.request as u; s = start_lab_server();"
    code += "print(u.urlopen(s.url + '/delay/0').status)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "200"
    assert done.stderr == ""


def test_usable_from_inside_a_running_event_loop(lab_server: LabServer) -> None:
    """As in a notebook: the caller's loop is running, the server has its own in its thread."""

    async def cell() -> list[int]:
        server = start_lab_server()  # called while this loop runs: must not need it
        async with aiohttp.ClientSession() as session:

            async def status(code: int) -> int:
                async with session.get(f"{server.url}/status/{code}") as response:
                    return response.status

            return await asyncio.gather(*(status(code) for code in (200, 404, 503)))

    assert asyncio.run(asyncio.wait_for(cell(), TIMEOUT)) == [200, 404, 503]


def test_server_keeps_answering_while_the_caller_blocks(lab_server: LabServer) -> None:
    """A blocking call in the caller's thread does not freeze a server in its own thread."""

    async def blocking_cell() -> int:
        return requests.get(f"{lab_server.url}/delay/0.1", timeout=TIMEOUT).status_code  # blocks this loop

    assert asyncio.run(blocking_cell()) == 200


def test_repr_shows_url_and_latency() -> None:
    server = LabServer(latency=0.1, jitter=0.05)
    assert repr(server) == "<LabServer not running, latency 0.1 s + up to 0.05 s>"
    with server:
        assert server.url in repr(server)


def test_exported_lazily_from_autograder() -> None:
    """``import autograder`` stays light: aiohttp.web is imported on first use of the lab server."""
    loaded = "print('aiohttp.web' in sys.modules)"
    code = f"import sys, autograder; {loaded}; autograder.LabServer; {loaded}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "True"], done.stderr
    import autograder
    from autograder import labserver

    assert {"LabServer", "start_lab_server", "stop_lab_server", "assert_max_in_flight"} <= set(autograder.__all__)
    assert autograder.start_lab_server is labserver.start_lab_server


def _until_in_flight(server: LabServer, count: int) -> None:
    import time

    deadline = time.monotonic() + TIMEOUT
    while server.stats()["in_flight"] < count:
        assert time.monotonic() < deadline, f"{count} requests never got in flight"
        time.sleep(0.005)


def test_reset_waits_for_requests_left_in_flight() -> None:
    """Threads left behind by an earlier run must not count in the next measurement."""
    import threading

    with LabServer() as server:
        strays = [threading.Thread(target=requests.get, args=(f"{server.url}/delay/0.5",), kwargs={"timeout": TIMEOUT})
                  for _ in range(3)]
        for thread in strays:
            thread.start()
        _until_in_flight(server, 3)
        server.reset_stats()
        assert server.stats()["in_flight"] == 0
        requests.get(f"{server.url}/delay/0", timeout=TIMEOUT)
        assert server.stats()["max_in_flight"] == 1
        for thread in strays:
            thread.join()
        slow = threading.Thread(target=requests.get, args=(f"{server.url}/delay/0.5",), kwargs={"timeout": TIMEOUT})
        slow.start()
        _until_in_flight(server, 1)
        server.reset_stats(settle=0)  # at once: the slow request is still in flight
        assert server.stats()["in_flight"] == 1
        slow.join()
