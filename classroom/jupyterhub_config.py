"""JupyterHub for the aiocourse classroom: ``jupyterhub -f classroom/jupyterhub_config.py``.

Reads ``$CLASSROOM_STATE/classroom.json`` (written by ``python classroom/hub.py setup``):

* the hub and its proxy (``configurable-http-proxy``, npm) on 127.0.0.1 only;
* ``SharedPasswordAuthenticator``: the instructor and the students listed, nobody else;
  nobody is a hub admin;
* ``LocalProcessSpawner``: each user's JupyterLab runs as that system user, in their home,
  with the course's Python (the ``bin`` folder of the Python that ran ``setup``);
* the role's Jupyter config folder first on ``JUPYTER_CONFIG_PATH``: course id, exchange,
  and nbgrader's tools -- formgrader, create assignment and course list for the instructor,
  assignment list and validate for students;
* one service, ``classroom``, whose token may start and stop servers and use them
  (``admin:servers``, ``access:servers``): what the walk-through and the test drive the
  hub with.
"""

import json
import os
from pathlib import Path

c = get_config()  # noqa: F821

STATE = Path(os.environ["CLASSROOM_STATE"])
S = json.loads((STATE / "classroom.json").read_text())
BIN = Path(S["bin"])

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = S["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = S["hub_port"]
c.JupyterHub.db_url = f"sqlite:///{S['hub_dir']}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{S['hub_dir']}/jupyterhub_cookie_secret"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [S["proxy"] or "configurable-http-proxy"]
c.ConfigurableHTTPProxy.pid_file = f"{S['hub_dir']}/proxy.pid"
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every user's server

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = S["password"]
c.Authenticator.allowed_users = {S["instructor"], *S["students"]}
c.Authenticator.admin_users = set()

c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120  # two busy cores: a server can take a while
c.Spawner.http_timeout = 120
c.Spawner.environment = {"PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin"}


def role_of(name: str) -> str:
    return "instructor" if name == S["instructor"] else "student"


def pre_spawn_hook(spawner):
    role = role_of(spawner.user.name)
    spawner.environment["JUPYTER_CONFIG_PATH"] = os.path.join(S["roles"], role)
    spawner.environment["AIOCOURSE_ROLE"] = role


c.Spawner.pre_spawn_hook = pre_spawn_hook

c.JupyterHub.services = [{"name": "classroom", "api_token": S["api_token"]}]
c.JupyterHub.load_roles = [{
    "name": "classroom-driver",
    "description": "start users' servers and run commands in them (walk-through, tests)",
    "scopes": ["list:users", "read:users", "admin:servers", "access:servers"],
    "services": ["classroom"],
}]
