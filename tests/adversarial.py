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


def network_probe(port: int) -> str:
    """Defines a correct ``steep`` only if the host's 127.0.0.1:port is reachable."""
    return (
        "import socket\n"
        f"socket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n"
        + CORRECT["steep"]
    )


def cases(network_port: int | None = None) -> dict[str, Case]:
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
