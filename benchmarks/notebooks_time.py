"""How long the course takes to execute headless: every lecture and source notebook."""

from __future__ import annotations

from pathlib import Path
from time import perf_counter

import nbformat
from nbclient import NotebookClient

from .cells import ROOT


def measure(paths: list[Path] | None = None) -> list[dict[str, object]]:
    paths = paths if paths is not None else sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "source").glob("*/*.ipynb")
    )
    rows = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        started = perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        rows.append({"notebook": str(path.relative_to(ROOT)), "seconds": round(perf_counter() - started, 2)})
    return rows
