"""Chapter 10's helper module: work that a process pool can run.

A worker process of a ``ProcessPoolExecutor`` receives the *name* of the function to run
(``ch10_work.count_words``) and looks it up by importing this module. A child started with
``forkserver`` (the Linux default from Python 3.14) or ``spawn`` (macOS, Windows) starts
from a fresh interpreter and cannot see functions defined in a notebook cell (they live in
the kernel's ``__main__``) -- so every function sent to a pool in this chapter is here.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections import Counter

#: Where the grader collects its evidence. A test creates ``EVIDENCE_ROOT/<kernel's pid>``
#: for one call of your function; ``count_words`` then notes there which process ran it,
#: when, and on how many texts and words, and the test compares what you return with these notes.
#: Outside a test the folder does not exist: nothing is noted, nothing is slowed down.
EVIDENCE_ROOT = os.path.join(tempfile.gettempdir(), f"aiocourse-evidence-{getattr(os, 'getuid', lambda: 0)()}")


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


def _note(folder: str, what: str, **details: object) -> None:
    """Note for the grader who runs this: process id, parent process id, grandparent, thread."""
    pids = _ancestors()
    note = {"what": what, "pid": pids[0], "ppid": pids[1], "grandparent": pids[2] if len(pids) > 2 else None,
            "thread": threading.get_ident(), **details}
    try:
        with open(os.path.join(folder, f"{pids[0]}-{threading.get_ident()}-{time.monotonic_ns()}.json"), "w",
                  encoding="utf-8") as file:
            json.dump(note, file)
    except OSError:  # the test has stopped listening (its folder is gone): nothing to note
        pass


def _pace(folder: str) -> float:
    """The least number of seconds a job lasts during a test (so that overlap shows)."""
    try:
        with open(os.path.join(folder, "pace"), encoding="ascii") as pace:
            return float(pace.read())
    except (OSError, ValueError):
        return 0.0


def count_primes(start: int, stop: int) -> int:
    """How many primes lie in ``range(start, stop)``: pure-Python CPU work (holds the GIL)."""
    found = 0
    for n in range(max(start, 2), stop):
        if n % 2 == 0:
            found += n == 2
            continue
        d = 3
        while d * d <= n:
            if n % d == 0:
                break
            d += 2
        else:
            found += 1
    return found


def timed_count_primes(start: int, stop: int) -> tuple[int, float, float, int]:
    """``count_primes``, timed: (primes, start, end, process id).

    ``time.perf_counter`` reads a clock that all processes of the machine share on Linux
    and macOS, so the spans of several worker processes line up on one time axis.
    """
    began = time.perf_counter()
    found = count_primes(start, stop)
    return found, began, time.perf_counter(), os.getpid()


def square(n: int) -> int:
    """A job so small that handing it to another process costs far more than doing it."""
    return n * n


def squares(numbers: list[int]) -> list[int]:
    """The same job for a whole chunk of numbers: one hand-over for many squares."""
    return [n * n for n in numbers]


def words_of(text: str) -> list[str]:
    """The words of ``text``: lower case, split on white space, punctuation stripped."""
    words = (word.strip(".,;:!?\"'()[]-") for word in text.lower().split())
    return [word for word in words if word]


def size(text: str) -> int:
    """A text's length, as the word count sees it: its number of words (``words_of``)."""
    return len(words_of(text))


def count_words(texts: list[str]) -> tuple[int, dict[str, int]]:
    """The *map* step of a word count: count the words of a chunk of texts.

    Returns ``(process id, counts)``: the id of the process that did the counting (so you,
    and the grader, can see where the work ran) and a plain ``dict`` word -> count.
    """
    folder = _evidence_folder()
    began = time.time()
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words_of(text))
    if folder is not None:  # a test is watching: make the job last long enough to see overlap, note it
        time.sleep(max(0.0, began + _pace(folder) - time.time()))
        _note(folder, "count_words", start=began, end=time.time(), texts=len(texts),
              words=sum(size(text) for text in texts))
    return os.getpid(), dict(counts)


def pid() -> int:
    """The id of the process that runs this."""
    return os.getpid()
