"""``aiocourse tools student|instructor``: nbgrader's instructor tools off for students, back on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from autograder.cli.tools import INSTRUCTOR_PLUGINS, lab_commands, set_server_extensions


def test_student_plugins_are_switched_off_and_back_on(tmp_path):
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path)}  # the user level, in a scratch folder

    def tools(role: str) -> dict[str, bool]:
        done = subprocess.run([sys.executable, "-m", "autograder", "tools", role, "--level", "user"],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return json.loads((tmp_path / "labconfig" / "page_config.json").read_text())["disabledExtensions"]

    off = tools("student")
    assert {name for name, disabled in off.items() if disabled} == set(INSTRUCTOR_PLUGINS)
    assert not off.get("@jupyter/nbgrader:validate-assignment")
    back = tools("instructor")
    assert not any(back.get(name) for name in INSTRUCTOR_PLUGINS)


def test_server_extensions_follow_the_role_over_nbgraders_own_setting(tmp_path):
    """nbgrader enables its server parts in ``jupyter_server_config.d``; the role's setting, in the
    same folder's ``jupyter_server_config.json``, is what the server reads."""
    from jupyter_server.extension.config import ExtensionConfigManager

    (tmp_path / "jupyter_server_config.d").mkdir()
    (tmp_path / "jupyter_server_config.d" / "nbgrader.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {"nbgrader.server_extensions.formgrader": True}}}))
    set_server_extensions("student", str(tmp_path))
    read = ExtensionConfigManager(read_config_path=[str(tmp_path)]).get_jpserver_extensions()
    assert read["nbgrader.server_extensions.formgrader"] is False
    assert read["nbgrader.server_extensions.validate_assignment"] is True
    set_server_extensions("instructor", str(tmp_path))
    assert ExtensionConfigManager(read_config_path=[str(tmp_path)]).get_jpserver_extensions()[
        "nbgrader.server_extensions.formgrader"] is True


def test_the_default_level_is_spelled_as_jupyter_labextension_wants_it():
    """Binder's postBuild uses the default level; ``--level=sys-prefix`` made JupyterLab 4.6 fail
    ("'sys-prefix' is not in list").  tests/test_binder_environment.py runs the real thing."""
    for command in lab_commands("student", "sys-prefix"):
        assert "--level=sys_prefix" in command
    assert "--level=user" in lab_commands("instructor", "user")[0]
