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
