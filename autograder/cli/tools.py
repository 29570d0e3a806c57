"""``aiocourse tools student|instructor``: which of nbgrader's JupyterLab tools are switched on.

nbgrader installs every tool for everyone: a student would see the Nbgrader menu, "Create
Assignment", the formgrader and an "Assignment List" that errors without an exchange.  The
student setting keeps only *Validate* (check a notebook before handing it in); the
instructor setting switches everything back on.  The plugins are switched with ``jupyter
labextension disable``; nbgrader's server parts in the same config folder's
``jupyter_server_config.json`` (``ServerApp.jpserver_extensions``, which wins over the
``jupyter_server_config.d`` file nbgrader installs; ``jupyter server extension disable``
refuses a level where the extension was not first enabled).  The environment's level is
the default, so Binder's
``postBuild`` runs ``aiocourse tools student`` once and an instructor runs
``aiocourse tools instructor`` on their own machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from ..course import tool_env

#: JupyterLab plugins and server extensions only an instructor needs.
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:menu", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:assignment-list",
                      "@jupyter/nbgrader:course-list")
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                                "nbgrader.server_extensions.assignment_list",
                                "nbgrader.server_extensions.course_list")
STUDENT_PLUGINS = ("@jupyter/nbgrader:validate-assignment",)
STUDENT_SERVER_EXTENSIONS = ("nbgrader.server_extensions.validate_assignment",)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("tools", help="switch nbgrader's JupyterLab tools to the student or instructor set")
    parser.add_argument("role", choices=("student", "instructor"))
    parser.add_argument("--level", choices=("sys-prefix", "user"), default="sys-prefix",
                        help="where the setting is written (default: this environment, which in a "
                             "virtualenv also wins over the user's own setting)")
    parser.set_defaults(run=run)


def lab_commands(role: str, level: str) -> list[list[str]]:
    """The ``jupyter labextension`` commands that give ``role`` its JupyterLab plugins."""
    off = "disable" if role == "student" else "enable"
    jupyter = [sys.executable, "-m", "jupyter", "labextension"]
    lab_level = level.replace("-", "_")  # jupyter labextension spells it sys_prefix
    return [[*jupyter, off, f"--level={lab_level}", *INSTRUCTOR_PLUGINS],
            [*jupyter, "enable", f"--level={lab_level}", *STUDENT_PLUGINS]]


def config_dir(level: str) -> str:
    from jupyter_core.paths import ENV_CONFIG_PATH, jupyter_config_dir

    return jupyter_config_dir() if level == "user" else ENV_CONFIG_PATH[0]


def set_server_extensions(role: str, directory: str) -> None:
    """``ServerApp.jpserver_extensions`` in ``directory``'s ``jupyter_server_config.json``."""
    from jupyter_server.config_manager import BaseJSONConfigManager

    wanted = {name: role == "instructor" for name in INSTRUCTOR_SERVER_EXTENSIONS}
    wanted.update({name: True for name in STUDENT_SERVER_EXTENSIONS})
    BaseJSONConfigManager(config_dir=directory).update(
        "jupyter_server_config", {"ServerApp": {"jpserver_extensions": wanted}})


def run(args: argparse.Namespace) -> int:
    for command in lab_commands(args.role, args.level):
        done = subprocess.run(command, capture_output=True, text=True, env=tool_env())
        if done.returncode != 0:
            print(f"aiocourse tools: `{' '.join(command[2:])}` failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
            return 1
    try:
        set_server_extensions(args.role, config_dir(args.level))
    except OSError as error:
        print(f"aiocourse tools: cannot write the server's config in {config_dir(args.level)}: {error}", file=sys.stderr)
        return 1
    shown = "Validate only" if args.role == "student" else "every nbgrader tool"
    print(f"nbgrader in JupyterLab: {shown} ({args.level}); restart JupyterLab to see it")
    return 0
