"""Chapter 02's helper module: functions that a child process can import.

A child process started with ``spawn`` or ``forkserver`` begins with a fresh interpreter:
it receives the *name* of the function to run (``ch02_work.report_pid``), imports this
module, and looks the name up. A function defined in a notebook cell lives in the
kernel's ``__main__``, which the child cannot import -- so every function handed to a
``multiprocessing.Process`` in this chapter is defined here.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time

#: Where the grader collects its evidence. A test creates ``EVIDENCE_ROOT/<kernel's pid>``
#: for one call of your function; ``report_pid`` and ``pid`` then note there which process
#: (and thread) ran them, and the test compares your ids with these notes. Outside a test
#: the folder does not exist and nothing is noted.
EVIDENCE_ROOT = os.path.join(tempfile.gettempdir(), f"aiocourse-evidence-{getattr(os, 'getuid', lambda: 0)()}")

#: A module-level variable: each process has its own copy (exercise 2 reads it).
VALUE: object = "untouched"

#: How long ``set_value`` works before it writes: long enough that reading ``VALUE``
#: without waiting for the writer (``join``) surely reads the old value. During a test,
#: the test's ``pace`` file can make it longer.
SET_VALUE_PAUSE = 0.05

#: A module-level list: the lecture appends to it from a thread and from a child process.
NOTES: list = []


def _ancestors() -> list[int]:
    """This process, its parent and, on Linux, its grandparent (a ``forkserver`` child's
    parent is the fork server, whose parent started it)."""
    pids = [os.getpid(), os.getppid()]
    try:
        with open(f"/proc/{pids[1]}/stat", encoding="ascii") as stat:
            pids.append(int(stat.read().rsplit(")", 1)[1].split()[1]))
    except (OSError, ValueError, IndexError):
        pass
    return pids


def _evidence_folder() -> str | None:
    """The folder a test opened for this process or one of its ancestors, if any."""
    for owner in _ancestors():
        folder = os.path.join(EVIDENCE_ROOT, str(owner))
        if os.path.isdir(folder):
            return folder
    return None


def _note(what: str) -> None:
    """Note for the grader who runs this: process id, parent process id, grandparent, thread."""
    folder = _evidence_folder()
    if folder is None:
        return
    pids = _ancestors()
    note = {"what": what, "pid": pids[0], "ppid": pids[1], "grandparent": pids[2] if len(pids) > 2 else None,
            "thread": threading.get_ident(), "time": time.monotonic()}
    try:
        with open(os.path.join(folder, f"{pids[0]}-{threading.get_ident()}-{time.monotonic_ns()}.json"), "w",
                  encoding="utf-8") as file:
            json.dump(note, file)
    except OSError:  # the test has stopped listening (its folder is gone): nothing to note
        pass


def report_pid(box) -> None:
    """Put this process's id into ``box`` (a queue: ``multiprocessing.Queue``, ``queue.Queue``)."""
    _note("pid")
    box.put(os.getpid())


def pid() -> int:
    """The id of the process that runs this (for a pool: ``pool.submit(ch02_work.pid)``)."""
    _note("pid")
    return os.getpid()


def _pace() -> float:
    """How long ``set_value`` works during a test: the ``pace`` file of the test's folder, if any."""
    folder = _evidence_folder()
    if folder is None:
        return 0.0
    try:
        with open(os.path.join(folder, "pace"), encoding="ascii") as pace:
            return float(pace.read())
    except (OSError, ValueError):
        return 0.0


def report_family(box) -> None:
    """Put who runs this into ``box``: process id, parent process id, thread name."""
    box.put({"pid": os.getpid(), "parent pid": os.getppid(), "thread": threading.current_thread().name})


def remember(note: str) -> None:
    """Append ``note`` to this module's list ``NOTES`` -- the copy of the process that runs it."""
    NOTES.append(note)


def set_value(value: object) -> None:
    """Work for a moment, then set this module's global ``VALUE`` -- in this process only."""
    global VALUE
    _note("set start")
    time.sleep(max(SET_VALUE_PAUSE, _pace()))
    VALUE = value
    if isinstance(value, Witness):
        value.note_write()
    _note("set")


def get_value() -> object:
    """This module's global ``VALUE``, as the process (and thread) that calls this sees it now."""
    _note("read")
    return VALUE


def count_down(n: int) -> int:
    """Pure-Python CPU work: count from ``n`` to zero. Holds the GIL from start to end."""
    while n > 0:
        n -= 1
    return n


def timed_count_down(n: int) -> tuple[float, float, int]:
    """``count_down(n)``, timed: (start, end, process id). ``perf_counter`` reads a clock
    that every process of the machine shares, so spans from several processes line up."""
    start = time.perf_counter()
    count_down(n)
    return start, time.perf_counter(), os.getpid()


def run_and_capture(process) -> tuple[int, str]:
    """Start ``process``, wait for it, and return (its exit code, what it wrote to stderr).

    A child writes its errors to the file descriptor 2 it inherits; pointing that at a
    temporary file while the child starts keeps its traceback out of the notebook.
    """
    with tempfile.TemporaryFile() as errors:
        saved = os.dup(2)
        os.dup2(errors.fileno(), 2)
        try:
            process.start()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        process.join()
        errors.seek(0)
        return process.exitcode, errors.read().decode(errors="replace")


def sleep_for(seconds: float) -> float:
    """Wait without computing (``time.sleep`` releases the GIL); return the seconds waited."""
    time.sleep(seconds)
    return seconds


class Witness:
    """A value that notes in a file which process and thread stored it with ``set_value``.

    The grader's evidence of *where* each write happened: a child process gets a copy of
    the witness (with the file's path) and notes its own process id there.
    """

    def __init__(self, label: object, notes: str) -> None:
        self.label, self.notes = label, notes

    def note_write(self) -> None:
        try:
            with open(self.notes, "a", encoding="utf-8") as notes:
                notes.write(f"{os.getpid()} {threading.get_ident()}\n")
        except OSError:  # the grader has stopped listening (its folder is gone): nothing to note
            pass

    def writes(self) -> list[tuple[int, int]]:
        """(process id, thread id) of every write noted so far."""
        if not os.path.exists(self.notes):
            return []
        with open(self.notes, encoding="utf-8") as notes:
            return [tuple(int(n) for n in line.split()) for line in notes.read().splitlines()]

    def __repr__(self) -> str:
        return f"Witness({self.label!r})"


class Counter:
    """A counter whose increment is a separate read and write, as ``counter += 1`` is.

    ``read()`` pauses with ``time.sleep(0)`` after reading: a point where the thread lets
    the others run. It makes the race of an unprotected read-modify-write show every time.
    """

    def __init__(self) -> None:
        self.value = 0

    def read(self) -> int:
        current = self.value
        time.sleep(0)  # release the GIL here: another thread may run between read and write
        return current

    def write(self, value: int) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Counter(value={self.value})"


class Account:
    """A bank account whose balance changes in two steps, a read and a write, as ``Counter``'s.

    Each account has its own lock, ``account.lock``: whoever changes the balance holds it,
    so that other code (a bank's auditor, another transfer) can rely on it too.
    """

    def __init__(self, number: int, balance: int = 0) -> None:
        self.number = number
        self.balance = balance
        self.lock = threading.Lock()

    def read(self) -> int:
        current = self.balance
        time.sleep(0)  # release the GIL here: another thread may run between read and write
        return current

    def write(self, value: int) -> None:
        self.balance = value

    def __repr__(self) -> str:
        return f"Account(number={self.number}, balance={self.balance})"
