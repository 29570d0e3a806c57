"""A plain ``assert`` in a notebook cell fails with the values it compared, as under pytest.

``assert got == [5, 7]`` fails in plain Python with an empty ``AssertionError``.  The
:class:`RewriteAsserts` AST transformer (registered in IPython when ``autograder`` is
imported, see :mod:`autograder.notebook`) rewrites such asserts with pytest's assertion
rewriting -- what ipytest does -- so the error's message reads::

    assert [5, 10] == [5, 7]
      At index 1 diff: 10 != 7
     +  where [5, 10] = finish_times([(2, 3), (1, 4)], 1)

Only asserts *without* a message are rewritten: an assert with a message already says what
the test author wanted the student to read, and that message is kept alone (pytest would
append ``assert False`` and the compared expression).  The rewritten code calls its helpers
through this module (sealed with the rest of the harness in a grading kernel), raises
``builtins.AssertionError`` (a notebook that binds ``AssertionError`` changes nothing), and
rewriting never breaks a cell: if pytest is missing or anything goes wrong, the cell runs
as written.
"""

from __future__ import annotations

import ast
import re
import types
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["RewriteAsserts", "rewrite_asserts"]

#: Lines of a compared-values explanation kept (pytest's own default truncation is 8).
MAX_EXPLANATION_LINES = 12

_PYTEST_FLAG = re.compile(r"\b[Uu]se -vv? to (get|show)")  # its flags mean nothing here
_HELPERS = "_pytest.assertion.rewrite"  # the module pytest's rewritten code imports...
_OURS = __name__  # ...and the one ours imports instead


try:  # imported now, so a grading kernel's seal (taken after this import) covers the class below
    from _pytest.assertion import rewrite as _rewrite
    from _pytest.assertion import util as _util
except ImportError:  # a student install without pytest: asserts run as written
    _rewrite = _util = None


def _has_bare_assert(tree: ast.AST) -> bool:
    return any(isinstance(node, ast.Assert) and node.msg is None for node in ast.walk(tree))


def _raises_on_failure(statements: list[ast.stmt]) -> bool:
    """pytest's output for one assert: an ``if not <test>:`` that raises ours."""
    return any(
        isinstance(node, ast.If) and isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not)
        and any(isinstance(n, ast.Raise) and isinstance(n.exc, ast.Call) and isinstance(n.exc.func, ast.Attribute)
                and n.exc.func.attr == "AssertionError" for n in node.body)
        for statement in statements for node in ast.walk(statement)
    )


def rewrite_asserts(tree: ast.Module, filename: str = "<cell>") -> ast.Module:
    """Rewrite the message-less asserts of ``tree`` in place (and return it); never raises."""
    if _Rewriter is None or not isinstance(tree, ast.Module) or not _has_bare_assert(tree):
        return tree
    try:
        _PYTEST_CODE.restore()  # pytest's rewriter as it was when the harness was imported
        rewriter = _Rewriter(filename, None, b"")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a warning would land on the cell's stderr (0 points)
            rewriter.run(tree)
        for node in tree.body:
            if isinstance(node, ast.Import) and node.names and node.names[0].name == _HELPERS:
                node.names[0].name = _OURS
    except Exception:  # noqa: BLE001 -- a tree it cannot handle: leave the cell alone
        return tree
    return tree


class _PytestCode:
    """The functions of pytest's rewriter, as they were at import (a notebook that patched one
    could make it drop a test's asserts): every function's code, every class attribute."""

    def __init__(self) -> None:
        self.names: dict[Any, dict[str, Any]] = {}
        self.codes: dict[types.FunctionType, types.CodeType] = {}
        if _rewrite is None:
            return
        owners: list[Any] = [_rewrite, _util, *(k for k in _rewrite.AssertionRewriter.__mro__
                                                 if k.__module__.startswith("_pytest"))]
        for owner in owners:
            self.names[owner] = dict(vars(owner))
            for value in vars(owner).values():
                if isinstance(value, types.FunctionType):
                    self.codes[value] = value.__code__

    def restore(self) -> None:
        for owner, saved in self.names.items():
            space = vars(owner)
            for key, value in saved.items():
                if space.get(key) is not value and isinstance(value, (types.FunctionType, type)):
                    setattr(owner, key, value)
        for function, code in self.codes.items():
            if function.__code__ is not code:
                function.__code__ = code


