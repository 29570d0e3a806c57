"""Snapshot and restore what stands between a test cell's text and its result in an IPython kernel.

A test cell is text that IPython turns into a result: input transformers rewrite it, AST
transformers rewrite its tree, event callbacks run around it, the compiler compiles it,
exception handlers and display hooks report it, ``sys`` hooks watch every line, builtins
and imported modules answer its names.  An answer cell can change each of these with one
line -- ``get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])`` turns
every later cell, the tests included, into ``pass``.  :class:`Pipeline` records all of them
before any student code runs and puts them back before each test cell (see ``guard.py``,
which calls :meth:`Pipeline.restore` from inside the kernel, not from a cell, so the
restoring code never passes through what it restores).

What it restores, each *in place* where the container may be shared (a list referenced
elsewhere keeps its identity): the shell's transformer lists, AST transformers, event
callbacks, custom exception handler, compiler (and its ``__future__`` flags), display hook
and publisher; methods overridden on the shell, the kernel, the compiler, the display hook,
the event manager and the transformer manager (instance attributes shadowing the class),
and the functions of their classes; ``sys``'s trace, profile, except, display, breakpoint
and unraisable hooks, ``threading``'s trace and profile hooks, ``sys.meta_path`` and
``sys.path_hooks``, ``gc.callbacks``, the modules in ``sys.modules`` that were there (a
replaced ``asyncio`` comes back), and every builtin.  Student-made state that is not part of
the pipeline (the notebook's own variables, files, threads) is left alone.
"""

from __future__ import annotations

import builtins
import copy
import gc
import sys
import threading
import types
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Pipeline"]

#: ``sys`` hooks a cell can replace to watch or rewrite what the tests do.
SYS_HOOKS = ("excepthook", "displayhook", "breakpointhook", "unraisablehook", "stdout", "stderr", "stdin")
#: Shell attributes that are lists of hooks: restored in place, contents and identity.
SHELL_LISTS = ("input_transformers_post", "ast_transformers")


def _own_functions(cls: type) -> dict[str, Any]:
    return {k: v for k, v in vars(cls).items() if isinstance(v, (types.FunctionType, property, classmethod, staticmethod))}


@dataclass
class _ObjectState:
    """An object's instance attributes and its classes' functions: overriding a method on the
    instance (``shell.run_cell = ...``) or on its class (``type(shell).run_cell = ...``) undone."""

    obj: Any
    attributes: dict[str, Any]
    classes: dict[type, dict[str, Any]]

    @classmethod
    def take(cls, obj: Any) -> _ObjectState:
        classes = {klass: _own_functions(klass) for klass in type(obj).__mro__
                   if klass.__module__ not in ("builtins", "abc")}
        return cls(obj, dict(getattr(obj, "__dict__", {})), classes)

    def restore(self) -> None:
        space = getattr(self.obj, "__dict__", None)
        if space is not None:
            for key in [k for k in space if k not in self.attributes and callable(space[k])]:
                del space[key]  # a method shadowed on the instance
            for key, value in self.attributes.items():
                if callable(value) and space.get(key) is not value:
                    space[key] = value
        for klass, functions in self.classes.items():
            for key, value in functions.items():
                if klass.__dict__.get(key) is not value:
                    setattr(klass, key, value)
            for key in [k for k, v in klass.__dict__.items() if k not in functions and isinstance(v, types.FunctionType)]:
                delattr(klass, key)


@dataclass
class _Slot:
    """An attribute that holds a list or dict of hooks: both the object it points to and that
    object's contents come back (``shell.ast_transformers = [evil]`` and ``.append(evil)`` alike)."""

    owner: Any  # None: a list referenced from a dict slot, only its contents are restored
    name: str
    value: Any
    contents: Any

    @classmethod
    def take(cls, owner: Any, name: str) -> _Slot:
        value = getattr(owner, name)
        return cls(owner, name, value, copy.copy(value))

    def restore(self) -> None:
        if self.owner is not None and getattr(self.owner, self.name) is not self.value:
            setattr(self.owner, self.name, self.value)
        if isinstance(self.value, dict):
            if self.value != self.contents or any(self.value[k] is not v for k, v in self.contents.items()):
                self.value.clear()
                self.value.update(self.contents)
        elif self.value != self.contents or any(a is not b for a, b in zip(self.value, self.contents)):
            self.value[:] = self.contents


@dataclass
class Pipeline:
    """Everything of the kernel's pipeline, as it was when :meth:`take` ran (see the module doc)."""

    shell: Any
    values: dict[str, Any] = field(default_factory=dict)
    slots: list[_Slot] = field(default_factory=list)
    objects: list[_ObjectState] = field(default_factory=list)
    modules: dict[str, types.ModuleType] = field(default_factory=dict)
    builtin_names: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def take(cls, shell: Any, kernel: Any = None) -> Pipeline:
        snap = cls(shell)
        manager, events = shell.input_transformer_manager, shell.events
        snap.values = {
            "input_transformer_manager": manager, "compile": shell.compile, "displayhook": shell.displayhook,
            "display_pub": shell.display_pub, "events": events, "custom_exceptions": shell.custom_exceptions,
            "CustomTB": getattr(shell, "CustomTB", None), "compile_flags": shell.compile.flags,
            **{f"sys.{name}": getattr(sys, name) for name in SYS_HOOKS},
            "trace": sys.gettrace(), "profile": sys.getprofile(),
            "threading.trace": threading.gettrace(), "threading.profile": threading.getprofile(),
        }
        snap.slots = [
            *(_Slot.take(manager, name) for name in ("cleanup_transforms", "line_transforms", "token_transformers")),
            *(_Slot.take(shell, name) for name in SHELL_LISTS),
            _Slot.take(events, "callbacks"),
            *(_Slot(None, key, hooks, list(hooks)) for key, hooks in events.callbacks.items()),
            _Slot.take(sys, "meta_path"), _Slot.take(sys, "path_hooks"), _Slot.take(gc, "callbacks"),
        ]
        snap.objects = [_ObjectState.take(o) for o in (shell, kernel, shell.compile, shell.displayhook,
                                                        shell.display_pub, events, manager) if o is not None]
        snap.modules = dict(sys.modules)
        snap.builtin_names = dict(vars(builtins))
        return snap

    def restore(self) -> None:
        """Put everything back; raises only if the snapshot itself cannot be applied."""
        shell, values = self.shell, self.values
        sys.settrace(values["trace"])
        sys.setprofile(values["profile"])
        threading.settrace(values["threading.trace"])  # type: ignore[arg-type]
        threading.setprofile(values["threading.profile"])  # type: ignore[arg-type]
        for name in SYS_HOOKS:
            setattr(sys, name, values[f"sys.{name}"])
        for state in self.objects:
            state.restore()
        for name in ("input_transformer_manager", "compile", "displayhook", "display_pub", "events"):
            if getattr(shell, name) is not values[name]:
                setattr(shell, name, values[name])
        shell.compile.flags = values["compile_flags"]
        if shell.custom_exceptions != values["custom_exceptions"] or getattr(shell, "CustomTB", None) is not values["CustomTB"]:
            shell.custom_exceptions = values["custom_exceptions"]
            shell.CustomTB = values["CustomTB"]
        for slot in self.slots:
            slot.restore()
        for name, module in self.modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
        space = vars(builtins)
        for key in [k for k in space if k not in self.builtin_names]:
            del space[key]
        for key, value in self.builtin_names.items():
            if space.get(key) is not value:
                space[key] = value
