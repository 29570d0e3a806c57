"""Undo a student's monkeypatching of the harness before each test cell runs.

A test cell trusts ``autograder``: if an answer cell replaces ``assert_result`` (or
``run_virtual``, or a method of ``Outcome``) with something that never fails, every test
would pass.  Right after the kernel starts -- before any student code -- :data:`SEAL_CODE`
snapshots every ``autograder`` module's namespace, each function's code object and each
class's attributes, and keeps the snapshot under a random module name.  Before each graded
test cell, :func:`restore_code` puts everything back; if the snapshot itself is gone or
broken, the restore cell fails and the grader fails the test cell (tampering earns nothing).

Limits: a student who finds the snapshot (it lives in the same process) can still defeat
it; builtins and the standard library are not sealed.  This stops the casual patch, and
makes the determined one visible in the submitted code.
"""

from __future__ import annotations

import secrets

__all__ = ["new_token", "seal_code", "restore_code", "TAMPERED"]

TAMPERED = "the grader's checks were modified by the notebook, so this test cannot be trusted"


def new_token() -> str:
    return "_aiocourse_seal_" + secrets.token_hex(8)


def seal_code(token: str) -> str:
    return f'''
def _seal():
    import sys, types
    import autograder, autograder.checks, autograder.runner, autograder.outcome, autograder.delay
    modules = {{n: m for n, m in list(sys.modules.items()) if n == "autograder" or n.startswith("autograder.")}}
    names = {{n: dict(vars(m)) for n, m in modules.items()}}
    codes, classes = {{}}, {{}}
    for space in names.values():
        for value in space.values():
            if isinstance(value, types.FunctionType):
                codes[value] = value.__code__
            elif isinstance(value, type) and value.__module__.startswith("autograder"):
                classes[value] = dict(vars(value))
    def restore():
        for n, m in modules.items():
            sys.modules[n] = m
            for k, v in names[n].items():
                if m.__dict__.get(k, restore) is not v:
                    setattr(m, k, v)
        for f, code in codes.items():
            if f.__code__ is not code:
                f.__code__ = code
        for cls, space in classes.items():
            for k, v in space.items():
                if k not in ("__dict__", "__weakref__") and cls.__dict__.get(k, restore) is not v:
                    setattr(cls, k, v)
            for k in set(cls.__dict__) - set(space):
                try:
                    delattr(cls, k)
                except (AttributeError, TypeError):
                    pass
    seal = types.ModuleType("{token}")
    seal.restore = restore
    sys.modules["{token}"] = seal
_seal()
del _seal
'''


def restore_code(token: str) -> str:
    return f'__import__("sys").modules["{token}"].restore()'
