"""Which frames are the student's code: one definition for every message that points at a line.

The harness names "your line" in three places -- where a stopped run was stuck
(:mod:`.runner`), which line held the loop (:mod:`.blocking`), and the traceback of an
exception (:mod:`.outcome`) -- and all three must agree.  The student's code is everything
that is neither the grader's own package, nor the standard library, nor an installed
package: a notebook cell (``/tmp/ipykernel_*/*.py``), or a module beside the notebook.
"""

from __future__ import annotations

import os

__all__ = ["is_student_file", "AUTOGRADER_DIR", "STDLIB_DIR"]

AUTOGRADER_DIR = os.path.dirname(os.path.abspath(__file__))
STDLIB_DIR = os.path.dirname(os.path.abspath(os.__file__))
_INSTALLED = (f"{os.sep}site-packages{os.sep}", f"{os.sep}dist-packages{os.sep}")


def is_student_file(filename: str) -> bool:
    """Is code from ``filename`` the student's (not the grader's, the stdlib's or a package's)?"""
    path = os.path.abspath(filename)
    return not path.startswith((AUTOGRADER_DIR, STDLIB_DIR)) and not any(part in path for part in _INSTALLED)
