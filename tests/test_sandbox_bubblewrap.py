"""The kernel's sandbox under bubblewrap, seen from inside: what student code can reach.

Each test runs ``python -m autograder.sandbox.launch -- python -c ...`` (no kernel, a
second each) and tries one of issue 21's escapes: the grader's processes through
``/proc``, its environment, the installed package, the course root, a survivor in a new
session.  Where bubblewrap cannot run here the module skips, and the report says partial.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import autograder
from autograder.sandbox import ENV_VAR, SandboxLimits
from autograder.sandbox.bubblewrap import available, bwrap_command, kernel_env
from autograder.sandbox.report import isolation_report

USABLE, WHY = available()
pytestmark = pytest.mark.skipif(not USABLE, reason=f"bubblewrap unusable here: {WHY}")
PACKAGE = Path(autograder.__file__).resolve().parent


def launch(code: str, cwd: Path, **limits) -> subprocess.CompletedProcess:
    env = {**os.environ, ENV_VAR: json.dumps({**SandboxLimits().as_dict(), **limits}),
           "AIOCOURSE_SECRET_PROBE": "/course/source"}
    return subprocess.run([sys.executable, "-m", "autograder.sandbox.launch", "--", sys.executable, "-c", code],
                          capture_output=True, text=True, timeout=60, env=env, cwd=cwd)


def test_the_kernel_is_nobody_without_capabilities_or_new_privileges(tmp_path):
    code = ("import os\nstatus = dict(l.split(':\\t', 1) for l in open('/proc/self/status').read().splitlines() if ':\\t' in l)\n"
            "print(os.getuid(), os.getgid(), status['CapEff'].strip(), status['NoNewPrivs'].strip())\n")
    done = launch(code, tmp_path)
    assert done.stdout.split() == ["65534", "65534", "0000000000000000", "1"], done.stdout + done.stderr


def test_no_grader_process_no_course_file_no_grader_variable(tmp_path):
    """/proc shows the sandbox only (the grader's /proc/<pid>/root is gone), the repository
    shows only the package folder, and the environment is the allow-list."""
    hidden = tmp_path / "source"
    hidden.mkdir()
    (hidden / "master.ipynb").write_text("solution")
    work = tmp_path / "autograded" / "alice"
    work.mkdir(parents=True)
    code = (
        "import os, json\n"
        "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "roots = []\n"
        "for p in pids:\n"
        "    try: roots.append(sorted(os.listdir(f'/proc/{p}/root' + os.path.dirname(os.getcwd()))))\n"
        "    except OSError as e: roots.append(type(e).__name__)\n"
        f"print(json.dumps({{'ppid': os.getppid(), 'pids': pids, 'roots': roots, 'env': sorted(os.environ),\n"
        f"  'repo': sorted(os.listdir({str(PACKAGE.parent)!r})), 'source': os.path.exists({str(hidden)!r})}}))\n"
    )
    done = launch(code, work, hidden_paths=[str(hidden)])
    seen = json.loads(done.stdout)
    assert seen["ppid"] == 1 and max(seen["pids"]) < 10, seen  # bwrap's init and the kernel, nothing else
    assert all(r == ["alice"] for r in seen["roots"]), seen  # every /proc/<pid>/root is the sandbox's
    # The package folder only -- and the virtualenv, where it lives inside the repository (CI's .ci-venv).
    venv = Path(sys.prefix).resolve()
    inside = [venv.relative_to(PACKAGE.parent).parts[0]] if venv.is_relative_to(PACKAGE.parent) else []
    assert seen["repo"] == sorted([PACKAGE.name, *inside]), seen
    assert not seen["source"]
    assert not [v for v in seen["env"] if v.startswith("AIOCOURSE") or v == "PYTHONPATH"], seen["env"]


def test_the_package_and_the_course_root_are_read_only(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    code = (
        f"import pathlib\nfor target in [{str(PACKAGE / 'planted.py')!r}, {str(tmp_path / 'nbgrader_config.py')!r},\n"
        "               'answer.txt']:\n"
        "    try:\n        pathlib.Path(target).write_text('x'); print('wrote', target)\n"
        "    except OSError as e:\n        print('refused', e.errno)\n"
    )
    done = launch(code, work)
    lines = done.stdout.splitlines()
    assert lines[0] == "refused 30", done.stdout + done.stderr  # EROFS: the package is bound read-only
    # The course root is not there: its path, if writable at all, is the sandbox's private /tmp.
    assert lines[2] == "wrote answer.txt"  # the kernel's own folder is writable
    assert not (PACKAGE / "planted.py").exists() and not (tmp_path / "nbgrader_config.py").exists()
    assert (work / "answer.txt").read_text() == "x"


def test_a_process_in_a_new_session_dies_with_the_kernel(tmp_path):
    """Double fork, setsid, then write a marker 3 s later: the PID namespace ends with the
    kernel, so the marker never appears, whatever session the grandchild moved to."""
    marker = tmp_path / "survivor.txt"
    code = (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        time.sleep(3)\n"
        f"        open({str(marker)!r}, 'w').write(str(os.getpid()))\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\nprint('kernel exits')\n"
    )
    done = launch(code, tmp_path)
    assert done.stdout.strip() == "kernel exits", done.stdout + done.stderr
    time.sleep(4)
    assert not marker.exists()


def test_the_environment_is_an_allow_list():
    env = kernel_env({"LANG": "C.UTF-8", "AIOCOURSE_SANDBOX": "{}", "PYTHONPATH": "/repo", "LC_ALL": "C",
                      "SECRET_TOKEN": "x"})
    assert env["HOME"] == "/tmp" and env["LANG"] == "C.UTF-8" and env["LC_ALL"] == "C"
    assert not {"AIOCOURSE_SANDBOX", "PYTHONPATH", "SECRET_TOKEN"} & set(env)


def test_only_the_package_folder_of_the_repository_is_mounted(tmp_path):
    argv = bwrap_command(["true"], workdir=str(tmp_path))
    sources = {argv[i + 1] for i, a in enumerate(argv) if a in ("--bind", "--ro-bind")}
    assert str(PACKAGE) in sources and str(PACKAGE.parent) not in sources
    assert not any(s.startswith(str(PACKAGE.parent) + "/source") for s in sources)


def test_the_report_says_full():
    assert isolation_report().startswith("isolation: full (")
    assert isolation_report(SandboxLimits(bubblewrap="")).startswith("isolation: partial")


def test_a_course_without_bubblewrap_or_without_the_sandbox_kernel_is_not_full():
    from traitlets.config import Config

    from autograder.sandbox.report import FULL, course_isolation

    off = Config()
    off.SandboxLimits.bubblewrap = ""
    assert not course_isolation(off).startswith(FULL) and "bubblewrap disabled" in course_isolation(off)
    plain = Config()
    plain.Execute.kernel_name = "python3"
    assert course_isolation(plain).startswith("isolation: none")
    assert course_isolation(Config()).startswith(FULL)
