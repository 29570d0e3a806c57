"""Every error the lab server gives is JSON a student can read, and none of them stops it.

A course server meets typos all day (``/dealy/1``, ``/delay/one``, ``/status/1000``).
Each gets a 4xx answer whose body says what was wrong and what would work, in the same
format whatever the route; an unexpected bug in a handler gets a JSON 500 and is logged,
and the server carries on serving.
"""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler


__all__ = ["BadInput", "error_response", "json_errors"]

log = logging.getLogger("autograder.labserver")

#: Shown with a 404, so a typo in a path is answered with what exists.
ROUTES_HELP = (
    "GET /delay/{seconds}, GET /status/{code}, GET /bytes/{n}, GET /headers, GET /stats, POST /stats/reset"
)


class BadInput(ValueError):
    """A value in the path or query that the route cannot use (answered with 400)."""


def error_response(status: int, message: str, request: web.Request) -> web.Response:
    return web.json_response({"error": message, "status": status, "path": request.path_qs}, status=status)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every failure of a route into a JSON error answer."""
    try:
        return await handler(request)
    except BadInput as error:
        return error_response(400, str(error), request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        if error.status == 404:
            message = f"no such route: {request.method} {request.path}; the lab server has {ROUTES_HELP}"
        else:
            message = error.reason
        response = error_response(error.status, message, request)
        if "Allow" in error.headers:  # 405: say which methods would work
            response.headers["Allow"] = error.headers["Allow"]
        return response
    except ConnectionError:
        raise  # the client went away mid-answer: nobody is left to read an error
    except Exception:
        log.exception("lab server: unexpected error in %s %s", request.method, request.path_qs)
        return error_response(500, "the lab server hit a bug (it keeps running; see its log)", request)
