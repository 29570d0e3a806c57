"""The course on a JupyterHub: set it up, start it, take it down.

``python classroom/hub.py setup``   (as root) creates the OS users (``--create-users``), the
                                     nbgrader exchange, the per-role Jupyter config, and the
                                     instructor's course; writes ``STATE/classroom.json``
``python classroom/hub.py start``   runs JupyterHub on 127.0.0.1 with ``jupyterhub_config.py``
``python classroom/hub.py teardown`` (as root) removes the users it created (``userdel -r``)

Everything lives in one state folder (``--state``, default ``/srv/aiocourse``):

```
STATE/classroom.json         ports, users, paths, tokens (read by jupyterhub_config.py)
STATE/exchange/              nbgrader's exchange, 1777 (nbgrader makes aiocourse/inbound 2733,
                             outbound 755, feedback 711 itself)
STATE/roles/instructor/      JUPYTER_CONFIG_PATH of the instructor's server: nbgrader_config.py
STATE/roles/student/         (course id, exchange, the instructor's course root), which nbgrader
                             server extensions and JupyterLab plugins are on
STATE/hub/                   JupyterHub's database and cookie secret (0700, root)
HOME/<instructor>/aiocourse/ the instructor's course: source/, nbgrader_config.py, gradebook.db
```

The module has no third-party imports, so ``setup`` and ``teardown`` run with any Python 3;
``start`` needs the course's virtual environment (JupyterHub is in the ``dev`` extra) and
``configurable-http-proxy`` (``npm install --prefix classroom``).
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
COURSE_ID = "aiocourse"
STATE_FILE = "classroom.json"
DEFAULT_STATE = Path("/srv/aiocourse")

# nbgrader's tools per role (the same plugin names as ``aiocourse tools``).
INSTRUCTOR_ONLY_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                           "@jupyter/nbgrader:course-list")
STUDENT_PLUGINS = ("@jupyter/nbgrader:menu", "@jupyter/nbgrader:assignment-list",
                   "@jupyter/nbgrader:validate-assignment")
INSTRUCTOR_ONLY_SERVER = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
STUDENT_SERVER = ("nbgrader.server_extensions.assignment_list",
                  "nbgrader.server_extensions.validate_assignment")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command() -> str | None:
    """``configurable-http-proxy``: the one ``npm install --prefix classroom`` put here, else PATH."""
    local = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def load_state(state: Path) -> dict:
    return json.loads((Path(state) / STATE_FILE).read_text())


# --- OS users --------------------------------------------------------------------------
def create_user(name: str, homes: Path) -> None:
    """A system user with a private home under ``homes`` (0700: nobody else reads it)."""
    subprocess.run(["useradd", "--create-home", "--home-dir", str(homes / name), "--shell", "/bin/bash",
                    "--user-group", name], check=True, capture_output=True, text=True, timeout=60)
    os.chmod(homes / name, 0o700)


def processes_of(name: str) -> list[int]:
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def remove_user(name: str) -> None:
    """Stop what still runs as ``name`` (its own processes, by id), then ``userdel -r``."""
    import signal
    import time

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in processes_of(name):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 5
        while processes_of(name) and time.monotonic() < deadline:
            time.sleep(0.1)
    subprocess.run(["userdel", "--remove", name], capture_output=True, text=True, timeout=60)
    subprocess.run(["groupdel", name], capture_output=True, text=True, timeout=60)  # if left behind


# --- configuration files ---------------------------------------------------------------
def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, mode)


def role_config(folder: Path, role: str, exchange: Path, course_root: Path) -> None:
    """A Jupyter config folder for a role: nbgrader's course id and exchange, and its tools.

    The spawner puts it first on the server's ``JUPYTER_CONFIG_PATH``, so it wins over the
    environment's own setting (``aiocourse tools``), for the server, its kernels, and every
    ``nbgrader`` command run there."""
    instructor = role == "instructor"
    lines = [
        f"# {role}s of the aiocourse classroom (written by classroom/hub.py setup)",
        "c = get_config()  # noqa: F821",
        f"c.CourseDirectory.course_id = {COURSE_ID!r}",
        f"c.Exchange.root = {str(exchange)!r}",
    ]
    if instructor:  # nbgrader's JupyterHub layout: the formgrader finds the course here
        lines.append(f"c.CourseDirectory.root = {str(course_root)!r}")
    _write(folder / "nbgrader_config.py", "\n".join(lines) + "\n")
    server = {name: instructor for name in INSTRUCTOR_ONLY_SERVER}
    server.update({name: True for name in STUDENT_SERVER})
    _write(folder / "jupyter_server_config.json",
           json.dumps({"ServerApp": {"jpserver_extensions": server}}, indent=2) + "\n")
    disabled = {name: not instructor for name in INSTRUCTOR_ONLY_PLUGINS}
    disabled.update({name: False for name in STUDENT_PLUGINS})
    _write(folder / "labconfig" / "page_config.json", json.dumps({"disabledExtensions": disabled}, indent=2) + "\n")


def course_config(exchange: Path, late_penalty: str) -> str:
    """The instructor's course's ``nbgrader_config.py``: the repository's, then the classroom's
    exchange (the repository's points inside the course, for a single machine) and late rule."""
    return (
        '"""aiocourse on a JupyterHub (written by classroom/hub.py setup): the course\'s own\n'
        'settings, then what the classroom changes."""\n'
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(REPO / 'nbgrader_config.py')!r})  # noqa: F821 -- sandbox, timeouts, feedback\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.LateSubmissionPlugin.penalty_method = {late_penalty!r}  # 'zero': a late submission scores 0\n"
    )


