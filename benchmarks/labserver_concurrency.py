"""How many concurrent requests the lab server really holds in flight, and how fast.

Target (issue 3): 1000 concurrent ``GET /delay/1`` from one async client (aiohttp) finish
in at most 1.5 s on a 2-core machine, with ``max_in_flight == 1000``.  Made one after
another they would take 1000 s; the ratio to that is the figure recorded in ``RESULTS.md``.

    python benchmarks/labserver_concurrency.py                   # 1000 requests, server in a thread
    python benchmarks/labserver_concurrency.py --server process  # server from `aiocourse serve`
    python benchmarks/labserver_concurrency.py --quick           # 200 requests, for CI

``thread`` is how a notebook runs it (``start_lab_server()``): server and client share one
interpreter, hence one GIL.  ``process`` is ``aiocourse serve`` in its own process.
Bounded: a fixed number of requests and runs, each request under a 30 s client timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import select
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp

from autograder.labserver import LabServer
from autograder.labserver.client import fetch_stats, reset_stats

FULL, QUICK = 1000, 200
SERVERS = ("thread", "process")
START_TIMEOUT = 30.0  # seconds for `aiocourse serve` to print its URL


def raise_open_file_limit(needed: int) -> int:
    """Each request holds a client socket and a server socket: 1000 needs > 2000 descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


async def fire(url: str, n: int) -> float:
    """``n`` concurrent GETs; returns the wall time until the last answer is read."""
    connector = aiohttp.TCPConnector(limit=0)  # the default (100) would cap the concurrency
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:

        async def one() -> None:
            async with session.get(url) as response:
                response.raise_for_status()
                await response.read()

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        return time.perf_counter() - started


@contextmanager
def lab_server(where: str) -> Iterator[str]:
    """A lab server's base URL: in a thread of this process, or ``aiocourse serve`` (inherits the fd limit)."""
    if where == "thread":
        with LabServer() as server:
            yield server.url
        return
    command = [sys.executable, "-m", "autograder", "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
        match = re.search(r"http://\S+", process.stdout.readline()) if ready else None
        if not match:
            raise RuntimeError(f"aiocourse serve did not print its URL within {START_TIMEOUT:g} s")
        yield match[0]
    finally:
        process.terminate()  # SIGTERM: `aiocourse serve` shuts down cleanly
        process.wait(START_TIMEOUT)


def main(n: int = FULL, delay: float = 1.0, repeat: int = 3, server: str = "thread") -> dict[str, object]:
    nofile = raise_open_file_limit(2 * n + 100)
    load_before = os.getloadavg()[0]  # other work on the machine shows up in the figures
    walls, peaks = [], []
    with lab_server(server) as url:
        asyncio.run(fire(f"{url}/delay/0", 10))  # warm-up: imports, first connections
        for _ in range(repeat):
            reset_stats(url)
            walls.append(asyncio.run(fire(f"{url}/delay/{delay:g}", n)))
            stats = fetch_stats(url)
            assert stats["requests"] == n, stats
            peaks.append(stats["max_in_flight"])
    wall = statistics.median(walls)
    sequential = n * delay
    return {
        "server": server,
        "requests": n,
        "delay_s": delay,
        "wall_s_median": round(wall, 3),
        "wall_s_runs": [round(w, 3) for w in walls],
        "max_in_flight_runs": peaks,
        "sequential_s": sequential,
        "ratio_to_sequential": round(wall / sequential, 5),
        "speedup": round(sequential / wall, 1),
        "open_file_limit": nofile,
        "load_avg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],  # before, after
    }


def smoke() -> dict[str, object]:
    """``QUICK`` requests once against each kind of server: both still serve them all (``main``
    asserts the count); the times are not judged."""
    return {server: main(QUICK, repeat=1, server=server) for server in SERVERS}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK} requests instead of {FULL}")
    parser.add_argument("-n", type=int, help="number of requests (overrides --quick)")
    parser.add_argument("--repeat", type=int, default=3, choices=range(1, 11), metavar="1..10", help="runs (default 3)")
    parser.add_argument("--server", choices=SERVERS, default="thread", help="where the server runs")
    args = parser.parse_args()
    print(json.dumps(main(args.n or (QUICK if args.quick else FULL), repeat=args.repeat, server=args.server)))
