"""How long the course takes to execute headless: every lecture and source notebook."""

from __future__ import annotations

from pathlib import Path
from time import perf_counter

import nbformat
from nbclient import NotebookClient

from .cells import ROOT


def course_notebooks() -> list[Path]:
    """Every lecture and every nbgrader master."""
    return sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "source").glob("*/*.ipynb"))


def measure(paths: list[Path] | None = None) -> list[dict[str, object]]:
    paths = paths if paths is not None else course_notebooks()
    rows = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        started = perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        rows.append({"notebook": str(path.relative_to(ROOT)), "seconds": round(perf_counter() - started, 2)})
    return rows


def smoke() -> list[dict[str, object]]:
    """The course notebook with the fewest code cells (every notebook runs in the test suite)."""
    def code_cells(path: Path) -> int:
        return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)

    return measure([min(course_notebooks(), key=code_cells)])
