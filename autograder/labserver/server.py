"""Put an application on a TCP port of the running event loop, and take it down again.

The command line and the background thread both need this, with the same settings:

* ``handler_cancellation=True``: when a client disconnects mid-``/delay``, aiohttp
  cancels the handler instead of letting it sleep on for nobody (aiohttp's default
  since 3.9 is to let it run);
* a listen backlog large enough for a thousand clients connecting at once (the default,
  128, makes the rest retry their SYN a second later, which would spoil the timings);
* a short graceful-shutdown wait, so Ctrl-C stops the server in about a second even
  with ``/delay/30`` requests in flight.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from yarl import URL

__all__ = ["RunningSite", "start_site"]

BACKLOG = 4096
SHUTDOWN_TIMEOUT = 1.0


@dataclass
class RunningSite:
    """An application being served, on the port the OS actually chose."""

    runner: web.AppRunner
    host: str
    port: int

    @property
    def url(self) -> str:
        """``http://HOST:PORT``, no trailing slash (``f"{url}/delay/1"`` reads naturally)."""
        return str(URL.build(scheme="http", host=self.host, port=self.port))

    async def close(self) -> None:
        await self.runner.cleanup()


async def start_site(app: web.Application, host: str = "127.0.0.1", port: int = 0) -> RunningSite:
    """Serve ``app`` on ``host:port`` (``port=0``: a free port chosen by the OS)."""
    runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=SHUTDOWN_TIMEOUT, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port, backlog=BACKLOG).start()
    except BaseException:
        await runner.cleanup()
        raise
    bound_host, bound_port = runner.addresses[0][:2]
    return RunningSite(runner, bound_host, bound_port)
