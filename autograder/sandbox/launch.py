"""``python -m autograder.sandbox.launch [--] COMMAND...``: run COMMAND (the kernel) in the sandbox.

With bubblewrap (:mod:`.bubblewrap`) the kernel runs in its own user, PID, network, IPC,
UTS and cgroup namespaces as uid 65534 with no capabilities, seeing only the Python
environment, its working folder (this process's cwd: the notebook's folder) and its
connection file and socket folder.  The launcher first puts itself in the pids cgroup
(root) and sets the rlimits, which bwrap and the kernel inherit, then stays as the
kernel's parent: Jupyter interrupts a kernel by signalling its process group, and
``--new-session`` puts the kernel in another one, so SIGINT is forwarded by hand.  When the
launcher dies -- the grader kills it -- ``--die-with-parent`` kills the sandbox, and when
the kernel exits, the PID namespace ends with everything it started, whatever session or
process group those moved to.

Without usable bubblewrap the launcher falls back to what it applied before: a pids cgroup,
a network namespace and empty mounts over the hidden paths (all as root only) and the
rlimits, then ``exec``s the kernel.  :func:`.report.isolation_report` tells the grader which.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .bubblewrap import available, bwrap_command
from .isolation import apply_rlimits, hide_paths, isolate_network, join_pids_cgroup
from .limits import SandboxLimits

#: Processes of the sandbox's own making, over the kernel's budget: the launcher, bwrap, bwrap's init.
SANDBOX_OVERHEAD = 3


def _connection(command: Sequence[str]) -> tuple[str | None, dict[str, object]]:
    """The connection file named after ``-f`` and its content (empty when unreadable)."""
    try:
        path = command[list(command).index("-f") + 1]
    except (ValueError, IndexError):
        return None, {}
    try:
        with open(path) as handle:
            return path, dict(json.load(handle))
    except (OSError, ValueError, TypeError):
        return path, {}


def _connection_transport(command: Sequence[str]) -> str:
    return str(_connection(command)[1].get("transport", "tcp"))


def sandbox(limits: SandboxLimits, command: Sequence[str]) -> list[str]:
    """The fallback: apply everything to this process; returns notes about what could not be applied."""
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


def sandboxed_command(limits: SandboxLimits, command: Sequence[str], info_fd: int | None = None) -> list[str]:
    """``command`` wrapped in bwrap, with the folders and network this kernel's connection asks for."""
    connection_file, connection = _connection(command)
    ipc = connection.get("transport") == "ipc"
    socket_path = connection.get("ip") if ipc else None
    return bwrap_command(
        command,
        bwrap=limits.bubblewrap,
        workdir=os.getcwd(),
        connection_file=connection_file if connection else None,
        ipc_dir=str(Path(socket_path).parent) if isinstance(socket_path, str) and socket_path else None,
        share_net=not (limits.isolate_network and ipc),
        hidden_paths=limits.hidden_paths,
        info_fd=info_fd,
    )


def _sandbox_init(info: int) -> int | None:
    """bwrap's ``--info-fd`` JSON: the host pid of the sandbox's init (``child-pid``)."""
    text = b""
    while True:
        try:
            chunk = os.read(info, 4096)
        except OSError:
            return None
        if not chunk:
            return None
        text += chunk
        try:
            return int(json.loads(text)["child-pid"])
        except (ValueError, KeyError, TypeError):
            continue


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def supervise(argv: list[str], info_read: int, info_write: int) -> int:
    """Run bwrap, forward interrupts to the kernel (the init's child), return its exit status."""
    # Its own process group: Jupyter's SIGINT to ours must not kill bwrap (and so the kernel).
    # Ignored SIGXFSZ kept (see apply_rlimits): a too-large write fails instead of killing.
    process = subprocess.Popen(argv, pass_fds=(info_write,), process_group=0, restore_signals=False)
    os.close(info_write)
    init = _sandbox_init(info_read)
    os.close(info_read)

    def forward(signum: int, _frame: object) -> None:
        for pid in _children(init) if init else [process.pid]:
            try:
                os.kill(pid, signum)
            except OSError:
                pass

    def stop(signum: int, _frame: object) -> None:
        process.kill()  # bwrap's death kills the sandbox (--die-with-parent)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    code = process.wait()
    return code if code >= 0 else 128 - code


def _exit_like(code: int) -> None:
    """Exit as the kernel did: bwrap reports a kernel killed by signal N as 128 + N, and the
    grader (and the tests) read a kernel killed by SIGXCPU from the signal, so die of it too."""
    if code > 128 and code - 128 in {s.value for s in signal.Signals}:
        signum = code - 128
        if signum not in (signal.SIGKILL, signal.SIGSTOP):  # these two cannot be caught, nor set
            signal.signal(signum, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.kill(os.getpid(), signum)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> None:
    command = list(sys.argv[1:] if argv is None else argv)
    if command[:1] == ["--"]:
        command = command[1:]
    if not command:
        sys.exit("usage: python -m autograder.sandbox.launch [--] COMMAND [ARGS...]")
    limits = SandboxLimits.from_env()
    verbose = bool(os.environ.get("AIOCOURSE_SANDBOX_VERBOSE"))
    usable, why = available(limits.bubblewrap)
    if usable:
        # The launcher, bwrap and its init share the kernel's process budget.
        budget = SandboxLimits(**{**limits.as_dict(), "max_processes": limits.max_processes + SANDBOX_OVERHEAD}) \
            if limits.max_processes > 0 else limits
        notes = [join_pids_cgroup(budget) if os.geteuid() == 0 else None, *apply_rlimits(budget)]
        # As root the kernel maps to the host's root uid, which RLIMIT_NPROC never limits: the
        # pids cgroup is the process bound there (note above when it is missing).
        info_read, info_write = os.pipe()
        args = sandboxed_command(limits, command, info_fd=info_write)
        if verbose:
            for note in [n for n in notes if n and "RLIMIT_NPROC does not apply" not in n]:
                print(f"aiocourse sandbox: {note}", file=sys.stderr)
        _exit_like(supervise(args, info_read, info_write))
    for note in [f"{why}: the kernel runs without namespaces", *sandbox(limits, command)]:
        if verbose:
            print(f"aiocourse sandbox: {note}", file=sys.stderr)
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
