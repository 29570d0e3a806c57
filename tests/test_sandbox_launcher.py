"""The sandbox launcher on plain Python commands: each limit stops what it is meant to stop.

These run ``python -m autograder.sandbox.launch -- python -c ...`` directly (no kernel),
so each check takes a second or two.  The memory probe reserves 20 GB with an untouched
anonymous mmap: if the limit were missing, nothing would be touched, and the machine is safe.
"""

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from autograder.sandbox import ENV_VAR, SandboxLimits

from autograder.sandbox.bubblewrap import available

ROOTLESS = pytest.mark.skipif(os.geteuid() != 0, reason="namespaces and the pids cgroup need root")
#: Each protection is checked under bubblewrap (where it can run) and in the fallback without it.
MODES = pytest.mark.parametrize("bwrap", [
    pytest.param("bwrap", id="bubblewrap", marks=pytest.mark.skipif(not available()[0], reason=available()[1])),
    pytest.param("", id="fallback"),
])


def launch(code: str, timeout: float = 30, **limits) -> subprocess.CompletedProcess:
    env = {**os.environ, ENV_VAR: json.dumps({**SandboxLimits().as_dict(), **limits})}
    return subprocess.run(
        [sys.executable, "-m", "autograder.sandbox.launch", "--", sys.executable, "-c", code],
        capture_output=True, text=True, timeout=timeout, env=env,
    )


@MODES
def test_cpu_seconds_stop_a_busy_loop(bwrap):
    done = launch("while True: pass", cpu_seconds=1, bubblewrap=bwrap)
    assert done.returncode == -signal.SIGXCPU


@MODES
def test_address_space_refuses_20_gb(bwrap):
    code = "import mmap\ntry:\n    mmap.mmap(-1, 20 * 2**30)\nexcept (OSError, MemoryError) as e:\n    print('refused', e)\n"
    done = launch(code, bubblewrap=bwrap)
    assert done.returncode == 0 and done.stdout.startswith("refused"), done.stdout + done.stderr


@MODES
def test_file_size_makes_large_writes_fail_without_killing(bwrap):
    code = (
        "import os, tempfile\nf = tempfile.TemporaryFile()\n"
        "try:\n    f.write(b'x' * 2_000_000); f.flush()\nexcept OSError as e:\n    print('EFBIG', e.errno)\n"
    )
    done = launch(code, file_size_bytes=1_000_000, bubblewrap=bwrap)
    assert "EFBIG 27" in done.stdout, done.stdout + done.stderr


@MODES
def test_fork_bomb_is_capped(bwrap):
    code = (
        "import os, time\nkids = []\n"
        "try:\n"
        "    for _ in range(200):\n"
        "        pid = os.fork()\n"
        "        if pid == 0:\n            time.sleep(3); os._exit(0)\n"
        "        kids.append(pid)\n"
        "except OSError as e:\n    print('capped at', len(kids))\n"
        "for k in kids: os.waitpid(k, 0)\n"
    )
    done = launch(code, max_processes=16, bubblewrap=bwrap)
    assert done.stdout.startswith("capped at"), done.stdout + done.stderr
    assert int(done.stdout.split()[-1]) < 16


