"""Shared test setup: the repository root on sys.path for ``submissions``/``answers``."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def pytest_configure(config):
    """Install the grading kernel once, in the main process, before parallel workers start:
    each nbgrader run installs it when missing, and two at once would race."""
    if not hasattr(config, "workerinput"):
        from autograder.sandbox import ensure_kernelspec

        ensure_kernelspec()


def pytest_collection_modifyitems(config, items):
    """Slowest kinds first -- nbgrader end-to-end runs, then notebook executions, then the
    rest -- so that two parallel workers end together instead of one waiting on a long tail.
    A stable sort: tests keep their order within a kind (and a module stays together)."""
    def weight(item) -> int:
        if item.get_closest_marker("nbgrader"):
            return 0
        return 1 if item.get_closest_marker("notebooks") else 2

    items.sort(key=weight)
