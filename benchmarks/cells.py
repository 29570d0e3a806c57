"""Run a chapter's test cells in-process, against a sample variant's answers.

A kernel costs a second or two; a test cell costs milliseconds.  To run every check a
thousand times we execute the source notebook's code the way the kernel would -- the
setup cell, the variant's answer cells, then each test cell with its hidden tests -- in a
plain namespace.  "Try it" cells (top-level ``await``) are skipped: they are not checks.
An answer cell that starts with ``%%writefile NAME`` (04's script) is not Python: as IPython
would, its body is written to ``NAME`` -- afresh before every run of a test cell, in a scratch
folder that is the working directory during that run (the test moves the file away).
"""

from __future__ import annotations

import ast
import contextlib
import io
import sys
import tempfile
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade, is_locked, is_solution

from autograder.grading.merge import HIDDEN_MARKERS, grade_id

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TestCell:
    chapter: str
    grade_id: str
    code: str


def _strip_hidden(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if line.strip() not in HIDDEN_MARKERS)


def _has_top_level_await(source: str) -> bool:
    try:
        ast.parse(source)
    except SyntaxError:
        return True
    return False


def load(chapter: str) -> tuple[list[str], dict[str, str], list[TestCell]]:
    """(setup cells, instructor's answers by grade id, test cells) of a chapter's source."""
    nb = nbformat.read(ROOT / "source" / chapter / f"{chapter}.ipynb", as_version=4)
    setup, answers, tests = [], {}, []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell)
        if is_grade(cell) and not is_solution(cell):
            tests.append(TestCell(chapter, gid or "?", _strip_hidden(cell.source)))
        elif is_solution(cell) and gid:
            answers[gid] = cell.source
        elif is_locked(cell) and not _has_top_level_await(cell.source):
            setup.append(cell.source)
    return setup, answers, tests


def namespace(setup: list[str], answers: dict[str, str]) -> dict[str, object]:
    """A fresh module namespace with the setup and the answers executed in it.

    As in a fresh kernel, no lab server is running yet: a chapter's setup may start one
    with its own latency (a process has one shared server)."""
    from autograder import stop_lab_server

    stop_lab_server()
    space: dict[str, object] = {"__name__": "__benchmark__", _FILES: {}}
    with contextlib.redirect_stdout(io.StringIO()):
        for source in setup:
            exec(compile(source, "<setup>", "exec"), space)  # noqa: S102 -- our own notebooks
        for source in answers.values():
            first, _, body = source.partition("\n")
            if first.startswith("%%writefile "):
                space[_FILES][first.split(maxsplit=1)[1].strip()] = body  # type: ignore[index]
                continue
            try:
                exec(compile(source, "<answer>", "exec"), space)  # noqa: S102 -- sample answers
            except Exception:  # noqa: BLE001 -- a broken answer cell, as in a kernel
                pass
    return space


_FILES = "__aiocourse_files__"  # {name: text} of the %%writefile answers, in the namespace


def failure(cell: TestCell, space: dict[str, object]) -> str | None:
    """Run one test cell in the shared namespace, as a kernel does; why it failed, or None."""
    files: dict[str, str] = space.get(_FILES) or {}  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="aiocourse-cell-") if files else contextlib.nullcontext() as folder:
        try:
            with contextlib.chdir(folder) if folder else contextlib.nullcontext():
                for name, text in files.items():
                    Path(name).write_text(text)
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(cell.code, f"<{cell.grade_id}>", "exec"), space)  # noqa: S102
        except BaseException as error:  # noqa: BLE001 -- a failed test, whatever it raised
            return f"{type(error).__name__}: {error}"
    return None


def passes(cell: TestCell, space: dict[str, object]) -> bool:
    """True when the test cell raises nothing."""
    return failure(cell, space) is None


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


# --- Sample answers (tests/answers/): names read from there, kinds told apart by what they hold.

def samples() -> ModuleType:
    """``tests/submissions.py``: every chapter's sample variants (``variants(chapter)``), how to build
    a submission from one.  Benchmarks ask it for names; they never type a sample's name."""
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    import submissions  # type: ignore[import-not-found]

    return submissions


def graded_chapters() -> list[str]:
    """Chapters with sample answers."""
    return samples().graded_chapters()


def unanswered(variant: Any) -> bool:
    """A submission as released: nothing written, nothing edited, nothing deleted."""
    return not variant.answers and not variant.edits and not variant.delete


def edits_tests(variant: Any) -> bool:
    """The student changed or deleted cells that are not answers (nbgrader restores the tests)."""
    return bool(variant.edits or variant.delete)


_LEAVES = (ast.Await, ast.Yield, ast.YieldFrom, ast.Break, ast.Return, ast.Raise)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _own(nodes: list[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``nodes``, without entering nested functions, lambdas or classes."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, _SCOPES))


def _spins(function: ast.AST) -> bool:
    """A ``while`` loop that can never leave: in a coroutine, one that never awaits, breaks, returns
    or raises (whatever it waits for needs the loop it holds); anywhere, ``while True`` without any
    way out and without a call (which could raise)."""
    body = getattr(function, "body", [])
    body = body if isinstance(body, list) else [body]  # a lambda's body is one expression
    for loop in _own(body):
        if not isinstance(loop, ast.While):
            continue
        inside = list(_own(loop.body))
        if any(isinstance(node, _LEAVES) for node in inside):
            continue
        if isinstance(function, ast.AsyncFunctionDef):
            return True
        forever = isinstance(loop.test, ast.Constant) and bool(loop.test.value)
        if forever and not any(isinstance(node, ast.Call) for node in inside):
            return True
    return False


def spins_forever(variant: Any) -> bool:
    """An answer loops forever: grading it costs the cell timeout, not grading work."""
    for source in variant.answers.values():
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        if _spins(tree) or any(_spins(node) for node in ast.walk(tree) if isinstance(node, _SCOPES)):
            return True
    return False
