"""``ResilientExecute``: nbgrader's Execute preprocessor with per-cell kernel recovery.

Installed in ``nbgrader_config.py`` in place of ``Execute`` in
``Autograde.autograde_preprocessors``: everything else about autograde stays nbgrader's
own.  Configure it with the usual ``c.Execute.timeout`` (seconds per cell); a cell that
exceeds it loses its own points only (see :mod:`autograder.grading.execute`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import Execute

from .execute import execute_notebook

__all__ = ["ResilientExecute"]


class ResilientExecute(Execute):
    """Execute every cell; on a timeout or a dead kernel, restart, replay, and go on."""

    def preprocess(self, nb: NotebookNode, resources: Any = None, *args: Any, **kwargs: Any) -> tuple[NotebookNode, Any]:
        resources = resources if resources is not None else {}
        workdir = resources.get("metadata", {}).get("path") or os.getcwd()
        problems = execute_notebook(
            nb,
            cell_timeout=float(self.timeout or 30),
            workdir=Path(workdir),
            kernel_name=self.kernel_name or None,
            client_options={"extra_arguments": list(self.extra_arguments)},
        )
        for problem in problems:
            self.log.warning("%s", problem)
        return nb, resources
