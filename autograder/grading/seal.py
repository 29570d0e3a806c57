"""Undo a student's monkeypatching of the harness before each test cell runs.

A test cell trusts ``autograder``: if an answer cell replaces ``assert_result`` (or
``run_virtual``, or a method of ``Outcome``) with something that never fails, every test
would pass.  Right after the kernel starts -- before any student code -- the grader runs
:func:`seal_code`, which calls :func:`install` in the kernel: it imports **every module a
test cell may use** (the whole package but the instructor-side ``cli``, ``grading``,
``sandbox`` and the pytest plugin, found by walking the package, so a module added later is
covered too; the lab server's, served lazily to students, included), then snapshots each
module's namespace, each function's code object and each class's attributes, and keeps a
``restore`` closure under a random module name.  Before each graded test cell,
:func:`restore_code` calls it:

* every name is put back, and every name *added* since the snapshot is removed (a student
  defining ``autograder.assert_max_in_flight`` would otherwise shadow the lazy lookup);
* every code object and class attribute is put back, added class attributes removed;
* an ``autograder`` module that was not in the snapshot (one the student imported later)
  is dropped from ``sys.modules``, so a test cell that needs it imports it afresh.

If the snapshot itself is gone or broken, the restore cell fails and the grader fails the
test cell (tampering earns nothing).

Limits: a student who finds the snapshot (it lives in the same process) can still defeat
it; builtins and the standard library are not sealed.  This stops the casual patch, and
makes the determined one visible in the submitted code.
"""

from __future__ import annotations

import secrets
import sys
import types
from typing import Any

__all__ = ["new_token", "seal_code", "restore_code", "install", "kernel_modules", "TAMPERED"]

TAMPERED = "the grader's checks were modified by the notebook, so this test cannot be trusted"

#: Parts of the package that run on the instructor's side, never inside a test cell (and
#: import nbgrader or pytest, seconds of start-up per kernel).
_INSTRUCTOR_SIDE = ("autograder.cli", "autograder.grading", "autograder.sandbox", "autograder.pytest_plugin",
                    "autograder.__main__")


def new_token() -> str:
    return "_aiocourse_seal_" + secrets.token_hex(8)


def seal_code(token: str) -> str:
    """The kernel-side cell that seals the harness (the first thing run in a grading kernel)."""
    return f'__import__("autograder.grading.seal", fromlist=["install"]).install({token!r})'


def restore_code(token: str) -> str:
    """Restore the harness; then collect garbage, so that what a student's earlier cell left
    behind ("Task was destroyed but it is pending!", a never-awaited coroutine) is reported
    here, in this throw-away cell, not on the test cell's stderr (which nbgrader scores 0)."""
    return f'__import__("sys").modules[{token!r}].restore(); __import__("gc").collect()'


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


def install(token: str) -> None:
    """Snapshot the harness and register ``sys.modules[token].restore`` (see the module doc)."""
    import importlib

    for name in kernel_modules():
        importlib.import_module(name)
    modules = {name: module for name, module in list(sys.modules.items()) if _is_ours(name)}
    names = {name: dict(vars(module)) for name, module in modules.items()}
    codes: dict[types.FunctionType, types.CodeType] = {}
    classes: dict[type, dict[str, Any]] = {}
    for space in names.values():
        for value in space.values():
            if isinstance(value, types.FunctionType):
                codes[value] = value.__code__
            elif isinstance(value, type) and value.__module__.startswith("autograder"):
                classes[value] = dict(vars(value))
    # Everything restore() uses is bound here, in the closure: a student who patches this
    # module, or a builtin that is not called through the closure, cannot reach it.
    all_modules, missing, unbound = sys.modules, object(), (AttributeError, TypeError)

    def restore() -> None:
        for name in [n for n in list(all_modules) if (n == "autograder" or n.startswith("autograder."))]:
            if name not in modules:
                del all_modules[name]
        for name, module in modules.items():
            all_modules[name] = module
            space = module.__dict__
            saved = names[name]
            for key in [k for k in space if k not in saved]:
                del space[key]
            for key, value in saved.items():
                if space.get(key, missing) is not value:
                    space[key] = value
        for function, code in codes.items():
            if function.__code__ is not code:
                function.__code__ = code
        for cls, saved_attributes in classes.items():
            for key, value in saved_attributes.items():
                if key not in ("__dict__", "__weakref__") and cls.__dict__.get(key, missing) is not value:
                    setattr(cls, key, value)
            for key in set(cls.__dict__) - set(saved_attributes):
                try:
                    delattr(cls, key)
                except unbound:
                    pass

    seal = types.ModuleType(token)
    seal.restore = restore  # type: ignore[attr-defined]
    all_modules[token] = seal
