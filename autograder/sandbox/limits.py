"""What the grading kernel may use: traitlets config keys, carried to the launcher in the environment.

The limits are nbgrader-style config (``c.SandboxLimits.cpu_seconds = 120`` in
``nbgrader_config.py``) so that they document themselves in ``nbgrader --help-all``.  The
launcher runs in a fresh process before ipykernel exists, so it cannot read the config
files: the grading side serialises the values to JSON in :data:`ENV_VAR`, and the launcher
falls back to the same defaults when the variable is absent (a kernel started by hand).
"""

from __future__ import annotations

import json
import os
from typing import Any

from traitlets import Bool, Int, List, Unicode
from traitlets.config import Configurable

__all__ = ["ENV_VAR", "SandboxLimits", "GIB", "MIB"]

ENV_VAR = "AIOCOURSE_SANDBOX"
MIB = 1024 * 1024
GIB = 1024 * MIB


class SandboxLimits(Configurable):
    """Resource limits and isolation for one grading kernel (0 means: no limit)."""

    cpu_seconds = Int(
        120,
        help="CPU seconds the kernel process may use (RLIMIT_CPU); past it the kernel is killed "
        "and only the running cell loses its points (the kernel is restarted and replayed).",
    ).tag(config=True)
    address_space_bytes = Int(
        4 * GIB,
        help="Virtual memory of the kernel (RLIMIT_AS): a larger allocation raises MemoryError.",
    ).tag(config=True)
    max_processes = Int(
        64,
        help="Processes and threads the kernel may add (a pids cgroup as root, else RLIMIT_NPROC "
        "over the user's current count): os.fork() past it fails instead of bombing the machine.",
    ).tag(config=True)
    file_size_bytes = Int(
        64 * MIB,
        help="Largest file the kernel may write (RLIMIT_FSIZE): a larger write raises OSError (EFBIG).",
    ).tag(config=True)
    isolate_network = Bool(
        True,
        help="As root, run the kernel in its own network namespace (only its own loopback); the "
        "kernel then talks to nbgrader over Unix sockets.  Ignored, with a note, when not permitted.",
    ).tag(config=True)
    bubblewrap = Unicode(
        "bwrap",
        help="The bubblewrap executable that isolates the kernel (its own user, PID, network, IPC and "
        "cgroup namespaces as uid 65534 without capabilities, only its folder writable; see "
        "docs/grading.md).  Empty: do not use it.  Where it is missing or cannot create namespaces "
        "the older, partial isolation is used and `aiocourse grade` says so.",
    ).tag(config=True)
    hidden_paths = List(
        Unicode(),
        help="Files and folders the kernel must not read (as root: covered by empty mounts in a "
        "private mount namespace).  The course's source/ and gradebook are always added.",
    ).tag(config=True)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.trait_names(config=True)}

    def to_env(self, **extra: Any) -> dict[str, str]:
        """The environment variable that carries these limits to :mod:`.launch`."""
        return {ENV_VAR: json.dumps({**self.as_dict(), **extra})}

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "SandboxLimits":
        raw = (environ if environ is not None else os.environ).get(ENV_VAR)
        values = json.loads(raw) if raw else {}
        known = set(cls.class_trait_names(config=True))
        return cls(**{k: v for k, v in values.items() if k in known})
