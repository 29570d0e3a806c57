"""Adversarial submissions for 04_coroutines: students (or bugs) that attack the grader.

Each case is a :class:`~submissions.Variant` built from the release notebook, so the set
follows the course, plus the message the grade must come with: a fragment expected in
the scorer's message for each test cell that must fail.  Every dangerous payload is
bounded even if the sandbox were broken: the memory hog reserves 20 GB with an untouched
``mmap`` (no page is ever touched), the fork bomb stops at 200 children that exit with
the kernel (after 120 s at most), the network probe only dials a port on 127.0.0.1 opened by the test itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from answers.ch04_coroutines import CORRECT, FULL
from submissions import Variant

CHAPTER = "04_coroutines"


@dataclass
class Case:
    variant: Variant
    messages: dict[str, str | tuple[str, ...]] = field(default_factory=dict)  # test id -> fragment(s), any of
    why: str = ""


def _zero(*tests: str) -> dict[str, float]:
    return {**FULL, **{t: 0 for t in tests}}


def _answers(**cells: str) -> dict[str, str]:
    return {**CORRECT, **cells}


NOT_DEFINED = "is not defined"

MEMORY_HOG = "import mmap\nhog = mmap.mmap(-1, 20 * 2**30)  # reserved, never touched\n"

FORK_BOMB = (  # each child lives as long as the kernel does (at most 120 s): the budget stays held
    "import os, time\n"
    "children, kernel = [], os.getpid()\n"
    "for _ in range(200):\n"
    "    pid = os.fork()\n"
    "    if pid == 0:\n"
    "        try:\n"
    "            deadline = time.monotonic() + 120\n"
    "            while os.getppid() == kernel and time.monotonic() < deadline:\n"
    "                time.sleep(0.5)\n"
    "        finally:\n"
    "            os._exit(0)\n"
    "    children.append(pid)\n"
)

PATCH_CHECKS = (
    "import autograder, autograder.checks\n"
    "for _name in ('assert_result', 'assert_loop_time', 'assert_order', 'assert_sequential'):\n"
    "    setattr(autograder, _name, lambda *a, **k: None)\n"
    "    setattr(autograder.checks, _name, lambda *a, **k: None)\n"
    "autograder.checks.assert_result.__code__ = (lambda *a, **k: None).__code__\n"
)

#: Patches deeper than the checks' names: the function every check fails through, a class
#: attribute, a lazily served name that no module has loaded yet, a module loaded late.
PATCH_INTERNALS = (
    "import autograder, autograder.checks, autograder.outcome\n"
    "autograder.checks.fail_check = lambda *a, **k: None\n"
    "autograder.checks.CheckFailed.__init__ = lambda self, *a, **k: None\n"
    "autograder.outcome.Outcome.__eq__ = lambda self, other: True\n"
    "autograder.assert_max_in_flight = lambda *a, **k: None\n"
    "import autograder.labserver.checks\n"
    "autograder.labserver.checks.assert_max_in_flight = lambda *a, **k: None\n"
)

READ_SOURCE = (
    "import json, os, pathlib, sqlite3\n"
    "stolen = None\n"
    "for folder in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]:\n"
    "    master = folder / 'source' / '04_coroutines' / '04_coroutines.ipynb'\n"
    "    try:\n"
    "        cells = json.loads(master.read_text())['cells']\n"
    "        stolen = next(''.join(c['source']) for c in cells if 'async def steep' in ''.join(c['source']))\n"
    "        break\n"
    "    except Exception:\n"
    "        pass\n"
    "    try:\n"
    "        db = sqlite3.connect(f'file:{folder / \"gradebook.db\"}?mode=ro', uri=True)\n"
    "        stolen = db.execute(\"select source from source_cell where name = 'steep'\").fetchone()[0]\n"
    "        break\n"
    "    except Exception:\n"
    "        pass\n"
    "exec(stolen)  # fails when nothing could be read\n"
)


#: Issue 21's escapes.  Each defines a correct answer only if its attack reached the host: a
#: read that returned the master, a write that landed in a file that exists on the host.
MASTER = "source/04_coroutines/04_coroutines.ipynb"
_STEAL = (
    "import json, os, pathlib\n"
    "def _steep_from(path):\n"
    "    cells = json.loads(pathlib.Path(path).read_text())['cells']\n"
    "    return next(''.join(c['source']) for c in cells if 'async def steep' in ''.join(c['source']))\n"
    "stolen = None\n"
)
PROC_PPID_ROOT = _STEAL + (  # the grader's root and cwd, seen through /proc/<parent>
    "parent = pathlib.Path(f'/proc/{os.getppid()}')\n"
    "for base in [parent / 'cwd', *(parent / 'root' / str(p).lstrip('/') for p in pathlib.Path.cwd().parents)]:\n"
    "    try:\n        stolen = _steep_from(base / '%s'); break\n    except Exception:\n        pass\n"
    "exec(stolen)\n" % MASTER
)
PROC_WALK = _STEAL + (  # every process's cwd, and its root joined with the paths in its environment
    "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
    "    bases = [f'/proc/{pid}/cwd']\n"
    "    try:\n"
    "        words = open(f'/proc/{pid}/environ', 'rb').read().decode(errors='replace').replace('\"', ' ').split()\n"
    "        bases += [f'/proc/{pid}/root' + w.split('source')[0] for w in words if w.startswith('/') and 'source' in w]\n"
    "    except OSError:\n        pass\n"
    "    for base in bases:\n"
    "        try:\n            stolen = _steep_from(os.path.join(base, '%s')); break\n        except Exception:\n            pass\n"
    "    if stolen:\n        break\n"
    "exec(stolen)\n" % MASTER
)
ENV_HIDDEN = _STEAL + (  # the hidden paths, named in the kernel's own environment
    "for value in os.environ.values():\n"
    "    for word in value.replace('\"', ' ').replace(',', ' ').replace('[', ' ').replace(']', ' ').split():\n"
    "        if word.rstrip('/').endswith('/source'):\n"
    "            for base in (word, '/proc/1/root' + word):\n"
    "                try:\n                    stolen = _steep_from(os.path.join(base, '04_coroutines', '04_coroutines.ipynb'))\n"
    "                except Exception:\n                    pass\n"
    "exec(stolen)\n"
)
PLANTED = "planted_by_student.py"
PLANT_MODULE = (  # a module in the installed package: the seal would import it in every later kernel
    "import autograder, pathlib\n"
    f"(pathlib.Path(autograder.__file__).parent / '{PLANTED}').write_text('import os\\nPLANTED = os.getpid()\\n')\n"
)
PLANTED_LINE = "# planted by a student"


def write_course_root(course_root: str) -> str:
    """Appends to the course's nbgrader_config.py (code the grader runs) found on the host:
    at its known path or through its grader's cwd.  Defines ``shout`` only if one write landed."""
    return (
        "import os\nwritten = 0\n"
        # Its own grader's cwd only, not every process's: a broken sandbox must not touch other courses.
        f"for config in [{course_root + '/nbgrader_config.py'!r}, f'/proc/{{os.getppid()}}/cwd/nbgrader_config.py']:\n"
        "    try:\n"
        "        if os.path.isfile(config):\n"
        f"            with open(config, 'a') as handle:\n                handle.write('\\n{PLANTED_LINE}\\n')\n"
        "            written += 1\n"
        "    except OSError:\n        pass\n"
        "assert written\n"
    )


