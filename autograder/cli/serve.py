"""``aiocourse serve``: run the lab server in the foreground until Ctrl-C.

For a classroom machine, a second terminal next to a notebook, or a demo with ``curl``.
It prints the URL it listens on (with ``--port 0``, the port the OS chose), so scripts
can read it from the first line of output.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from ..labserver.app import create_app
from ..labserver.errors import ROUTES_HELP
from ..labserver.latency import Latency
from ..labserver.server import start_site
from .arguments import port


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="run the course's local HTTP lab server (replaces the internet in the examples)",
        description=f"Serve {ROUTES_HELP} until Ctrl-C.",
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    add("--port", type=port, default=0, help="port to listen on (default 0: a free port chosen by the OS)")
    add("--latency", type=float, default=0.0, help="seconds every request waits (default 0)")
    add("--jitter", type=float, default=0.0, help="extra random wait per request, up to this many seconds")
    parser.set_defaults(run=run)


async def _serve(latency: Latency, host: str, port: int) -> None:
    site = await start_site(create_app(latency), host, port)
    stopped = asyncio.Event()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows' loop
        # `kill`, CI runners and containers stop with SIGTERM: shut down as cleanly as on Ctrl-C.
        # SIGINT explicitly too: started in the background by a shell script, a process
        # inherits SIGINT *ignored*, and Python then never raises KeyboardInterrupt.
        for stop in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(stop, stopped.set)
    try:
        print(f"Lab server listening on {site.url}", flush=True)
        print(f"Routes: {ROUTES_HELP}. Press Ctrl-C to stop.", flush=True)
        await stopped.wait()  # until Ctrl-C or SIGTERM
    finally:
        await site.close()


def run(args: argparse.Namespace) -> int:
    try:
        latency = Latency(args.latency, args.jitter)
    except ValueError as error:
        print(f"aiocourse serve: {error}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_serve(latency, args.host, args.port))
    except KeyboardInterrupt:
        pass
    except OSError as error:  # port in use, address not available...
        print(f"aiocourse serve: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    print("Lab server stopped.", flush=True)
    return 0
