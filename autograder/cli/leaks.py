"""Lines of solutions and hidden tests that must not be in a tree given to students.

nbgrader marks what students must not see inside the masters: code between ``### BEGIN
SOLUTION`` and ``### END SOLUTION``, test code between ``### BEGIN HIDDEN TESTS`` and ``###
END HIDDEN TESTS``, and whole markdown cells marked as solutions.  A line from there is
*distinctive* when it is long enough to mean something and appears nowhere students may
see anyway (the masters' other cells, the lectures, the package): ``return results`` may
well be in a lecture; ``return await asyncio.wait_for(asyncio.shield(task), warn_after)``
should not be anywhere.  Every text file of the tree (notebooks cell by cell, outputs
included) is searched for every distinctive line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Leak", "secret_lines", "find_leaks"]

#: Shorter lines (``pass``, ``return x``, ``)``) say nothing about a solution.
MIN_LENGTH = 16
_BLOCKS = (("### BEGIN SOLUTION", "### END SOLUTION"), ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"))
_TEXT_SUFFIXES = {".py", ".md", ".txt", ".ipynb", ".json", ".toml", ".cfg", ".yml", ".yaml", ".sh", ".html", ""}


@dataclass(frozen=True)
class Leak:
    path: Path
    line: str

    def __str__(self) -> str:
        return f"{self.path}: {self.line}"


def _cells(notebook: Path) -> list[dict]:
    try:
        return json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return []


def _split(cell: dict) -> tuple[list[str], list[str]]:
    """(secret lines, public lines) of one master cell."""
    lines = "".join(cell.get("source", "")).splitlines()
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if cell.get("cell_type") == "markdown":
        return (lines, []) if meta.get("solution") else ([], lines)
    secret, public, inside = [], [], None
    for line in lines:
        marker = line.strip()
        if inside is None and any(marker == begin for begin, _ in _BLOCKS):
            inside = next(end for begin, end in _BLOCKS if marker == begin)
        elif inside is not None and marker == inside:
            inside = None
        else:
            (secret if inside is not None else public).append(line)
    return secret, public


def _text_lines(path: Path) -> Iterator[str]:
    """Every line a reader of ``path`` sees: notebook cells and outputs, or the file's lines."""
    if path.suffix == ".ipynb":
        for cell in _cells(path):
            yield from "".join(cell.get("source", "")).splitlines()
            for output in cell.get("outputs", []):
                yield from "".join(output.get("text", "")).splitlines()
                for value in output.get("data", {}).values():
                    if isinstance(value, (str, list)):
                        yield from "".join(value).splitlines()
        return
    try:
        yield from path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return


def _files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        candidates = [root] if root.is_file() else sorted(root.rglob("*"))
        yield from (p for p in candidates if p.is_file() and p.suffix in _TEXT_SUFFIXES)


def secret_lines(source: Path, public: Iterable[Path] = ()) -> set[str]:
    """The distinctive lines of ``source``'s solution and hidden-test blocks (stripped)."""
    secret: set[str] = set()
    seen: set[str] = set()
    for master in sorted(source.glob("*/*.ipynb")):
        for cell in _cells(master):
            hidden, shown = _split(cell)
            secret.update(line.strip() for line in hidden)
            seen.update(line.strip() for line in shown)
    seen.update(line.strip() for path in _files(public) for line in _text_lines(path))
    return {line for line in secret - seen if len(line) >= MIN_LENGTH and not line.startswith("#")}


def find_leaks(tree: Path, source: Path, public: Iterable[Path] = ()) -> list[Leak]:
    """Every distinctive secret line of ``source`` found in a file under ``tree``."""
    secret = secret_lines(source, public)
    return [Leak(path.relative_to(tree), line.strip()) for path in _files([tree])
            for line in _text_lines(path) if line.strip() in secret]
