"""The kernel's command line under bubblewrap: its own namespaces, no capabilities, a minimal view.

Why bubblewrap: the hand-written namespaces of :mod:`.isolation` left the kernel root, in
the grader's PID namespace, with the whole file system mounted -- it read the masters
through ``/proc/<grader>/root``, joined the grader's namespaces and rewrote the gradebook
(issue 21).  ``bwrap`` (what Flatpak uses) builds the opposite from nothing: a new user,
PID, network, IPC, UTS and cgroup namespace, uid 65534 without capabilities and with
``no_new_privs``, and a root file system holding only what the kernel needs:

- read-only: the system's ``/usr`` (and the ``/bin``, ``/lib*`` links), a few files of
  ``/etc`` (the loader cache, users, hosts, time zone, certificates, fonts), the Python
  installation and the virtualenv (found from ``sys.prefix``, ``sys.base_prefix``, the real
  interpreter and ``site``), and the ``autograder`` package's own folder -- an editable
  install points into the repository, and only that folder of it is shown;
- read-write: the kernel's working folder (the notebook's folder) and the folder of its
  Unix sockets; the connection file read-only;
- private: ``/proc``, ``/dev``, ``/tmp``, ``/dev/shm`` (multiprocessing needs it).

The environment is rebuilt from an allow-list (``--clearenv``): the grader's variables --
the hidden paths among them -- never reach the kernel.
"""

from __future__ import annotations

import functools
import os
import shutil
import site
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

__all__ = ["NAMESPACES", "available", "bwrap_command", "kernel_env", "mounted_paths", "UID"]

#: The identity of the kernel inside its user namespace (``nobody``), whoever grades.
UID = 65534
#: What ``--unshare-all`` plus ``--unshare-user``/``--unshare-cgroup`` give the kernel.
NAMESPACES = ("user", "pid", "net", "ipc", "uts", "cgroup")

_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "passwd", "group", "nsswitch.conf", "hosts",
        "host.conf", "localtime", "timezone", "ssl", "ca-certificates", "pki", "fonts", "mime.types",
        "alternatives", "matplotlibrc")
_SYSTEM_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Variables the kernel may keep from the grader's environment (locale, output encoding, plots).
_KEPT_ENV = ("LANG", "LANGUAGE", "TZ", "TERM", "PYTHONIOENCODING", "PYTHONUNBUFFERED", "PYTHONHASHSEED",
             "MPLBACKEND", "PYDEVD_DISABLE_FILE_VALIDATION", "JUPYTER_PLATFORM_DIRS", "NO_COLOR")
_ISOLATION = ["--unshare-all", "--unshare-user", "--unshare-cgroup", "--uid", str(UID), "--gid", str(UID),
              "--cap-drop", "ALL", "--die-with-parent", "--new-session"]


def _executable(bwrap: str) -> str | None:
    return shutil.which(bwrap) if bwrap else None


def _system_args() -> list[str]:
    """``/usr`` read-only, the merged-usr links as links, the needed ``/etc`` files, fresh ``/proc`` etc."""
    args = ["--ro-bind", "/usr", "/usr"]
    for link in _SYSTEM_LINKS:
        if os.path.islink(link):
            args += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            args += ["--ro-bind", link, link]
    for name in _ETC:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    args += ["--ro-bind-try", "/var/cache/fontconfig", "/var/cache/fontconfig"]
    return args + ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm", "--tmpfs", "/tmp"]


