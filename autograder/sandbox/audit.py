"""Evidence the kernel collects itself: an audit hook that notes what student code reached for.

Some doors into the grader cannot be closed inside one process: code that walks frames or
the garbage collector can find any object, ``ctypes`` can write any byte.  What can be done
is to notice.  Python's audit hooks (PEP 578) fire on exactly these operations -- frame and
``gc`` introspection, ``ctypes``, tracing and profiling hooks, setting attributes on classes
and code objects -- and a hook, once added, cannot be removed from Python code.  The hook
added here records an event only when the code that asked for it is the student's: a cell
that is neither a test nor the instructor's setup, or a file in the notebook's folder (a
``%%writefile`` module).  Library code doing the same on the student's behalf (asyncio's
debug mode calls ``sys._getframe``) is not the student's act and is not recorded.

It also refuses new audit hooks: a hook is code that runs in the middle of any operation, so
a student's one could re-patch the harness after the grader restored it.

The records go back to the grader in the reply to each cell (``guard.py``), which flags the
submission for manual grading with the reason (``grading/tamper.py``).
"""

from __future__ import annotations

import sys
import threading
import types
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Watch", "WATCHED"]

#: Events that are evidence of reaching into the grader when student code raises them, and why.
WATCHED = {
    "sys._getframe": "reads the interpreter's stack frames (sys._getframe / inspect)",
    "sys._current_frames": "reads other threads' stack frames",
    "gc.get_objects": "searches the garbage collector's objects",
    "gc.get_referrers": "searches the garbage collector's references",
    "gc.get_referents": "searches the garbage collector's references",
    "ctypes.dlopen": "loads native code with ctypes",
    "ctypes.dlsym": "calls native code with ctypes",
    "ctypes.addressof": "reads memory addresses with ctypes",
    "ctypes.cdata": "reads raw memory with ctypes",
    "ctypes.string_at": "reads raw memory with ctypes",
    "ctypes.wstring_at": "reads raw memory with ctypes",
    "sys.settrace": "installs a tracing hook (sys.settrace)",
    "sys.setprofile": "installs a profiling hook (sys.setprofile)",
    "sys.addaudithook": "installs an audit hook",
    "object.__setattr__": "changes an attribute of a class or function it did not write",
    "object.__delattr__": "deletes an attribute of a class or function it did not write",
}
#: Modules whose frames only relay a request (``inspect.stack()`` calls ``sys._getframe``): the
#: act belongs to whoever called them.
RELAYS = ("inspect", "ctypes", "threading")


def _module_of(frame: types.FrameType) -> str:
    return str(frame.f_globals.get("__name__", ""))


@dataclass
class Watch:
    """The hook's state: which files are the student's, and what they did."""

    folder: str = ""
    student_files: set[str] = field(default_factory=set)
    records: list[dict[str, Any]] = field(default_factory=list)
    armed: bool = False
    _busy: threading.local = field(default_factory=threading.local)

    def install(self) -> None:
        sys.addaudithook(self._hook)
        self.armed = True

    def is_student(self, filename: str) -> bool:
        return filename in self.student_files or bool(self.folder and filename.startswith(self.folder))

    def drain(self) -> list[dict[str, Any]]:
        found, self.records[:] = list(self.records), []
        return found

    def _culprit(self) -> types.FrameType | None:
        """The first frame above the hook that is not a relay: the student's, or None."""
        frame = sys._getframe(2)  # 0: this method, 1: the hook; then whoever raised the event
        while frame is not None and _module_of(frame).split(".")[0] in RELAYS:
            frame = frame.f_back
        if frame is not None and self.is_student(frame.f_code.co_filename):
            return frame
        return None

    def _foreign_target(self, args: tuple[Any, ...]) -> bool:
        """``object.__setattr__`` on the student's own class or function is their business."""
        target = args[0] if args else None
        code = getattr(target, "__code__", None)
        if isinstance(code, types.CodeType):
            return not self.is_student(code.co_filename)
        module = getattr(target, "__module__", None)
        return isinstance(target, type) and module not in ("__main__", None) and not self.is_student(
            getattr(sys.modules.get(module or ""), "__file__", "") or "")

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in WATCHED or not self.armed or getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            frame = self._culprit()
            if frame is not None and (not event.startswith("object.") or self._foreign_target(args)):
                self.records.append({"event": event, "why": WATCHED[event],
                                     "file": frame.f_code.co_filename, "line": frame.f_lineno})
        finally:
            self._busy.on = False
        if event == "sys.addaudithook":  # refused (and the refusal swallowed) whoever asks
            raise RuntimeError("the grading kernel does not accept audit hooks")
