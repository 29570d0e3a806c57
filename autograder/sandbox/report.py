"""One line for the instructor: how isolated the grading kernels are on this machine.

The launcher decides per kernel (bubblewrap when it works, the older partial sandbox
otherwise) and a kernel has no one to tell; the grader runs the same probe first, so
``aiocourse grade`` and ``aiocourse check`` can say it before grading and in their
summary, and ``--require-isolation`` can refuse to grade on a machine that would leave
the course files open to the students' code.
"""

from __future__ import annotations

import os

from .bubblewrap import NAMESPACES, UID, available
from .limits import SandboxLimits

__all__ = ["course_isolation", "isolation_report", "is_fully_isolated", "REFUSAL", "FULL"]

FULL = "isolation: full"
REFUSAL = "refusing to grade without full isolation (--require-isolation)"


def is_fully_isolated(limits: SandboxLimits | None = None) -> bool:
    """True when the launcher will run kernels under bubblewrap here."""
    limits = limits if limits is not None else SandboxLimits()
    return available(limits.bubblewrap)[0]


def isolation_report(limits: SandboxLimits | None = None) -> str:
    """``isolation: full (...)`` or ``isolation: partial -- ...``, saying what is and is not isolated."""
    limits = limits if limits is not None else SandboxLimits()
    usable, why = available(limits.bubblewrap)
    if usable:
        network = "own loopback only" if limits.isolate_network else "host network shared (isolate_network off)"
        return (f"isolation: full ({why}: {', '.join(NAMESPACES)} namespaces, uid {UID} without capabilities, "
                f"{network}; only the notebook's folder writable, no course files visible)")
    if os.geteuid() == 0:
        return (f"isolation: partial -- {why}: rlimits, pids cgroup, network namespace and hidden course "
                "folders only; the kernel runs as root and can reach the grader's processes and files")
    return (f"isolation: partial -- {why}: rlimits only; the kernel can read the course files and "
            "reach the host's network with the grader's rights")


def course_isolation(config: object) -> str:
    """:func:`isolation_report` for a course's config: its kernel and its ``c.SandboxLimits``."""
    from .kernelspec import KERNEL_NAME

    kernel = getattr(getattr(config, "Execute", None), "get", lambda *_: None)("kernel_name")
    if kernel and kernel != KERNEL_NAME:
        return f"isolation: none -- the course grades in kernel {kernel!r}, not the sandbox {KERNEL_NAME!r}"
    return isolation_report(SandboxLimits(config=config))  # type: ignore[arg-type]
