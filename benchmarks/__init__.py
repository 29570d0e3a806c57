"""Benchmarks: speed and flake-rate figures for the grader, recorded in RESULTS.md.

Run ``python -m benchmarks`` (full, ~15-25 min) or ``python -m benchmarks --quick``
(what CI runs, ~4 min: every benchmark module at its smoke size; exits 1 if any check
gives a wrong verdict, 2 if a benchmark module is not wired or produced no figure).

A *benchmark module* is a file of this folder that measures something: it has a top-level
``measure()`` or ``main()``, or a command line (``if __name__ == "__main__":``).  Each one
must also have a top-level ``smoke()``, without arguments, that runs it at its smallest size
and returns its figure: ``--quick`` calls every ``smoke()`` it finds here, so a benchmark
that stops running fails CI instead of rotting.  The other files (cells, load, realtime,
report) are helpers.  Found by reading the files (``ast``), without importing them.
"""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent
MEASURES = ("measure", "main")  # a top-level function by one of these names makes a benchmark


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _has_command_line(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) and "__name__" in ast.unparse(node.test)
               for node in tree.body)


def _modules(folder: Path) -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(), str(path))
            for path in sorted(folder.glob("*.py")) if not path.stem.startswith("__")}


def _required_arguments(function: ast.FunctionDef) -> list[str]:
    args = function.args
    positional = args.posonlyargs + args.args
    required = positional[:len(positional) - len(args.defaults)]
    required += [arg for arg, default in zip(args.kwonlyargs, args.kw_defaults) if default is None]
    return [arg.arg for arg in required]


def benchmark_modules(folder: Path = HERE) -> list[str]:
    """Names of the modules of ``folder`` that measure something (see the module's docstring)."""
    return [name for name, tree in _modules(folder).items()
            if _has_command_line(tree) or any(f in _functions(tree) for f in MEASURES)]


def unwired(folder: Path = HERE) -> dict[str, str]:
    """Benchmark modules ``--quick`` cannot run, with the reason: no ``smoke()``, or one that needs arguments."""
    problems = {}
    trees = _modules(folder)
    for name in benchmark_modules(folder):
        smoke = _functions(trees[name]).get("smoke")
        if smoke is None:
            problems[name] = "no top-level smoke(): python -m benchmarks --quick cannot run it"
        elif _required_arguments(smoke):
            problems[name] = "smoke() must run without arguments (its smoke size is its own business)"
    return problems
