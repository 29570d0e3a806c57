"""``python -m autograder.sandbox.launch [--] COMMAND...``: apply the sandbox, then exec COMMAND.

The kernel spec runs ipykernel through this module.  Order matters: the cgroup and the
namespaces need privileges and memory that the limits would take away, so they come
first; ``execvp`` keeps the process (and so the cgroup, namespaces and rlimits), and every
process the kernel starts inherits them.

The network namespace is used only when the connection file asks for the ``ipc``
transport: a kernel on TCP must stay reachable on the host's loopback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence

from .isolation import apply_rlimits, hide_paths, isolate_network, join_pids_cgroup
from .limits import SandboxLimits


def _connection_transport(command: Sequence[str]) -> str:
    try:
        path = command[list(command).index("-f") + 1]
        with open(path) as handle:
            return str(json.load(handle).get("transport", "tcp"))
    except (ValueError, IndexError, OSError, json.JSONDecodeError):
        return "tcp"


def sandbox(limits: SandboxLimits, command: Sequence[str]) -> list[str]:
    """Apply everything to this process; returns notes about what could not be applied."""
    notes = [join_pids_cgroup(limits)]
    if limits.isolate_network:
        if _connection_transport(command) == "ipc":
            notes.append(isolate_network())
        else:
            notes.append("network not isolated: the kernel uses TCP (isolation needs the ipc transport)")
    if os.geteuid() == 0:
        notes.append(hide_paths(list(limits.hidden_paths)))
    elif limits.hidden_paths:
        notes.append("course files not hidden from the kernel (needs root)")
    notes.extend(apply_rlimits(limits))
    return [note for note in notes if note]


def main(argv: Sequence[str] | None = None) -> None:
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        sys.exit("usage: python -m autograder.sandbox.launch [--] COMMAND [ARGS...]")
    for note in sandbox(SandboxLimits.from_env(), command):
        if os.environ.get("AIOCOURSE_SANDBOX_VERBOSE"):
            print(f"aiocourse sandbox: {note}", file=sys.stderr)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