SURVIVOR_TAG = "aiocourse-survivor-probe"


def setsid_survivor(marker: str) -> str:
    """A double-forked grandchild in a new session that waits for its kernel to die, then 5 s,
    then writes ``marker`` on the host; it lives 60 s at most.  Its command line carries
    :data:`SURVIVOR_TAG` so the test can look for it.  The answer is never defined."""
    child = (
        "import os, sys, time\nkernel = int(sys.argv[1]); end = time.monotonic() + 60\n"
        "while time.monotonic() < end:\n"
        "    try:\n        os.kill(kernel, 0); time.sleep(0.2)\n    except OSError:\n        break\n"
        f"time.sleep(5)\nopen({marker!r}, 'w').write(str(os.getpid()))\n"
        "time.sleep(max(0, end - time.monotonic()))\n"
    )
    return (
        "import os, sys\nkernel = os.getpid()\n"
        "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        f"        os.execv(sys.executable, [sys.executable, '-c', {child!r}, str(kernel), '{SURVIVOR_TAG}'])\n"
        "    os._exit(0)\n"
        "os.wait()\n"
    )


def read_classmate(course_root: str) -> str:
    """Looks for another student's submission -- the course's submitted/, any process's cwd, the
    scratch courses of concurrent jobs -- and runs its ``steep`` if it is a plain definition."""
    return (
        "import ast, glob, json, os\nstolen = None\nme = os.getcwd().split(os.sep)\n"
        f"patterns = [{course_root!r} + '/submitted/*/04_coroutines/*.ipynb', '/proc/[0-9]*/cwd/submitted/*/04_coroutines/*.ipynb',\n"
        "            '/tmp/aiocourse-grade-*/submitted/*/04_coroutines/*.ipynb']\n"
        "for path in [p for pattern in patterns for p in glob.glob(pattern)]:\n"
        "    if path.split(os.sep)[-3] in me:\n        continue\n"
        "    try:\n"
        "        for cell in json.load(open(path))['cells']:\n"
        "            source = ''.join(cell['source'])\n"
        "            body = ast.parse(source).body\n"
        "            if len(body) == 1 and isinstance(body[0], ast.AsyncFunctionDef) and body[0].name == 'steep':\n"
        "                stolen = source\n"
        "    except Exception:\n        pass\n"
        "    if stolen:\n        break\n"
        "exec(stolen)\n"
    )