def grading_kernel_for_everyone() -> None:
    """The ``aiocourse-grader`` kernel spec, installed and readable by every user.

    ``autograder.sandbox.install_kernelspec`` copies it from a ``mkdtemp`` folder, so its
    folder is 0700: in a root-owned environment an instructor's ``nbgrader autograde`` would
    not see it, and would try (and fail) to reinstall it."""
    subprocess.run([sys.executable, "-c", "from autograder.sandbox import ensure_kernelspec; ensure_kernelspec()"],
                   check=True, capture_output=True, text=True, timeout=120, cwd=REPO)
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / "aiocourse-grader"
    os.chmod(spec, 0o755)
    os.chmod(spec / "kernel.json", 0o644)


def setup(state: Path, instructor: str, students: list[str], *, create_users: bool, homes: Path,
          port: int = 0, late_penalty: str = "zero") -> dict:
    """Everything the hub needs; returns (and writes) the state it starts from."""
    state = Path(state).resolve()
    state.mkdir(parents=True, exist_ok=True)
    os.chmod(state, 0o755)  # users traverse it to reach their role config and the exchange
    if create_users:
        homes.mkdir(parents=True, exist_ok=True)
        os.chmod(homes, 0o755)
        for name in [instructor, *students]:
            create_user(name, homes)
    home = Path(pwd.getpwnam(instructor).pw_dir)
    course = home / COURSE_ID
    exchange = state / "exchange"
    exchange.mkdir(exist_ok=True)
    os.chmod(exchange, 0o1777)  # nbgrader: writable by everyone; sticky, as /tmp
    for role in ("instructor", "student"):
        role_config(state / "roles" / role, role, exchange, course)
    # The instructor's course: the masters and the configuration, owned by the instructor.
    shutil.copytree(REPO / "source", course / "source", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    _write(course / "nbgrader_config.py", course_config(exchange, late_penalty))
    user = pwd.getpwnam(instructor)
    for folder, _, files in os.walk(course):
        os.chown(folder, user.pw_uid, user.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), user.pw_uid, user.pw_gid)
    grading_kernel_for_everyone()
    (state / "hub").mkdir(exist_ok=True)
    os.chmod(state / "hub", 0o700)
    settings = {
        "port": port or free_port(),
        "hub_port": free_port(),
        "proxy_api_port": free_port(),
        "instructor": instructor,
        "students": students,
        "course": str(course),
        "exchange": str(exchange),
        "roles": str(state / "roles"),
        "hub_dir": str(state / "hub"),
        "bin": str(Path(sys.executable).parent),
        "proxy": proxy_command(),
        "password": secrets.token_urlsafe(12),
        "api_token": secrets.token_hex(32),
        "created_users": create_users,
    }
    _write(state / STATE_FILE, json.dumps(settings, indent=2) + "\n", mode=0o600)
    return settings


def teardown(state: Path) -> None:
    settings = load_state(state)
    if settings.get("created_users"):
        for name in [settings["instructor"], *settings["students"]]:
            remove_user(name)


