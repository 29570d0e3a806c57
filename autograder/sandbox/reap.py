"""Kill whatever a grading kernel left behind once the kernel itself is gone.

Shutting a kernel down stops the kernel process only.  Processes it forked (a student's
``os.fork()`` loop) live on: they burn CPU, hold the pids budget, and keep nbgrader's
output pipes open so that ``nbgrader autograde`` waits for them.  As root the launcher put
the kernel in its own pids cgroup, which lists every descendant, even ones that left the
process group; otherwise the kernel's process group (it is started in a new session) is
the best available net.

Under bubblewrap (the usual case) this is the second net, not the structure: the kernel's
children live in its PID namespace, which ends with the kernel -- a process that moved to a
new session is killed with it (``tests/test_sandbox_bubblewrap.py``).  The kernel pid here is
the launcher's, whose process group holds bwrap; killing it makes bwrap kill the sandbox.
"""

from __future__ import annotations

import os
import signal
import time

from .isolation import CGROUP_PREFIX, PIDS_CGROUP

__all__ = ["reap_kernel"]


def _cgroup_members(kernel_pid: int) -> list[int]:
    try:
        text = (PIDS_CGROUP / f"{CGROUP_PREFIX}{kernel_pid}" / "cgroup.procs").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]


def reap_kernel(kernel_pid: int | None, *, rounds: int = 50) -> int:
    """SIGKILL every process left from the kernel ``kernel_pid``; returns how many were found."""
    if not kernel_pid:
        return 0
    try:
        os.killpg(kernel_pid, signal.SIGKILL)
    except OSError:
        pass
    found: set[int] = set()
    for _ in range(rounds):  # forks may race with the kills: repeat until the cgroup is empty
        members = _cgroup_members(kernel_pid)
        if not members:
            break
        found.update(members)
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.02)
    try:
        (PIDS_CGROUP / f"{CGROUP_PREFIX}{kernel_pid}").rmdir()
    except OSError:
        pass
    return len(found)
