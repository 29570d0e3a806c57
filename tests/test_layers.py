"""The package's layers: nothing in ``autograder/`` imports upward.

``cli`` (commands) may use ``grading`` (notebooks, nbgrader), which may use ``sandbox`` and
the core (harness, clock, checks, ``course``); the core uses neither.  An upward import is
how a command's detail (``tool_env`` once lived in ``cli/release.py``) leaks into the
grader, so the rule is read from the source itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "autograder"
RANK = {"cli": 3, "__main__": 3, "pytest_plugin": 3, "grading": 2, "sandbox": 1, "labserver": 1}
#: The package root re-exports the lab server's names, imported on first use.
ALLOWED = {("autograder/__init__.py", "autograder.labserver")}


def _layer(module: str) -> int:
    parts = module.split(".")
    return RANK.get(parts[1], 0) if len(parts) > 1 else 0


def _imports(path: Path, top: Path = PACKAGE.parent) -> list[str]:
    name = ".".join(path.relative_to(top).with_suffix("").parts)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found += [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [t for t in found if t == "autograder" or t.startswith("autograder.")]


def test_nothing_imports_upward():
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        relative = path.relative_to(PACKAGE.parent).as_posix()
        for target in _imports(path):
            if _layer(target) > _layer(module) and (relative, target) not in ALLOWED:
                upward.append(f"{relative} imports {target}")
    assert not upward, "\n".join(upward)


def test_the_rule_sees_an_upward_import(tmp_path):
    """The checker itself: a relative import from grading/ into cli/ is seen and resolved."""
    fake = tmp_path / "autograder" / "grading" / "probe.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..cli.release import generate\nfrom . import merge\n")
    assert _imports(fake, tmp_path) == ["autograder.cli.release", "autograder.grading.merge"]
    assert _layer("autograder.cli.release") > _layer("autograder.grading.probe")
