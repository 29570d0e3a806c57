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
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["RewriteAsserts", "rewrite_asserts"]

#: Lines of a compared-values explanation kept (pytest's own default truncation is 8).
MAX_EXPLANATION_LINES = 12

_PYTEST_FLAG = re.compile(r"\b[Uu]se -vv? to (get|show)")  # its flags mean nothing here
_HELPERS = "_pytest.assertion.rewrite"  # the module pytest's rewritten code imports...
_OURS = __name__  # ...and the one ours imports instead


def _pytest_rewrite() -> Any:
    from _pytest.assertion import rewrite

    return rewrite


def _has_bare_assert(tree: ast.AST) -> bool:
    return any(isinstance(node, ast.Assert) and node.msg is None for node in ast.walk(tree))


def rewrite_asserts(tree: ast.Module, filename: str = "<cell>") -> ast.Module:
    """Rewrite the message-less asserts of ``tree`` in place (and return it); never raises."""
    if not isinstance(tree, ast.Module) or not _has_bare_assert(tree):
        return tree
    try:
        rewriter = _rewriter_class()(filename, None, b"")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a warning would land on the cell's stderr (0 points)
            rewriter.run(tree)
        for node in tree.body:
            if isinstance(node, ast.Import) and node.names and node.names[0].name == _HELPERS:
                node.names[0].name = _OURS
    except Exception:  # noqa: BLE001 -- no pytest, or a tree it cannot handle: leave the cell alone
        return tree
    return tree


_CLASS: list[type] = []  # the rewriter class, made on first use (importing pytest costs 0.2 s)


def _rewriter_class() -> type:
    if _CLASS:
        return _CLASS[0]
    base = _pytest_rewrite().AssertionRewriter

    class _MessageLessOnly(base):  # type: ignore[misc, valid-type]
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
            return statements

    _CLASS.append(_MessageLessOnly)
    return _MessageLessOnly


class RewriteAsserts(ast.NodeTransformer):
    """IPython AST transformer: :func:`rewrite_asserts` on every cell (see the module doc)."""

    def visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, ast.Module):
            return rewrite_asserts(node)
        return node


# Helpers the rewritten code calls as ``@pytest_ar.<name>`` -----------------------------

def _saferepr(obj: object) -> str:
    return str(_pytest_rewrite()._saferepr(obj))


def _format_assertmsg(obj: object) -> str:
    return str(_pytest_rewrite()._format_assertmsg(obj))


def _format_explanation(explanation: str) -> str:
    return str(_pytest_rewrite()._format_explanation(explanation))


def _should_repr_global_name(obj: object) -> bool:
    return bool(_pytest_rewrite()._should_repr_global_name(obj))


def _format_boolop(explanations: Sequence[str], is_or: bool) -> str:
    return str(_pytest_rewrite()._format_boolop(explanations, is_or))


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
        from _pytest.assertion import util

        lines = list(util.assertrepr_compare(op, left, right, verbose=0, highlighter=util.dummy_highlighter,
                                             assertion_text_diff_style="ndiff"))
    except Exception:  # noqa: BLE001 -- another pytest, or a repr that raises: the plain explanation
        return None
    lines = [line for line in lines if line.strip() and not _PYTEST_FLAG.search(line)]
    if not lines:
        return None
    if len(lines) > MAX_EXPLANATION_LINES:
        lines = [*lines[:MAX_EXPLANATION_LINES], f"... ({len(lines) - MAX_EXPLANATION_LINES} more lines)"]
    return "\n~".join(line.replace("\n", "\\n") for line in lines).replace("%", "%%")


def __getattr__(name: str) -> Any:  # a helper a later pytest adds: its own
    if name.startswith("_") and not name.startswith("__"):
        return getattr(_pytest_rewrite(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

