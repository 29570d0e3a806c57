"""The lab server's Python examples (docs/labserver.md, its README section) run as written."""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from pathlib import Path

import pytest

from autograder import LabServer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "labserver.md"
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_SECTION = re.search(r"\n## The lab server\n.*?(?=\n## |\Z)", README, flags=re.S)


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


BLOCKS = python_blocks(DOC.read_text(encoding="utf-8")) + python_blocks(README_SECTION[0] if README_SECTION else "")


def test_the_pages_have_examples() -> None:
    assert README_SECTION, "README.md has no '## The lab server' section"
    assert len(BLOCKS) == 4


@pytest.mark.parametrize("source", BLOCKS, ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_example_runs(source: str, fresh_lab_server: LabServer, capsys: pytest.CaptureFixture[str]) -> None:
    # Compiled like a notebook cell: top-level ``await`` makes a coroutine, run on a loop.
    code = compile(source, "<example>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace: dict[str, object] = {}
    result = eval(code, namespace)  # noqa: S307 -- our own documentation
    if inspect.iscoroutine(result):
        asyncio.run(asyncio.wait_for(result, timeout=30))
    for name, test in namespace.items():  # pytest-style examples: call them with the fixture
        if name.startswith("test_") and callable(test):
            test(fresh_lab_server)
    # ``print(...)  # output`` in the page: the output shown is the output printed.
    promised = re.findall(r"^print\(.*\)  # (.*)$", source, flags=re.M)
    printed = capsys.readouterr().out.splitlines()
    for line in promised:
        assert line in printed
