"""The classroom round trip, scripted: ``python classroom/walkthrough.py --state STATE``.

With the hub of ``classroom/hub.py start`` running, this drives it as the README's
walk-through says, through the hub's REST API only:

1. the ``classroom`` service's token starts every user's server
   (``POST /hub/api/users/NAME/server``, then ``GET /hub/api/users/NAME`` until ready);
2. each command runs **as that user, in that user's own server**: a kernel is started there
   (``POST /user/NAME/api/kernels``) and a short Python snippet is executed over the
   kernel's websocket (``/user/NAME/api/kernels/ID/channels``, Jupyter's JSON messages); the
   snippet runs the command with ``subprocess`` and prints its exit status and output as
   JSON.  This is what a user typing in a JupyterLab terminal does, with the same uid, home,
   ``JUPYTER_CONFIG_PATH`` and environment, and it needs nothing but the hub's token;
3. a student's answers are saved with the server's contents API
   (``PUT /user/NAME/api/contents/PATH``), as JupyterLab saves a notebook.

The steps: the instructor generates and releases ``04_coroutines``; students list and fetch
it, answer and submit (student 1 twice: the latest counts); the instructor sets a deadline,
after which student 3 submits (late: the course's ``penalty_method``); the instructor
collects, grades with ``aiocourse grade`` (feedback and ``grades.csv`` included) and releases
feedback; students fetch their feedback and probe what else they can read.  A student in the
gradebook who never submitted (``--absent``) shows as 0 in ``grades.csv``.

``walk()`` returns what everyone saw (each command's output, the feedback, the probes,
the grades); ``tests/test_classroom.py`` runs it and checks all of that.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

CHAPTER = "04_coroutines"
NOTEBOOK = f"{CHAPTER}/{CHAPTER}.ipynb"

class CommandFailed(RuntimeError):
    pass


@dataclass
class Seen:
    """What one user saw: every command with its output, in order."""

    user: str
    log: list[tuple[str, int, str, float]] = field(default_factory=list)

    def add(self, command: str, status: int, output: str, seconds: float) -> None:
        self.log.append((command, status, output, seconds))

    def text(self) -> str:
        return "\n".join(f"$ {c}\n[exit {s}, {t:.1f} s]\n{o.rstrip()}" for c, s, o, t in self.log)


class Hub:
    """The hub's REST API with the ``classroom`` service token; every call is bounded."""

    def __init__(self, settings: dict, step_timeout: float = 120) -> None:
        self.url = f"http://127.0.0.1:{settings['port']}"
        self.token = settings["api_token"]
        self.timeout = step_timeout
        self.kernels: dict[str, str] = {}

    # --- HTTP ------------------------------------------------------------------------
    def request(self, method: str, path: str, body=None, timeout: float = 30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as reply:
                text = reply.read().decode()
                if "json" in reply.headers.get("Content-Type", ""):
                    return reply.status, (json.loads(text) if text.strip() else None)
                return reply.status, text
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def wait_up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, _ = self.request("GET", "/hub/api/", timeout=5)
                if status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the hub did not answer on {self.url} within {timeout} s")
            time.sleep(0.5)

    def start_server(self, user: str) -> None:
        status, body = self.request("POST", f"/hub/api/users/{user}/server")
        if status not in (201, 202, 400):  # 400: already running
            raise CommandFailed(f"starting {user}'s server: {status} {body}")

    def wait_ready(self, user: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout * 2)
        while True:
            status, body = self.request("GET", f"/hub/api/users/{user}")
            server = (body or {}).get("servers", {}).get("", {}) if status == 200 else {}
            if server.get("ready"):
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{user}'s server was not ready within the deadline: {status} {body}")
            time.sleep(0.5)

    def stop_server(self, user: str) -> None:
        self.request("DELETE", f"/hub/api/users/{user}/server", timeout=60)

    # --- a user's own server -------------------------------------------------------------
    def contents(self, user: str, path: str):
        status, body = self.request("GET", f"/user/{user}/api/contents/{path}?content=1")
        if status != 200:
            raise CommandFailed(f"GET {path} as {user}: {status} {body}")
        return body

    def save_notebook(self, user: str, path: str, notebook: dict) -> None:
        status, body = self.request("PUT", f"/user/{user}/api/contents/{path}",
                                    {"type": "notebook", "format": "json", "content": notebook})
        if status not in (200, 201):
            raise CommandFailed(f"PUT {path} as {user}: {status} {body}")

    def _kernel(self, user: str) -> str:
        """One kernel per user, started once in their server."""
        if user not in self.kernels:
            status, body = self.request("POST", f"/user/{user}/api/kernels", {"name": "python3"})
            if status not in (200, 201):
                raise CommandFailed(f"starting a kernel for {user}: {status} {body}")
            self.kernels[user] = body["id"]
        return self.kernels[user]

    def python(self, user: str, code: str, timeout: float | None = None) -> str:
        """Run ``code`` in ``user``'s kernel; its printed output (raises on an error).

        A websocket per call (an idle one may be closed by the server between two steps)."""
        import websocket  # websocket-client, a jupyter_server dependency

        limit = timeout or self.timeout
        ws_url = self.url.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{self._kernel(user)}/channels"
        sock = websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"], timeout=limit)
        try:
            return self._execute(sock, user, code, limit)
        finally:
            sock.close()

    @staticmethod
    def _execute(sock, user: str, code: str, limit: float) -> str:
        msg_id = uuid.uuid4().hex
        sock.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "classroom", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3",
                       "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out, error = [], None
        deadline = time.monotonic() + limit
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{user}'s kernel did not finish within {limit:g} s")
            sock.settimeout(left)
            try:
                frame = sock.recv()
            except Exception as exc:  # a timeout, or the server closed the socket
                raise CommandFailed(f"{user}'s kernel: no reply ({type(exc).__name__}: {exc})") from exc
            try:
                message = json.loads(frame)
            except (TypeError, ValueError):
                continue  # not a JSON message (a control or binary frame)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                out.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle" and message["channel"] == "iopub":
                break
        if error:
            raise CommandFailed(f"as {user}: {error}\n{''.join(out)}")
        return "".join(out)

    def sh(self, user: str, argv: list[str], cwd: str = "~", timeout: float | None = None) -> tuple[int, str]:
        """Run a command as ``user`` in their server (their home by default): (status, output)."""
        limit = timeout or self.timeout
        code = (
            "import json, os, subprocess\n"
            f"_r = subprocess.run({argv!r}, cwd=os.path.expanduser({cwd!r}), capture_output=True, "
            f"text=True, timeout={limit - 5})\n"
            "print(json.dumps([_r.returncode, _r.stdout + _r.stderr]))\n"
        )
        status, output = json.loads(self.python(user, code, timeout=limit).strip().splitlines()[-1])
        return status, output

    def close(self) -> None:
        for user, kernel in list(self.kernels.items()):
            try:
                self.request("DELETE", f"/user/{user}/api/kernels/{kernel}", timeout=10)
            except OSError:
                pass
        self.kernels.clear()


def fill(notebook: dict, answers: dict[str, str]) -> dict:
    """The fetched notebook with the answer cells (by nbgrader grade id) replaced."""
    for cell in notebook["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    return notebook


PROBE = """
import json, os
found = {}
for label, path in %r.items():
    try:
        os.listdir(path) if os.path.isdir(path) else open(path, 'rb').read(1)
        found[label] = 'readable'
    except PermissionError:
        found[label] = 'permission denied'
    except FileNotFoundError:
        found[label] = 'not found'
print(json.dumps(found))
"""


def walk(settings: dict, hub: Hub, submissions: dict[str, list[dict[str, str]]], late: str | None = None,
         absent: str | None = None, say=print) -> dict:
    """The round trip.  ``submissions``: per student, the answers of each submission in order;
    ``late`` submits after the deadline; ``absent`` is in the gradebook and never submits."""
    instructor, course = settings["instructor"], settings["course"]
    students = list(submissions)
    seen = {user: Seen(user) for user in [instructor, *students]}

    def run(user: str, *argv: str, cwd: str = "~", ok: bool = True) -> str:
        begun = time.monotonic()
        status, output = hub.sh(user, list(argv), cwd=cwd)
        seconds = time.monotonic() - begun
        seen[user].add(" ".join(argv), status, output, seconds)
        say(f"[{user}] $ {' '.join(argv)}  -> exit {status} ({seconds:.1f} s)")
        if ok and status != 0:
            raise CommandFailed(f"{user}: {' '.join(argv)} exited {status}:\n{output}")
        return output

    def together(step, users: list[str]) -> None:
        """``step(user)`` for every user at once (each in their own server); the first error raised."""
        with ThreadPoolExecutor(max_workers=len(users)) as pool:
            for future in [pool.submit(step, user) for user in users]:
                future.result()

    started = time.monotonic()
    for user in [instructor, *students]:
        hub.start_server(user)
    for user in [instructor, *students]:
        hub.wait_ready(user)
    say(f"servers ready in {time.monotonic() - started:.1f} s")

    # The instructor: the student version, the class list, the release.
    run(instructor, "nbgrader", "generate_assignment", CHAPTER, "--force", cwd=course)
    roster = "id\n" + "".join(f"{s}\n" for s in [*students, *([absent] if absent else [])])
    hub.python(instructor, f"open({course + '/students.csv'!r}, 'w').write({roster!r})")
    run(instructor, "nbgrader", "db", "student", "import", "students.csv", cwd=course)
    run(instructor, "nbgrader", "release_assignment", CHAPTER, "--force", cwd=course)

    # Students: list, fetch (each in their own server, at the same time), answer, submit.
    run(students[0], "nbgrader", "list")
    together(lambda student: run(student, "nbgrader", "fetch_assignment", CHAPTER), students)
    on_time = [s for s in students if s != late]
    rounds = max(len(submissions[s]) for s in on_time)
    for index in range(rounds):
        for student in on_time:
            if index < len(submissions[student]):
                notebook = hub.contents(student, NOTEBOOK)["content"]
                hub.save_notebook(student, NOTEBOOK, fill(notebook, submissions[student][index]))
                run(student, "nbgrader", "submit", CHAPTER)
                time.sleep(1.1)  # nbgrader's timestamps have whole-second folders in the cache
    # The deadline passes; the late student submits after it.
    deadline = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    run(instructor, "nbgrader", "db", "assignment", "add", CHAPTER,
        f"--duedate={deadline.strftime('%Y-%m-%d %H:%M:%S')} UTC", cwd=course)
    if late:
        time.sleep(1.5)
        for answers in submissions[late]:
            notebook = hub.contents(late, NOTEBOOK)["content"]
            hub.save_notebook(late, NOTEBOOK, fill(notebook, answers))
            run(late, "nbgrader", "submit", CHAPTER)
    run(students[0], "nbgrader", "list", "--inbound")

    # The instructor: collect, grade (feedback and grades.csv), release feedback.
    run(instructor, "nbgrader", "collect", CHAPTER, cwd=course)
    run(instructor, "aiocourse", "grade", CHAPTER, "--workers", "2", "--quiet", cwd=course)
    run(instructor, "nbgrader", "release_feedback", CHAPTER, cwd=course)
    grades = list(csv.DictReader(io.StringIO(hub.python(
        instructor, f"print(open({course + '/grades.csv'!r}).read())"))))

    # Students: their feedback, and what else they can read.
    exchange = settings["exchange"]
    feedback, probes = {}, {}
    homes = {s: hub.python(s, "import os; print(os.path.expanduser('~'))").strip() for s in students}

    def collect_feedback(student: str) -> None:
        run(student, "nbgrader", "fetch_feedback", CHAPTER)
        files = json.loads(hub.python(student, (
            "import glob, json, os\n"
            f"print(json.dumps(sorted(glob.glob(os.path.expanduser('~/{CHAPTER}/feedback/*/*.html')))))\n")))
        feedback[student] = {path: hub.python(student, f"print(open({path!r}).read())") for path in files}
        others = [s for s in students if s != student]
        targets = {
            "another student's home": homes[others[0]] if others else "/nonexistent",
            "the instructor's home": str(Path(course).parent),
            "the instructor's source/": f"{course}/source/{CHAPTER}/{CHAPTER}.ipynb",
            "the gradebook": f"{course}/gradebook.db",
            "the exchange's inbound (listing)": f"{exchange}/aiocourse/inbound",
            "the exchange's feedback (listing)": f"{exchange}/aiocourse/feedback",
            "the released assignment": f"{exchange}/aiocourse/outbound/{CHAPTER}/{CHAPTER}.ipynb",
        }
        probes[student] = json.loads(hub.python(student, PROBE % targets).strip())
        say(f"[{student}] can read: {probes[student]}")

    together(collect_feedback, students)
    return {"seen": seen, "grades": grades, "feedback": feedback, "probes": probes, "deadline": deadline}


def main(argv: list[str] | None = None) -> int:
    import sys

    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here), str(here.parent / "tests")]
    from hub import DEFAULT_STATE, load_state
    from submissions import variants  # the course's sample answers (tests/answers/ch04_coroutines.py)

    right, wrong = variants(CHAPTER)["correct"].answers, variants(CHAPTER)["missing_await"].answers

    parser = argparse.ArgumentParser(description="the classroom round trip on a running hub (a fresh set-up)")
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE)
    parser.add_argument("--absent", default=None, help="a student to put in the gradebook who never submits")
    args = parser.parse_args(argv)
    settings = load_state(args.state)
    students = settings["students"]
    # The first student submits a wrong answer, then a right one (the latest counts); the second
    # a wrong one; a third, if any, a right one after the deadline; the others a right one.
    plan = {s: [right] for s in students}
    plan[students[0]] = [wrong, right]
    if len(students) > 1:
        plan[students[1]] = [wrong]
    late = students[2] if len(students) > 2 else None
    hub = Hub(settings)
    try:
        hub.wait_up()
        result = walk(settings, hub, plan, late=late, absent=args.absent)
    finally:
        hub.close()
    for user, seen in result["seen"].items():
        print(f"\n===== {user} =====\n{seen.text()}")
    print("\n===== grades.csv =====")
    for row in result["grades"]:
        print(f"{row['student_id']}: {row['score']}/{row['max_score']} (late penalty {row['late_submission_penalty']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
