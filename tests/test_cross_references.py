"""Every chapter a notebook names, and every notebook it links to, exists (or is planned).

A lecture that says "see chapter 10" or links to ``../release/10_parallel/...`` must not
send a student nowhere.  Planned chapters (the course's table of contents in
``docs/`` and the design) may be named before they land; their links are checked once
they exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
#: The course's table of contents: ids are stable, so lectures may name a chapter to come.
PLANNED = {
    "01": "01_why_async", "02": "02_processes_threads_gil", "03": "03_sockets_event_loop",
    "04": "04_coroutines", "05": "05_tasks", "06": "06_futures_awaitables", "07": "07_timing_gather",
    "08": "08_pitfalls", "09": "09_threads", "10": "10_parallel", "11": "11_distributed",
    "12": "12_testing_debugging",
}
MENTION = re.compile(r"\b[Cc]hapters? ((?:\d\d)(?:(?:, | and | or |–|-)\d\d)*)")
LINK = re.compile(r"\]\(([^)#\s]+\.(?:ipynb|md|py))(?:#[^)]*)?\)")
CHAPTER_IN_PATH = re.compile(r"(\d\d_[a-z0-9_]+?)(?:\.ipynb|\.md|/|$)")
NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "source").glob("*/*.ipynb"),
                    *(ROOT / "release").glob("*/*.ipynb")])


def markdown(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def every_text(path: Path) -> str:
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)


def unknown_chapters(path: Path) -> list[str]:
    return [
        number
        for match in MENTION.finditer(every_text(path))
        for number in re.findall(r"\d\d", match.group(1))
        if number not in PLANNED
    ]


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(markdown(path)):
        if "://" in target or (path.parent / target).resolve().exists():
            continue
        named = CHAPTER_IN_PATH.search(target)
        chapter = named.group(1) if named else None
        landed = chapter is not None and (ROOT / "source" / chapter).is_dir()
        if landed or chapter not in PLANNED.values():  # a landed chapter's files must all be there
            broken.append(target)
    return broken


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_chapter_named_is_in_the_course(path):
    assert not unknown_chapters(path), f"{path.name} names chapters the course does not have"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_to_a_course_file_leads_somewhere(path):
    assert not (found := broken_links(path)), f"{path.name} links to files that do not exist: {found}"


def test_the_checks_see_a_bad_reference(tmp_path, monkeypatch):
    monkeypatch.setitem(PLANNED, "13", "13_later")  # a chapter planned but not landed
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "As chapter 14 shows; see [the tasks](../release/05_tasks/missing.ipynb), "
        "[later](../release/13_later/13_later.ipynb) and [odd](99_nothing.ipynb)."
    )])
    (tmp_path / "notebooks").mkdir()
    path = tmp_path / "notebooks" / "x.ipynb"
    nbformat.write(nb, path)
    assert unknown_chapters(path) == ["14"]
    assert broken_links(path) == ["../release/05_tasks/missing.ipynb", "99_nothing.ipynb"]
