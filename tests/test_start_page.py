"""The start page lists every chapter, in order, with its lecture and its exercises, and the
README's first command opens JupyterLab on it at the course's root.

(That the page runs headless and that its links lead somewhere is checked with every
notebook: tests/test_notebooks_execute.py, tests/test_cross_references.py; that a browser
can follow them: tests/test_browser.py.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
START = ROOT / "notebooks" / "00_start_here.ipynb"
LINK = re.compile(r"\]\(([^)\s]+\.ipynb)\)")


def chapters() -> list[str]:
    """Chapter ids whose lecture has landed, in course order."""
    return sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if p.stem[:2] != "00")


def start_page_links() -> list[str]:
    nb = nbformat.read(START, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return LINK.findall(text)


def test_every_chapter_has_its_lecture_and_exercises_linked_in_order():
    links = start_page_links()
    expected = []
    for chapter in chapters():
        expected += [f"{chapter}.ipynb", f"../release/{chapter}/{chapter}.ipynb"]
    listed = [link for link in links if link in expected]
    # each once in the table, in order (the closing "Next:" may repeat chapter 01)
    assert listed[: len(expected)] == expected, f"the start page's chapter table is not {expected}"


def test_the_start_page_says_how_to_check_and_that_binder_is_temporary():
    text = "\n".join(c.source for c in nbformat.read(START, as_version=4).cells)
    for needed in ("✓ test_", "points", "✗ CheckFailed — Cell In[", "expected:", "got:",
                   "aiocourse check release/", "start_lab_server", "Binder", "download"):
        assert needed in text, f"the start page does not mention {needed!r}"


def test_the_readme_first_command_opens_the_start_page_at_the_course_root():
    readme = (ROOT / "README.md").read_text()
    first = re.search(r"```bash\n(.*?)\n```", readme.split("## Quick start", 1)[1], re.S).group(1)
    jupyter = shlex.split(first.split("&&")[-1])
    assert jupyter[:2] == ["jupyter", "lab"], first
    # jupyter-server makes the folder of a file given on the command line its root, unless
    # the root is set: then release/ would be out of reach.
    assert "--notebook-dir=." in jupyter or "--ServerApp.root_dir=." in jupyter, first
    assert jupyter[-1] == "notebooks/00_start_here.ipynb", first
