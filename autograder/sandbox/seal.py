"""Snapshot the harness (and the standard library's code) so a test cell never runs on a patched copy.

A test cell trusts ``autograder``: if an answer cell replaces ``assert_result`` (or
``run_virtual``, or a method of ``Outcome``) with something that never fails, every test
would pass.  The same holds one level down: the harness runs on ``asyncio``, ``time``,
``threading``... and ``asyncio.BaseEventLoop.time = lambda self: 3.0`` would forge every
loop time.  :meth:`Seal.take` runs in the kernel before any student code (``guard.py``):

* **the harness** -- every module a test cell may use (the whole package but the
  instructor-side ``cli``, ``grading``, ``sandbox`` and the pytest plugin, found by walking
  the package, so a module added later is covered too; the lab server's included): each
  module's namespace, each function's code object, each class's attributes.  Restoring puts
  every name back and removes every name *added* (a student defining
  ``autograder.assert_max_in_flight`` would otherwise shadow the lazy lookup); an
  ``autograder`` module that was not in the snapshot is dropped from ``sys.modules``;
* **the standard library the harness runs on** (:data:`STDLIB`) -- code only: a name that
  held a function, class or module gets it back, and so does each class's functions.  Their
  data (``asyncio``'s running-loop state, ``threading``'s thread table) is live state that
  the kernel itself changes, so it is left alone.

Limits: the seal lives in the kernel's process, so a student who finds it (``gc``,
frames, ``ctypes``) can still defeat it; ``tamper.py`` flags such code for manual grading.
"""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Seal", "kernel_modules", "STDLIB"]

#: Parts of the package that run on the instructor's side, never inside a test cell (and
#: import nbgrader or pytest, seconds of start-up per kernel).
_INSTRUCTOR_SIDE = ("autograder.cli", "autograder.grading", "autograder.sandbox", "autograder.pytest_plugin",
                    "autograder.__main__")

#: Standard-library modules the harness and the tests call (their code is sealed, not their data).
STDLIB = ("asyncio", "concurrent.futures", "threading", "queue", "time", "datetime", "timeit", "selectors",
          "socket", "select", "contextvars", "functools", "traceback", "linecache", "inspect", "types",
          "dataclasses", "collections", "heapq", "math", "os", "multiprocessing", "subprocess", "json", "re",
          "operator", "itertools", "weakref", "gc", "io", "warnings", "ast")

_CODE = (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType, classmethod, staticmethod, property)


def kernel_modules() -> list[str]:
    """Every ``autograder`` module a test cell may use, loaded or not."""
    import pkgutil

    import autograder

    found = ["autograder"]
    for info in pkgutil.walk_packages(autograder.__path__, "autograder."):
        if not info.name.startswith(_INSTRUCTOR_SIDE):
            found.append(info.name)
    return found


def _is_ours(name: str) -> bool:
    return name == "autograder" or name.startswith("autograder.")


def _is_sealed_stdlib(name: str) -> bool:
    return any(name == top or name.startswith(top + ".") for top in STDLIB)


@dataclass
class Seal:
    """The snapshot; :meth:`restore` undoes every change to it (see the module doc)."""

    harness: dict[str, types.ModuleType] = field(default_factory=dict)
    names: dict[str, dict[str, Any]] = field(default_factory=dict)   # harness: every name
    code_names: dict[str, dict[str, Any]] = field(default_factory=dict)  # stdlib: code-valued names
    codes: dict[types.FunctionType, types.CodeType] = field(default_factory=dict)
    classes: dict[type, dict[str, Any]] = field(default_factory=dict)
    strict_classes: set[type] = field(default_factory=set)  # the harness's: added attributes removed

    @classmethod
    def take(cls) -> Seal:
        for name in [*kernel_modules(), *STDLIB]:
            importlib.import_module(name)
        seal = cls()
        for name, module in list(sys.modules.items()):
            if not isinstance(module, types.ModuleType):
                continue
            if _is_ours(name):
                seal.harness[name] = module
                seal.names[name] = dict(vars(module))
            elif _is_sealed_stdlib(name):
                seal.code_names[name] = {k: v for k, v in vars(module).items() if isinstance(v, _CODE)}
            else:
                continue
            for value in vars(module).values():
                seal._remember(value, strict=_is_ours(name))
        return seal

    def _remember(self, value: Any, strict: bool) -> None:
        if isinstance(value, types.FunctionType):
            self.codes.setdefault(value, value.__code__)
        elif isinstance(value, type) and value not in self.classes and value.__module__ != "builtins":
            if strict and not value.__module__.startswith("autograder"):
                return  # a stdlib class re-exported by the harness is sealed as stdlib, code only
            self.classes[value] = {k: v for k, v in vars(value).items() if strict or isinstance(v, _CODE)}
            if strict:
                self.strict_classes.add(value)
            for attribute in vars(value).values():
                if isinstance(attribute, types.FunctionType):
                    self.codes.setdefault(attribute, attribute.__code__)

    def restore(self) -> None:
        modules, missing = sys.modules, object()
        for name in [n for n in list(modules) if _is_ours(n) and n not in self.harness]:
            del modules[name]
        for name, module in self.harness.items():
            modules[name] = module
            space, saved = module.__dict__, self.names[name]
            for key in [k for k in space if k not in saved]:
                del space[key]
            for key, value in saved.items():
                if space.get(key, missing) is not value:
                    space[key] = value
        for name, saved in self.code_names.items():
            module = modules.get(name)
            if module is None:
                continue
            space = module.__dict__
            for key, value in saved.items():
                if space.get(key, missing) is not value:
                    space[key] = value
        for function, code in self.codes.items():
            if function.__code__ is not code:
                function.__code__ = code
        for klass, saved in self.classes.items():
            for key, value in saved.items():
                if key not in ("__dict__", "__weakref__") and klass.__dict__.get(key, missing) is not value:
                    setattr(klass, key, value)
            added = set(klass.__dict__) - set(saved)
            if klass not in self.strict_classes:
                added = {k for k in added if isinstance(klass.__dict__[k], types.FunctionType)}
            for key in added:
                try:
                    delattr(klass, key)
                except (AttributeError, TypeError):
                    pass