_PYTEST_CODE = _PytestCode()


if _rewrite is not None:
    class _Rewriter(_rewrite.AssertionRewriter):  # type: ignore[misc, name-defined]
        """pytest's rewriter, for asserts without a message only."""

        def visit_Assert(self, assert_: ast.Assert) -> list[ast.stmt]:
            if assert_.msg is not None or isinstance(assert_.test, ast.Tuple):
                return [assert_]
            statements = super().visit_Assert(assert_)
            for statement in statements:
                for node in ast.walk(statement):
                    if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) \
                            and isinstance(node.exc.func, ast.Name) and node.exc.func.id == "AssertionError":
                        where = node.exc.func
                        builtin = ast.copy_location(ast.Name("@py_builtins", ast.Load()), where)
                        node.exc.func = ast.copy_location(ast.Attribute(builtin, "AssertionError", ast.Load()), where)
            return statements if _raises_on_failure(statements) else [assert_]
else:
    _Rewriter = None  # type: ignore[assignment, misc]


class RewriteAsserts(ast.NodeTransformer):
    """IPython AST transformer: :func:`rewrite_asserts` on every cell (see the module doc)."""

    def visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.Module):
            return rewrite_asserts(node)
        return node


# Helpers the rewritten code calls as ``@pytest_ar.<name>`` -----------------------------

def _saferepr(obj: object) -> str:
    return str(_rewrite._saferepr(obj))


def _format_assertmsg(obj: object) -> str:
    return str(_rewrite._format_assertmsg(obj))


def _format_explanation(explanation: str) -> str:
    return str(_rewrite._format_explanation(explanation))


def _should_repr_global_name(obj: object) -> bool:
    return bool(_rewrite._should_repr_global_name(obj))


def _format_boolop(explanations: Sequence[str], is_or: bool) -> str:
    return str(_rewrite._format_boolop(explanations, is_or))


def _check_if_assertion_pass_impl() -> bool:
    return False


def _call_assertion_pass(lineno: int, orig: str, expl: str) -> None:
    return None


def _call_reprcompare(ops: Sequence[str], results: Sequence[bool], expls: Sequence[str],
                      each_obj: Sequence[object]) -> str:
    """The explanation of the first comparison that failed, with pytest's detail (a diff of
    two lists, the differing keys of two dicts...) when pytest has one for it."""
    index = 0
    for index, result in enumerate(results):
        try:
            if not result:
                break
        except Exception:  # noqa: BLE001 -- a result that cannot be a bool: this one failed
            break
    detail = _compare(ops[index], each_obj[index], each_obj[index + 1])
    return detail if detail is not None else expls[index]


def _compare(op: str, left: object, right: object) -> str | None:
    try:
        lines = list(_util.assertrepr_compare(op, left, right, verbose=0, highlighter=_util.dummy_highlighter,
                                             assertion_text_diff_style="ndiff"))
    except Exception:  # noqa: BLE001 -- another pytest, or a repr that raises: the plain explanation
        return None
    lines = [line for line in lines if line.strip() and not _PYTEST_FLAG.search(line)]
    # pytest adds a full diff when it thinks it runs on CI (the CI variable): the same block everywhere.
    full = next((i for i, line in enumerate(lines) if line.lstrip().startswith("Full diff")), len(lines))
    lines = lines[:full]
    if not lines:
        return None
    if len(lines) > MAX_EXPLANATION_LINES:
        lines = [*lines[:MAX_EXPLANATION_LINES], f"... ({len(lines) - MAX_EXPLANATION_LINES} more lines)"]
    return "\n~".join(line.replace("\n", "\\n") for line in lines).replace("%", "%%")


def __getattr__(name: str) -> Any:  # a helper a later pytest adds: its own
    if name.startswith("_") and not name.startswith("__"):
        return getattr(_rewrite, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