@ROOTLESS
@MODES
def test_network_namespace_has_its_own_loopback(tmp_path, bwrap):
    """A port opened here on 127.0.0.1 is unreachable from the sandbox; its own loopback works."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    connection = tmp_path / "kernel.json"
    connection.write_text(json.dumps({"transport": "ipc"}))
    code = (
        "import socket, sys\n"
        f"s = socket.socket(); s.settimeout(2)\ntry:\n    s.connect(('127.0.0.1', {port})); print('reached host')\n"
        "except OSError as e:\n    print('refused')\n"
        "own = socket.socket(); own.bind(('127.0.0.1', 0)); own.listen()\n"
        "c = socket.create_connection(own.getsockname(), timeout=2); print('own loopback ok')\n"
        "# -f is read by the launcher to choose isolation\n"
    )
    env = {**os.environ, ENV_VAR: json.dumps({**SandboxLimits().as_dict(), "bubblewrap": bwrap})}
    done = subprocess.run(
        [sys.executable, "-m", "autograder.sandbox.launch", "--", sys.executable, "-c", code, "-f", str(connection)],
        capture_output=True, text=True, timeout=30, env=env,
    )
    listener.close()
    assert done.stdout.split("\n")[:2] == ["refused", "own loopback ok"], done.stdout + done.stderr


@ROOTLESS
def test_hidden_paths_read_as_empty(tmp_path):
    """The fallback: empty mounts over the hidden paths (bubblewrap does not mount them at all)."""
    secret_dir = tmp_path / "source"
    secret_dir.mkdir()
    (secret_dir / "answers.ipynb").write_text("solution")
    db = tmp_path / "gradebook.db"
    db.write_text("hidden tests")
    code = f"import os\nprint(os.listdir({str(secret_dir)!r}), repr(open({str(db)!r}).read()))"
    done = launch(code, hidden_paths=[str(secret_dir), str(db)], bubblewrap="")
    assert done.stdout.strip() == "[] ''", done.stdout + done.stderr
    assert (secret_dir / "answers.ipynb").read_text() == "solution"  # only hidden inside the sandbox


def _can_unshare_user() -> bool:
    try:
        return subprocess.run(["unshare", "--user", "--", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


AS_NOBODY = pytest.mark.skipif(not _can_unshare_user(), reason="needs `unshare --user` to drop root")


@AS_NOBODY
def test_without_root_the_limits_still_hold_and_the_gaps_are_said(tmp_path):
    """The rootless fallback (an instructor's laptop, a Binder pod): no cgroup, no namespace,
    no hidden files -- but the CPU, memory and process limits apply, and the launcher says
    what it could not do."""
    code = (
        "import mmap, os\n"
        "print('uid', os.geteuid())\n"
        "try:\n    mmap.mmap(-1, 20 * 2**30)\nexcept (OSError, MemoryError):\n    print('20 GB refused')\n"
        "import resource\n"
        "print('nproc limited', resource.getrlimit(resource.RLIMIT_NPROC)[0] != resource.RLIM_INFINITY)\n"
        "while True: pass\n"
    )
    limits = {**SandboxLimits().as_dict(), "cpu_seconds": 2, "max_processes": 16,
              "hidden_paths": [str(tmp_path)], "bubblewrap": ""}
    env = {**os.environ, ENV_VAR: json.dumps(limits), "AIOCOURSE_SANDBOX_VERBOSE": "1"}
    done = subprocess.run(
        # A new user namespace without a mapping: the launcher sees uid 65534 and has no
        # capabilities (no cgroup, no namespaces, no mounts), yet can still run this Python.
        ["unshare", "--user", "--",
         sys.executable, "-m", "autograder.sandbox.launch", "--", sys.executable, "-c", code],
        capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )
    out = done.stdout.splitlines()
    assert out[:2] == ["uid 65534", "20 GB refused"], done.stdout + done.stderr
    # RLIMIT_NPROC is set (this user's threads now + max_processes).  That the kernel enforces
    # it for a real unprivileged user is not shown here: in an unmapped namespace every
    # process on the machine looks like uid 65534, so the count is the whole machine's.
    assert out[2] == "nproc limited True", done.stdout
    assert done.returncode == -signal.SIGXCPU, (done.returncode, done.stderr)
    assert "no pids cgroup available" in done.stderr
    assert "course files not hidden from the kernel (needs root)" in done.stderr


def test_the_kernel_spec_is_readable_by_every_user(tmp_path):
    """On a JupyterHub the instructor is not the user who installed the course: the spec's folder
    must not keep the private mode of the temporary folder it was written in."""
    import stat

    from autograder.sandbox.kernelspec import install_kernelspec

    spec = install_kernelspec(prefix=str(tmp_path))
    assert stat.S_IMODE(spec.parent.stat().st_mode) == 0o755
    assert spec.stat().st_mode & stat.S_IROTH