def network_probe(port: int) -> str:
    """Defines a correct ``steep`` only if the host's 127.0.0.1:port is reachable."""
    return (
        "import socket\n"
        f"socket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n"
        + CORRECT["steep"]
    )


#: The escapes of issue 21: graded only where the kernel is fully isolated (bubblewrap), since
#: elsewhere they succeed by design (docs/grading.md, threat model).
ESCAPES = ("proc_parent_root", "proc_walk", "env_hidden_paths", "plants_a_module", "writes_course_config",
           "setsid_survivor", "reads_a_classmate")


def cases(network_port: int | None = None, course_root: str = "/nonexistent-course",
          marker: str = "/tmp/aiocourse-survivor-marker") -> dict[str, Case]:
    found = {
        "endless_loop_cell": Case(
            Variant(_answers(steep="while True:\n    pass\n" + CORRECT["steep"]), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "a top-level endless loop in an answer cell"),
        "loop_catching_interrupt": Case(
            Variant(_answers(steep="while True:\n    try:\n        while True:\n            pass\n"
                                   "    except KeyboardInterrupt:\n        pass\n" + CORRECT["steep"]),
                    _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "an endless loop that swallows KeyboardInterrupt"),
        "await_forever": Case(
            Variant(_answers(steep=CORRECT["steep"] + "await asyncio.Event().wait()\n"), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "a top-level await that never completes (ignores interrupts)"),
        "time_sleep_in_coroutine": Case(
            Variant(_answers(steep="import time\nasync def steep(seconds):\n    time.sleep(seconds)\n"
                                   "    return 'tea is ready'\n"), _zero("test_steep")),
            {"test_steep": "time.sleep"}, "time.sleep inside the coroutine"),
        "cpu_hog": Case(
            Variant(_answers(shout="total = 0\nfor i in range(10**12):\n    total += i * i\n" + CORRECT["shout"]),
                    _zero("test_shout")),
            {"test_shout": NOT_DEFINED}, "a CPU-bound computation that never ends"),
        "memory_hog": Case(
            Variant(_answers(shout=MEMORY_HOG + CORRECT["shout"]), _zero("test_shout")),
            {"test_shout": NOT_DEFINED}, "asks for 20 GB"),
        "fork_bomb": Case(
            # The bomb's children hold the whole process budget: the harness cannot start its thread,
            # and test_brew cannot start `python brew.py` -- the bomb costs the tests after it too.
            Variant(_answers(total_wait=FORK_BOMB + CORRECT["total_wait"]), _zero("test_total_wait", "test_brew")),
            {"test_total_wait": ("can't start new thread", NOT_DEFINED)}, "os.fork() in a loop"),
        "sys_exit": Case(
            Variant(_answers(shout="import sys\nsys.exit('bye')\n" + CORRECT["shout"]), _zero("test_shout")),
            {"test_shout": NOT_DEFINED}, "sys.exit() in an answer cell"),
        "os_exit": Case(
            Variant(_answers(steep="import os\nos._exit(0)\n" + CORRECT["steep"]), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "os._exit() kills the kernel"),
        "test_edited_to_pass": Case(
            Variant(_answers(shout="async def shout(word):\n    return word\n"), _zero("test_shout"),
                    edits={"test_shout": "pass"}),
            {"test_shout": "HELLO!"}, "a wrong answer whose test cell was replaced by `pass`"),
        "graded_cell_deleted": Case(
            Variant(_answers(steep="async def steep(seconds):\n    return 'cold tea'\n"), _zero("test_steep"),
                    delete=("test_steep",)),
            {}, "a wrong answer whose test cell was deleted"),
        "tracebacks_silenced": Case(
            Variant(_answers(shout="get_ipython().showtraceback = lambda *a, **k: None\n"
                                   "async def shout(word):\n    return word\n"), _zero("test_shout")),
            {"test_shout": "HELLO!"}, "showtraceback replaced so failing tests print nothing (nbgrader #1324)"),
        "checks_monkeypatched": Case(
            Variant(_answers(shout=PATCH_CHECKS + "async def shout(word):\n    return word\n"), _zero("test_shout")),
            {"test_shout": "HELLO!"}, "the harness's checks replaced by functions that always pass"),
        "harness_internals_patched": Case(
            Variant(_answers(shout=PATCH_INTERNALS + "async def shout(word):\n    return word\n"),
                    _zero("test_shout")),
            {"test_shout": "HELLO!"}, "fail_check, a class attribute, a lazy name and a late module patched"),
        "huge_output": Case(
            Variant(_answers(shout=CORRECT["shout"] + "print('x' * 10_000_000)\n"), dict(FULL)),
            {}, "prints 10 MB"),
        "reads_the_source": Case(
            Variant(_answers(steep=READ_SOURCE), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "reads the solution from source/ or the gradebook"),
    }
    found.update({
        "proc_parent_root": Case(
            Variant(_answers(steep=PROC_PPID_ROOT), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "reads the master through /proc/<parent>/root and /proc/<parent>/cwd"),
        "proc_walk": Case(
            Variant(_answers(steep=PROC_WALK), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "walks /proc/*/cwd and /proc/*/root for the master"),
        "env_hidden_paths": Case(
            Variant(_answers(steep=ENV_HIDDEN), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "reads the hidden paths from its environment, then the master"),
        "plants_a_module": Case(
            Variant(_answers(shout=PLANT_MODULE + CORRECT["shout"]), _zero("test_shout")),
            {"test_shout": NOT_DEFINED}, "writes a module into the installed autograder/ package"),
        "writes_course_config": Case(
            Variant(_answers(shout=write_course_root(course_root) + CORRECT["shout"]), _zero("test_shout")),
            {"test_shout": NOT_DEFINED}, "appends to the course root's nbgrader_config.py"),
        "setsid_survivor": Case(
            Variant(_answers(steep=setsid_survivor(marker)), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "a double-forked process in a new session that outlives grading"),
        "reads_a_classmate": Case(
            Variant(_answers(steep=read_classmate(course_root)), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "copies another student's steep from their submission"),
    })
    if network_port is not None:
        found["network_escape"] = Case(
            Variant(_answers(steep=network_probe(network_port)), _zero("test_steep")),
            {"test_steep": NOT_DEFINED}, "connects to a port the test opened on the host's 127.0.0.1")
    return found


def outcome_table(course, scores: dict[str, dict[str, float]]) -> str:
    """Markdown: each case's points (from the gradebook), what its answer cells raised, and
    the message of each failed test (from the autograded notebook)."""
    import nbformat
    from nbgrader.utils import is_solution

    from autograder.grading.score import score_notebook

    rows = ["| case | points | answer cells raised | failed tests: message |", "|---|---|---|---|"]
    for name, grades in scores.items():
        path = course / "autograded" / name / CHAPTER / f"{CHAPTER}.ipynb"
        nb = nbformat.read(path, as_version=4)
        raised = "; ".join(
            f"{o.ename}: {o.evalue.splitlines()[0][:70] if o.evalue else ''}"
            for c in nb.cells if c.cell_type == "code" and is_solution(c)
            for o in c.outputs if o.output_type == "error"
        )
        failed = "; ".join(f"{r.grade_id}: {r.message.splitlines()[0][:80] if r.message else '(no output)'}"
                           for r in score_notebook(nb) if not r.passed)
        missing = [g for g in grades if g not in {r.grade_id for r in score_notebook(nb)}]
        failed += "".join(f"; {g}: cell deleted, restored by nothing, 0 points" for g in missing)
        total = sum(v or 0 for v in grades.values())
        rows.append(f"| {name} | {total:g}/{sum(FULL.values()):g} | {raised or '-'} | {failed.strip('; ') or 'all passed'} |")
    return "\n".join(rows)