@functools.cache
def available(bwrap: str = "bwrap") -> tuple[bool, str]:
    """``(True, "bubblewrap 0.8.0")`` when bwrap can build the kernel's namespaces here, else
    ``(False, why)``.  One cheap run of ``true`` in the same namespaces, cached per process:
    a missing binary, a kernel without user namespaces or a container that forbids them all
    fail here, before any kernel depends on it."""
    path = _executable(bwrap)
    if path is None:
        return False, f"no bubblewrap ({bwrap or 'disabled'}: not found)" if bwrap else "bubblewrap disabled"
    try:
        done = subprocess.run([path, *_ISOLATION, *_system_args(), "--", "true"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as error:
        return False, f"bubblewrap cannot run ({error})"
    if done.returncode != 0:
        return False, f"bubblewrap cannot create namespaces here ({done.stderr.strip().splitlines()[-1:] or done.returncode})"
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = ""
    return True, version or "bubblewrap"


def _python_folders() -> list[str]:
    """The Python installation and the virtualenv: everything the interpreter imports from."""
    import autograder  # the editable install maps it into the repository: only its own folder

    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
               str(Path(os.path.realpath(sys.executable)).parent.parent), *site.getsitepackages(),
               str(Path(autograder.__file__).resolve().parent)}
    real = sorted({os.path.realpath(f) for f in folders if os.path.isdir(f)})
    # A folder inside another bound one is bound already (and would be shadowed by it anyway).
    return [f for f in real if not any(f != o and f.startswith(o.rstrip("/") + "/") for o in real)]


def mounted_paths(workdir: str, connection_file: str | None, ipc_dir: str | None) -> dict[str, str]:
    """Host paths visible in the sandbox, each ``"ro"`` or ``"rw"`` (the system's aside)."""
    paths = {folder: "ro" for folder in _python_folders()}
    if connection_file:
        paths[os.path.realpath(connection_file)] = "ro"
    for folder in (ipc_dir, workdir):
        if folder and os.path.realpath(folder) != "/":
            paths[os.path.realpath(folder)] = "rw"
    return paths


def kernel_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The kernel's whole environment: an allow-list, ``HOME`` in the private ``/tmp``."""
    env = {k: v for k, v in environ.items() if k in _KEPT_ENV or k.startswith("LC_")}
    bin_dir = str(Path(sys.prefix) / "bin")
    # JPY_PARENT_PID: the kernel's parent is bwrap's init, pid 1 here; ipykernel then neither
    # polls it nor prints its "Ctrl-C will not work" banner.
    env.update(HOME="/tmp", TMPDIR="/tmp", MPLCONFIGDIR="/tmp/.matplotlib", JPY_PARENT_PID="1",
               PATH=os.pathsep.join([bin_dir, "/usr/local/bin", "/usr/bin", "/bin"]))
    return env


def _hide(paths: Iterable[str], mounted: Iterable[str]) -> list[str]:
    """Cover hidden paths that fall inside a mounted folder (a workdir that holds ``source/``)."""
    args: list[str] = []
    roots = [m.rstrip("/") + "/" for m in mounted]
    for path in paths:
        real = os.path.realpath(path)
        if not os.path.lexists(real) or not any((real + "/").startswith(r) for r in roots):
            continue
        args += ["--tmpfs", real] if os.path.isdir(real) else ["--ro-bind", "/dev/null", real]
    return args


def bwrap_command(
    command: Sequence[str],
    *,
    bwrap: str = "bwrap",
    workdir: str,
    connection_file: str | None = None,
    ipc_dir: str | None = None,
    share_net: bool = False,
    hidden_paths: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
    info_fd: int | None = None,
) -> list[str]:
    """``bwrap ... -- command``: ``command`` run in the sandbox, in ``workdir``."""
    args = [_executable(bwrap) or bwrap, *_ISOLATION]
    if share_net:
        args.append("--share-net")  # a TCP kernel must stay reachable on the host's loopback
    args += _system_args()
    mounted = mounted_paths(workdir, connection_file, ipc_dir)
    for path, mode in mounted.items():
        args += ["--bind" if mode == "rw" else "--ro-bind", path, path]
    args += _hide(hidden_paths, mounted)
    args += ["--chdir", os.path.realpath(workdir), "--clearenv"]
    for name, value in kernel_env(os.environ if environ is None else environ).items():
        args += ["--setenv", name, value]
    if info_fd is not None:
        args += ["--info-fd", str(info_fd)]
    return [*args, "--", *command]
