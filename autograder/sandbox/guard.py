"""The grading kernel's guard: before every test cell, the kernel itself restores what answers changed.

A cell sent to restore the harness would pass through the very pipeline it means to restore:
an answer that installs ``input_transformers_cleanup.append(lambda lines: ["pass\\n"])``
turns the restoring cell into ``pass`` too.  So the grader sends one cell, first, before any
student code (:func:`arm_code`), and from then on the kernel does the work in its own
``do_execute``, on the raw text of each request, before IPython sees it:

* a **test cell** (recognised by the digest of its text, which the grader passed when arming)
  runs only after the garbage left by earlier cells is collected with its noise discarded
  (finalizers run now, not in the test), the IPython/``sys``/builtins pipeline is restored
  (``pipeline.py``), the harness and the standard library's code are restored (``seal.py``),
  and the names the instructor's setup cells bound in the notebook are put back; its reply
  carries a proof (the arming token) that all this happened -- a reply without it means the
  guard itself was bypassed, and the grader fails the test;
* an **answer cell** (any other cell) is marked as the student's, so the audit hook
  (``audit.py``) attributes what its code does; garbage it left is collected at its end, so
  warnings about it show on the cell that caused them, never on a test; then the pipeline
  and the seal are restored already (the kernel's own message handling runs between cells
  on the same standard library: ``inspect.isawaitable = lambda v: True`` broke it);
* a **setup cell** (the instructor's read-only cells) has the names it binds remembered.

Every reply carries what the audit hook saw (``reply["aiocourse"]["evidence"]``).

Limits: everything here lives in the kernel's process.  Code that reaches the kernel object
(``get_ipython().kernel``, ``gc``, frames) can replace the guard; the grader then sees no
proof and fails the test, and ``grading/tamper.py`` flags such code for manual grading.
"""

from __future__ import annotations

import gc
import hashlib
import io
import sys
from dataclasses import dataclass, field
from typing import Any

from .audit import Watch
from .pipeline import Pipeline
from .seal import Seal

__all__ = ["arm", "arm_code", "digest", "TAMPERED", "REPLY_KEY"]

TAMPERED = "the grader's checks were modified by the notebook, so this test cannot be trusted"
REPLY_KEY = "aiocourse"


def digest(code: str) -> str:
    """How the grader and the kernel name a cell: the SHA-256 of its text."""
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


def arm_code(token: str, tests: list[str], setup: list[str], folder: str) -> str:
    """The one cell the grader runs first in a fresh kernel (one call, no code in a string)."""
    return (f'__import__("autograder.sandbox.guard", fromlist=["arm"]).arm({token!r}, {sorted(set(tests))!r}, '
            f'{sorted(set(setup))!r}, {folder!r})')


@dataclass
class Guard:
    token: str
    tests: frozenset[str]
    setup: frozenset[str]
    shell: Any
    original: Any  # the kernel's own do_execute
    watch: Watch
    seal: Seal
    pipeline: Pipeline | None = None
    setup_names: dict[str, Any] = field(default_factory=dict)

    def restore(self) -> None:
        sink, saved = io.StringIO(), (sys.stdout, sys.stderr)
        sys.stdout = sys.stderr = sink
        try:
            gc.collect()
        finally:
            sys.stdout, sys.stderr = saved
        assert self.pipeline is not None
        self.pipeline.restore()
        self.seal.restore()
        namespace = self.shell.user_ns
        for name, value in self.setup_names.items():
            if namespace.get(name) is not value:
                namespace[name] = value

    async def do_execute(self, code: str, silent: bool, store_history: bool = True,
                         user_expressions: dict[str, str] | None = None, allow_stdin: bool = False,
                         **more: Any) -> dict[str, Any]:
        run = dict(code=code, silent=silent, store_history=store_history, user_expressions=user_expressions,
                   allow_stdin=allow_stdin, **more)
        name = digest(code)
        extra: dict[str, Any] = {}
        if name in self.tests:
            try:
                self.restore()
            except BaseException as error:  # the snapshot itself was broken: nothing to trust
                return self._refused(f"{TAMPERED} (the grader could not restore it: {type(error).__name__})")
            reply = await self.original(**run)
            extra["guard"] = self.token
        elif name in self.setup:
            before = dict(self.shell.user_ns)
            reply = await self.original(**run)
            for key, value in self.shell.user_ns.items():
                if not key.startswith("_") and before.get(key) is not value:
                    self.setup_names[key] = value
        else:
            self.watch.student_files.add(self.shell.compile.get_code_name(code, code, 0))
            reply = await self.original(**run)
            gc.collect()  # what this cell dropped is reported here, not on a test cell's stderr
            try:  # the kernel's own machinery runs between cells on the same stdlib and hooks
                self.pipeline.restore() if self.pipeline else None
                self.seal.restore()
            except BaseException:
                pass  # the next test cell's restore fails too, and says so
        extra["evidence"] = self.watch.drain()
        reply[REPLY_KEY] = extra
        return reply

    def _refused(self, message: str) -> dict[str, Any]:
        return {"status": "error", "ename": "HarnessTampered", "evalue": message,
                "traceback": [f"HarnessTampered: {message}"], "execution_count": self.shell.execution_count,
                "user_expressions": {}, "payload": [], REPLY_KEY: {"evidence": self.watch.drain()}}


def arm(token: str, tests: list[str], setup: list[str], folder: str) -> None:
    """Install the guard in the running ipykernel (see the module doc); called once, first."""
    from IPython import get_ipython

    shell = get_ipython()
    kernel = getattr(shell, "kernel", None)
    if kernel is None:
        raise RuntimeError("the grader's guard needs an ipykernel kernel")
    guard = Guard(token, frozenset(tests), frozenset(setup), shell, kernel.do_execute,
                  Watch(folder=folder.rstrip("/") + "/" if folder else ""), Seal.take())
    kernel.do_execute = guard.do_execute
    guard.pipeline = Pipeline.take(shell, kernel)  # after the guard is in place: restoring keeps it
    guard.watch.install()
