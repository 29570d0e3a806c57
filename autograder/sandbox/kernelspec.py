"""Install the ``aiocourse-grader`` kernel spec into this Python's prefix.

CI starts from a fresh virtualenv, so nothing may depend on a manual install step:
:func:`ensure_kernelspec` is cheap and idempotent, and is called by ``nbgrader_config.py``
and ``aiocourse grade`` before grading.  The spec names this very interpreter, so the
kernel runs with the course's packages.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

__all__ = ["KERNEL_NAME", "kernel_json", "install_kernelspec", "ensure_kernelspec"]

KERNEL_NAME = "aiocourse-grader"


def _python() -> str:
    """This environment's interpreter under one stable name.

    ``python`` and ``python3`` are the same interpreter, but a spec that flipped between
    them would be reinstalled -- removed, then copied -- by every process in turn, and a
    kernel started in between would not be found.  Not ``realpath``: a virtualenv is
    recognised by the path it is started from.
    """
    for name in ("python", "python3"):
        candidate = Path(sys.prefix) / "bin" / name
        if candidate.exists():
            return str(candidate)
    return sys.executable


def kernel_json(python: str | None = None) -> dict[str, object]:
    python = python or _python()
    return {
        "argv": [python, "-m", "autograder.sandbox.launch", "--",
                 python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (aiocourse grading sandbox)",
        "language": "python",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }


def _installed_path(prefix: str) -> Path:
    return Path(prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"


def install_kernelspec(prefix: str = sys.prefix) -> Path:
    """(Re)install the spec under ``prefix``; returns the kernel.json path."""
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)  # copied with its mode: other users (a hub's instructor) must read the spec
        (Path(folder) / "kernel.json").write_text(json.dumps(kernel_json(), indent=1))
        KernelSpecManager().install_kernel_spec(folder, KERNEL_NAME, prefix=prefix, replace=True)
    return _installed_path(prefix)


def ensure_kernelspec(prefix: str = sys.prefix) -> Path:
    """Install the spec unless an identical one is already there."""
    path = _installed_path(prefix)
    try:
        if json.loads(path.read_text()) == kernel_json():
            return path
    except (OSError, ValueError):
        pass
    return install_kernelspec(prefix)
