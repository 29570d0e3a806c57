"""Argument types shared by the commands: bad input is refused by argparse, in one line.

Each type raises ``argparse.ArgumentTypeError``, so ``aiocourse grade X --workers -3``
ends with the usage line, one sentence and exit status 2 -- not a hang, and not a
traceback from deep inside dask, asyncio or nbclient.
"""

from __future__ import annotations

import argparse
import math
import re

from ..course import DEFAULT_CELL_TIMEOUT

__all__ = ["cell_timeout", "positive_int", "port", "scheduler_address"]

_ADDRESS = re.compile(r"^(?:(?:tcp|tls|inproc|ucx|ws|wss)://)?\[?[A-Za-z0-9_.:-]+\]?:\d{1,5}$")


def cell_timeout(text: str) -> int:
    """Whole seconds, at least 1: nbclient times cells in whole seconds and reads 0 as "none"."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(seconds) or seconds < 1:
        raise argparse.ArgumentTypeError(
            f"{text} s is too short: cells are timed in whole seconds, at least 1 (default {DEFAULT_CELL_TIMEOUT})"
        )
    if seconds != int(seconds):
        raise argparse.ArgumentTypeError(f"{text} s: give a whole number of seconds (cells are timed in seconds)")
    return int(seconds)


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not allowed: give 1 or more")
    return value


def port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port: give 0 (any free port) to 65535")
    return value


def scheduler_address(text: str) -> str:
    """``tcp://host:port`` (or ``host:port``), as dask prints it when a scheduler starts."""
    if not _ADDRESS.match(text.strip()):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a scheduler address: give it as dask prints it, e.g. tcp://127.0.0.1:8786"
        )
    return text.strip()
