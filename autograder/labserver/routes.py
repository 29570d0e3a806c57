"""The lab's routes: what the slides used a real website for, made exact and local.

* ``/delay/{seconds}`` -- a slow server, for blocking vs concurrent requests;
* ``/status/{code}`` -- any status, for error handling and retries;
* ``/bytes/{n}`` -- a payload of known size, optionally streamed, for downloads;
* ``/headers`` -- the request's headers back, for the "write the headers to a file" example.

Values come from the path, so they are parsed and checked here: a bad one raises
:class:`BadInput`, which :mod:`.errors` turns into a 400 with a JSON explanation.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Iterator

from aiohttp import web

from .errors import BadInput
from .latency import MAX_SECONDS
from .stats import request_info

__all__ = ["MAX_BYTES", "MAX_CHUNK", "delay_seconds", "lab_routes", "random_bytes", "rechunk"]

#: ``/bytes/{n}`` sends at most this much (10 MiB): enough for a progress bar, not enough
#: to fill a student's memory.
MAX_BYTES = 10 * 1024 * 1024
#: Largest ``chunk_size`` for a streamed ``/bytes``.
MAX_CHUNK = 1024 * 1024
#: Random bytes are drawn in blocks of this size (a multiple of 4, so the stream for a
#: seed is the same however it is cut into chunks).
_BLOCK = 64 * 1024

lab_routes = web.RouteTableDef()


def delay_seconds(text: str) -> tuple[float, float]:
    """``(requested, applied)`` seconds for ``/delay/{text}``: applied is capped at ``MAX_SECONDS``."""
    try:
        requested = float(text)
    except ValueError:
        raise BadInput(f"the delay must be a number of seconds, like /delay/1.5; got {text!r}") from None
    if not math.isfinite(requested) or requested < 0:
        raise BadInput(f"the delay must be a finite number of seconds >= 0; got {text!r}")
    return requested, min(requested, MAX_SECONDS)


def _integer(text: str, what: str, low: int, high: int | None = None) -> int:
    try:
        value = int(text)
    except ValueError:
        raise BadInput(f"{what} must be a whole number; got {text!r}") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f">= {low}"
        raise BadInput(f"{what} must be {bounds}; got {value}")
    return value


@lab_routes.get("/delay/{seconds}")
async def delay(request: web.Request) -> web.Response:
    """Wait, then say who was served and when: the timing a student can compare."""
    requested, applied = delay_seconds(request.match_info["seconds"])
    await asyncio.sleep(applied)
    info = request_info(request)
    return web.json_response(
        {
            "id": info.id,
            "delay": applied,
            "requested_delay": requested,
            "latency": info.latency,
            "started": info.arrived,
            "finished": time.time(),
            "elapsed": info.elapsed(),
        }
    )


@lab_routes.get("/status/{code}")
async def status(request: web.Request) -> web.Response:
    """Answer with the status asked for, and a JSON body where HTTP allows one.

    1xx statuses are interim: after one, a client waits for the real answer, and would
    wait forever.  So the server closes the connection after it, and the client reports
    a disconnect at once instead of hanging.  204 and 304 have no body by definition.
    """
    code = _integer(request.match_info["code"], "the status code", 100, 599)
    if code < 200:
        response = web.Response(status=code)
        response.force_close()
        return response
    if code in (204, 304):
        return web.Response(status=code)
    return web.json_response({"status": code, "id": request_info(request).id}, status=code)


def random_bytes(n: int, seed: int | None = None) -> Iterator[bytes]:
    """``n`` pseudo-random bytes, in blocks, without holding them all at once."""
    rng = random.Random(seed)
    for start in range(0, n, _BLOCK):
        yield rng.randbytes(min(_BLOCK, n - start))


def rechunk(blocks: Iterator[bytes], size: int) -> Iterator[bytes]:
    """The same bytes, cut into pieces of ``size`` (the last one may be shorter)."""
    buffer = bytearray()
    for block in blocks:
        buffer += block
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    if buffer:
        yield bytes(buffer)


@lab_routes.get("/bytes/{n}")
async def payload(request: web.Request) -> web.StreamResponse:
    """``n`` pseudo-random bytes (capped at ``MAX_BYTES``).

    ``?seed=S`` makes them reproducible; ``?chunk_size=K`` streams them with chunked
    transfer encoding, ``K`` bytes per write, so a client can read as they come.
    """
    n = min(_integer(request.match_info["n"], "the number of bytes", 0), MAX_BYTES)
    query = request.query
    seed = _integer(query["seed"], "seed", 0) if "seed" in query else None
    chunk = _integer(query["chunk_size"], "chunk_size", 1, MAX_CHUNK) if "chunk_size" in query else None
    data = random_bytes(n, seed)
    if chunk is None:
        return web.Response(body=b"".join(data), content_type="application/octet-stream")
    response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    for piece in rechunk(data, chunk):
        await response.write(piece)  # waits while the client is slow to read (back-pressure)
        await asyncio.sleep(0)  # tiny chunks must not starve the other clients
    await response.write_eof()
    return response


@lab_routes.get("/headers")
async def headers(request: web.Request) -> web.Response:
    """The request's headers as JSON (a header sent twice is joined with ", ", as HTTP allows)."""
    echoed: dict[str, str] = {}
    for name, value in request.headers.items():
        echoed[name] = f"{echoed[name]}, {value}" if name in echoed else value
    return web.json_response({"headers": echoed})