def hidden_folders(paths: list[Path]) -> dict[Path, set[str]]:
    """Folders on the way to ``paths`` that other users cannot traverse (no ``o+x``), each with
    the names below it that lead to one of ``paths``."""
    hidden: dict[Path, set[str]] = {}
    for path in paths:
        path = Path(path).absolute()
        for parent, child in zip(reversed(path.parents), [*reversed(path.parents)][1:] + [path]):
            if not os.stat(parent).st_mode & 0o001:
                hidden.setdefault(parent, set()).add(child.name)
    return hidden


def expose_script(hidden: dict[Path, set[str]], scratch: Path) -> str:
    """Shell lines, for a private mount namespace, that make each hidden folder traversable by
    covering it with an empty tmpfs (0755) into which only the needed entries are bind-mounted
    back.  Nothing outside the namespace changes."""
    lines = ["set -e"]
    for number, (folder, children) in enumerate(sorted(hidden.items(), key=lambda kv: len(kv[0].parts))):
        original = scratch / f"original{number}"
        lines += [f"mkdir -p '{original}'", f"mount --bind '{folder}' '{original}'",
                  f"mount -t tmpfs -o mode=0755 tmpfs '{folder}'"]
        for child in sorted(children):
            maker = "mkdir -p" if (folder / child).is_dir() else "touch"
            lines += [f"{maker} '{folder / child}'", f"mount --bind '{original / child}' '{folder / child}'"]
    return "\n".join(lines)


def hub_command(state: Path) -> tuple[list[str], dict[str, str]]:
    """The command and environment that start JupyterHub for ``state`` (run it in ``STATE/hub``).

    The users' servers run the course's Python and read the repository.  Where one of them
    sits in a folder other users cannot enter (a pyenv under ``/root``, a checkout in a private
    home), the hub -- and so every server it spawns -- runs in a private mount namespace in
    which those folders are traversable (:func:`expose_script`); a real deployment installs
    Python and the course where users can read them, and needs none of this."""
    settings = load_state(state)
    command = [str(Path(settings["bin"]) / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")]
    hidden = hidden_folders([Path(sys.base_prefix), Path(sys.prefix), Path(settings["bin"]), REPO])
    if hidden and os.geteuid() == 0:
        script = expose_script(hidden, Path(settings["hub_dir"]) / "mnt")
        command = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                   script + '\nexec "$@"', "classroom-hub", *command]
    env = dict(os.environ, CLASSROOM_STATE=str(Path(state).resolve()),
               PATH=os.pathsep.join([settings["bin"], os.environ.get("PATH", "/usr/bin:/bin")]))
    return command, env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    one = sub.add_parser("setup", help="users, exchange, role configs, the instructor's course")
    one.add_argument("--state", type=Path, default=DEFAULT_STATE)
    one.add_argument("--instructor", default="instructor")
    one.add_argument("--students", default="student1,student2", help="comma-separated user names")
    one.add_argument("--create-users", action="store_true", help="create them as system users (root)")
    one.add_argument("--homes", type=Path, default=Path("/home"), help="where --create-users puts homes")
    one.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (0: a free one)")
    one.add_argument("--late-penalty", choices=("none", "zero"), default="zero")
    two = sub.add_parser("start", help="run JupyterHub on 127.0.0.1 (Ctrl-C stops it and every server)")
    two.add_argument("--state", type=Path, default=DEFAULT_STATE)
    three = sub.add_parser("teardown", help="remove the users that setup created")
    three.add_argument("--state", type=Path, default=DEFAULT_STATE)
    args = parser.parse_args(argv)
    if args.step == "setup":
        settings = setup(args.state, args.instructor, [s for s in args.students.split(",") if s],
                         create_users=args.create_users, homes=args.homes, port=args.port,
                         late_penalty=args.late_penalty)
        print(f"classroom ready in {args.state}: hub at http://127.0.0.1:{settings['port']}/, "
              f"shared password in {args.state / STATE_FILE}")
        if not settings["proxy"]:
            print("configurable-http-proxy not found: npm install --prefix classroom", file=sys.stderr)
            return 1
        return 0
    if args.step == "start":
        command, env = hub_command(args.state)
        os.chdir(load_state(args.state)["hub_dir"])
        os.execvpe(command[0], command, env)
    teardown(args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
