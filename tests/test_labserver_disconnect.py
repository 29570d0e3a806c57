"""A client that goes away, or speaks nonsense, costs the server nothing: no leaked task, no crash."""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections.abc import Callable

import aiohttp
import requests

from autograder import LabServer

DEADLINE = 10.0  # seconds any wait below may take before the test fails instead of hanging


async def _other_tasks() -> int:
    return len(asyncio.all_tasks()) - 1  # not counting this one


def server_tasks(server: LabServer) -> int:
    """How many tasks the server's event loop has (it runs in another thread)."""
    return asyncio.run_coroutine_threadsafe(_other_tasks(), server.loop).result(DEADLINE)


def wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the server"
        time.sleep(0.01)


def wait_until_settled(server: LabServer, idle_tasks: int) -> None:
    """Nothing left in flight, and the server's loop back to the tasks it had when idle."""
    wait_until(lambda: server.stats()["in_flight"] == 0)
    wait_until(lambda: server_tasks(server) == idle_tasks)


def connect(server: LabServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=DEADLINE)


def send_get(sock: socket.socket, path: str) -> None:
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: lab\r\n\r\n".encode())


def test_disconnect_mid_delay_cancels_the_handler(fresh_lab_server: LabServer) -> None:
    server = fresh_lab_server
    idle = server_tasks(server)
    with connect(server) as sock:
        send_get(sock, "/delay/20")
        wait_until(lambda: server.stats()["in_flight"] == 1)
        assert server_tasks(server) > idle
    wait_until_settled(server, idle)  # long before the 20 s are up
    assert server.stats() == {"requests": 1, "in_flight": 0, "max_in_flight": 1, "cancelled": 1}


def test_many_clients_giving_up_at_once(fresh_lab_server: LabServer) -> None:
    server = fresh_lab_server
    idle = server_tasks(server)

    async def give_up() -> None:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            tasks = [asyncio.create_task(session.get(f"{server.url}/delay/20")) for _ in range(50)]
            while (await asyncio.to_thread(server.stats))["in_flight"] < 50:
                await asyncio.sleep(0.01)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(asyncio.wait_for(give_up(), DEADLINE))
    wait_until_settled(server, idle)
    assert server.stats()["cancelled"] == 50


def test_disconnect_mid_download(fresh_lab_server: LabServer) -> None:
    server = fresh_lab_server
    idle = server_tasks(server)
    with connect(server) as sock:
        send_get(sock, "/bytes/10000000?chunk_size=1024")
        received = 0
        while received < 100_000:
            received += len(sock.recv(65536))
    wait_until_settled(server, idle)
    assert requests.get(f"{server.url}/bytes/10", timeout=DEADLINE).status_code == 200


def test_garbage_gets_a_400_and_the_server_carries_on(fresh_lab_server: LabServer) -> None:
    for garbage in (b"HELLO\r\n\r\n", b"GET /delay/1 HTTP/9.9\r\n\r\n", b"\x00\xff" * 100 + b"\r\n\r\n"):
        with connect(fresh_lab_server) as sock:
            sock.sendall(garbage)
            assert re.match(rb"HTTP/1\.[01] 400 ", sock.recv(100))  # aiohttp's parser answers, in plain text
    with connect(fresh_lab_server) as sock:  # a client that connects and says nothing
        pass
    assert requests.get(f"{fresh_lab_server.url}/delay/0", timeout=DEADLINE).status_code == 200


def test_bad_values_never_take_the_server_down(fresh_lab_server: LabServer) -> None:
    huge = "9" * 5000  # more digits than int() accepts
    paths = ["/delay/1e999999", f"/bytes/{huge}", f"/status/{huge}", "/delay/%00", f"/bytes/1?seed={huge}"]
    for path in paths:
        assert 400 <= requests.get(f"{fresh_lab_server.url}{path}", timeout=DEADLINE).status_code < 500
    assert requests.get(f"{fresh_lab_server.url}/delay/0", timeout=DEADLINE).status_code == 200
