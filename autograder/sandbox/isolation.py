"""The operating-system primitives the launcher applies, each one independent and best effort.

Each function either applies its protection or returns a sentence saying why it could not
(not root, no cgroup, no namespaces): the launcher prints those notes to the kernel's
stderr and starts the kernel anyway, so grading never stops because a machine lacks a
feature -- docs/grading.md says what is isolated where.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import resource
import signal
import socket
import struct
from pathlib import Path

from .limits import SandboxLimits

__all__ = ["apply_rlimits", "join_pids_cgroup", "isolate_network", "hide_paths"]

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_BIND, MS_REC, MS_PRIVATE = 1, 4096, 16384, 1 << 18
PIDS_CGROUP = Path("/sys/fs/cgroup/pids")
CGROUP_PREFIX = "aiocourse-kernel-"
#: Kernels of the same user that RLIMIT_NPROC leaves room for beside this one (unprivileged grading
#: runs up to two per CPU at once); the bound stays finite, a fork bomb still stops.
NEIGHBOURS = 4

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _set(limit: int, value: int, hard: int | None = None) -> None:
    if value > 0:
        resource.setrlimit(limit, (value, hard if hard is not None else value))


def _user_process_count() -> int:
    """Threads of this user now: RLIMIT_NPROC counts them all, not just the kernel's."""
    uid, count = os.getuid(), 0
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                count += len(os.listdir(entry / "task"))
        except OSError:
            continue
    return count


def apply_rlimits(limits: SandboxLimits) -> list[str]:
    """CPU, address space, file size and (for non-root users) process limits."""
    notes = []
    # SIGXCPU at the soft limit kills the kernel; the hard limit (SIGKILL) follows 5 s later.
    _set(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 5 if limits.cpu_seconds else None)
    _set(resource.RLIMIT_AS, limits.address_space_bytes)
    if limits.file_size_bytes > 0:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with EFBIG, kernel lives
        _set(resource.RLIMIT_FSIZE, limits.file_size_bytes)
    if limits.max_processes > 0:
        if os.geteuid() == 0:
            notes.append("RLIMIT_NPROC does not apply to root; the process limit relies on the pids cgroup")
        else:
            # RLIMIT_NPROC counts every thread of the grader's user, the kernels graded beside this
            # one included, which start and grow after this count: a budget of one kernel's headroom
            # made a concurrently graded kernel fail "can't start new thread" (all its tests lost).
            _set(resource.RLIMIT_NPROC, _user_process_count() + limits.max_processes * (1 + NEIGHBOURS))
    return notes


def _sweep_stale_cgroups() -> None:
    """Remove the cgroups of kernels that are gone (a launcher being set up is alive: kept)."""
    for stale in PIDS_CGROUP.glob(CGROUP_PREFIX + "*"):
        try:
            os.kill(int(stale.name.removeprefix(CGROUP_PREFIX)), 0)
        except ProcessLookupError:
            try:
                stale.rmdir()  # fails (EBUSY) while a process it started still lives in it
            except OSError:
                pass
        except (OSError, ValueError):
            pass


def join_pids_cgroup(limits: SandboxLimits) -> str | None:
    """As root: move this process into a new pids cgroup with ``pids.max``.  A note on failure."""
    if limits.max_processes <= 0:
        return None
    if os.geteuid() != 0 or not (PIDS_CGROUP / "cgroup.procs").exists():
        return "no pids cgroup available (needs root and cgroup v1 pids): the process limit is RLIMIT_NPROC only"
    try:
        _sweep_stale_cgroups()
        group = PIDS_CGROUP / f"{CGROUP_PREFIX}{os.getpid()}"
        group.mkdir(exist_ok=True)
        (group / "pids.max").write_text(str(limits.max_processes))
        (group / "cgroup.procs").write_text(str(os.getpid()))
    except OSError as error:
        return f"could not use the pids cgroup ({error})"
    return None


def _loopback_up() -> None:
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sh22x", b"lo", 0)
        flags = struct.unpack("16sh22x", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sh22x", b"lo", flags | IFF_UP))


def isolate_network() -> str | None:
    """A new network namespace whose only interface is its own loopback (brought up)."""
    try:
        _check(_libc.unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)")
        _loopback_up()
    except OSError as error:
        return f"network not isolated ({error})"
    return None


def hide_paths(paths: list[str]) -> str | None:
    """Cover each existing path with an empty read-only mount in a private mount namespace."""
    existing = [p for p in paths if os.path.lexists(p)]
    if not existing:
        return None
    try:
        _check(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
        _check(_libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
        for path in existing:
            target = os.fsencode(os.path.realpath(path))
            if os.path.isdir(path):
                _check(_libc.mount(b"none", target, b"tmpfs", MS_RDONLY, b"size=4k,mode=000"), f"mount tmpfs on {path}")
            else:
                _check(_libc.mount(b"/dev/null", target, None, MS_BIND, None), f"bind /dev/null on {path}")
    except OSError as error:
        return f"course files not hidden from the kernel ({error})"
    return None
