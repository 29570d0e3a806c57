"""The speed-ups the lectures measure live (chapters 02, 10, 11), read back after a headless run.

Chapters 02, 10 and 11 each measure a speed-up on the machine they run on and draw it: threads
on I/O and on GIL-releasing C code (02), a process pool on CPU-bound work (10), a two-worker
dask cluster (11).  What a student sees depends on the machine and on what else it is doing,
so the figures are recorded here, with the machine's load, instead of being typed into the
lectures.  Run on an idle machine: ``python -m benchmarks.lecture_speedups``.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import sys

import nbformat
from nbclient import NotebookClient

from .cells import ROOT

#: After each lecture, one more cell prints what it measured, as JSON.
READ_BACK = {
    "02_processes_threads_gil": "{name: round(one / threaded, 2) for name, (_, one, threaded) in measured.items()}",
    "10_parallel": "{'process pool of 2 vs 1': round(speedup, 2), 'cores used': "
                   "{k: round(v, 2) for k, v in cores_used.items()}}",
    "11_distributed": "{'cluster of 2 workers vs 1': round(speedup, 2)}",
}


def unbound(chapter: str) -> list[str]:
    """Names the read-back expression needs that the lecture never binds (renamed in the lecture?)."""
    expression = ast.parse(READ_BACK[chapter], mode="eval")
    needed = {n.id for n in ast.walk(expression) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    needed -= {n.id for n in ast.walk(expression) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    needed -= set(dir(builtins))
    bound: set[str] = set()
    nb = nbformat.read(ROOT / "notebooks" / f"{chapter}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = compile(code, chapter, "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return sorted(needed - bound)


def measure(chapters: list[str] | None = None) -> dict[str, object]:
    found: dict[str, object] = {"load average before": [round(x, 2) for x in os.getloadavg()]}
    for chapter in chapters if chapters is not None else list(READ_BACK):
        expression = READ_BACK[chapter]
        path = ROOT / "notebooks" / f"{chapter}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(f"import json\nprint(json.dumps({expression}))"))
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        found[chapter] = json.loads(nb.cells[-1].outputs[0]["text"])
    found["load average after"] = [round(x, 2) for x in os.getloadavg()]
    return found


SMOKE_RUN = ["02_processes_threads_gil"]  # run headless in CI; the others are read, not run


def smoke() -> dict[str, object]:
    """Every read-back expression still names what its lecture computes; one lecture runs headless
    and its figure is read back (the three together take minutes, and every lecture already runs
    in the test suite)."""
    missing = {chapter: names for chapter in READ_BACK if (names := unbound(chapter))}
    assert not missing, f"lecture_speedups.READ_BACK reads names its lecture no longer binds: {missing}"
    return measure(SMOKE_RUN)


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=2)
    print()
