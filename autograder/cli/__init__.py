"""``aiocourse``: the course's command line; one subcommand per module, like nbgrader's apps."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import check, export, grade, release, start, tools

#: Each module adds its parser with ``register(subparsers)`` and is run with ``run(args)``.
COMMANDS = [start, check, release, grade, tools, export]

try:  # the lab server lands separately; the CLI works without it
    from . import serve

    COMMANDS.append(serve)
except ImportError:  # pragma: no cover
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aiocourse",
        description="Asynchronous programming in Python: the course's tools.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
