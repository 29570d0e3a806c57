"""Chapter 10's helper module: work that a process pool can run.

A worker process of a ``ProcessPoolExecutor`` receives the *name* of the function to run
(``ch10_work.count_words``) and looks it up by importing this module. A child started with
``forkserver`` (the Linux default from Python 3.14) or ``spawn`` (macOS, Windows) starts
from a fresh interpreter and cannot see functions defined in a notebook cell (they live in
the kernel's ``__main__``) -- so every function sent to a pool in this chapter is here.
"""

from __future__ import annotations

import os
import time
from collections import Counter


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


def count_words(texts: list[str]) -> tuple[int, dict[str, int]]:
    """The *map* step of a word count: count the words of a chunk of texts.

    Returns ``(process id, counts)``: the id of the process that did the counting (so you,
    and the grader, can see where the work ran) and a plain ``dict`` word -> count.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(words_of(text))
    return os.getpid(), dict(counts)


def pid() -> int:
    """The id of the process that runs this."""
    return os.getpid()
