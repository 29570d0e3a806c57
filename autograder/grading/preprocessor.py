"""``ResilientExecute``: nbgrader's Execute preprocessor with per-cell kernel recovery and a sandbox.

Installed in ``nbgrader_config.py`` in place of ``Execute`` in
``Autograde.autograde_preprocessors``: everything else about autograde stays nbgrader's
own.  Configure it with the usual ``c.Execute.timeout`` (seconds per cell); a cell that
exceeds it loses its own points only (see :mod:`autograder.grading.execute`).

When ``c.Execute.kernel_name`` is the sandbox kernel (``aiocourse-grader``), the kernel
also gets :class:`~autograder.sandbox.SandboxLimits` (``c.SandboxLimits.*``), with the
course's ``source/`` folder and gradebook hidden from it, and talks to the grader over
Unix sockets: a kernel in its own network namespace cannot be reached on the host's
loopback, and over TCP the kernel would warn every student about unencrypted traffic.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Int

from ..course import DEFAULT_CELL_TIMEOUT, Course
from ..sandbox import KERNEL_NAME, SandboxLimits, ensure_kernelspec
from .execute import NotebookProblem, execute_notebook
from .tamper import METADATA_KEY as TAMPERING
from .tamper import scan_notebook

__all__ = ["ResilientExecute", "course_executor"]


def course_executor(course: Course, timeout: int | None = None) -> ResilientExecute:
    """The course's executor as its config sets it up (kernel, sandbox, cell timeout, output
    cap), with ``timeout`` whole seconds per cell instead of ``c.Execute.timeout`` if given."""
    config = copy.deepcopy(course.config)  # Config.copy() shares its sections
    if timeout is not None:
        config.Execute.timeout = timeout
    return ResilientExecute(config=config)


class ResilientExecute(Execute):
    """Execute every cell; on a timeout or a dead kernel, restart, replay, and go on."""

    max_output_bytes = Int(
        1_000_000,
        help="Printed text kept per cell in the graded notebook and feedback (0: everything).",
    ).tag(config=True)

    def _sandbox_options(self) -> tuple[dict[str, str] | None, bool]:
        if self.kernel_name != KERNEL_NAME:
            return None, False
        ensure_kernelspec()
        limits = SandboxLimits(parent=self)
        # Hidden in the kernel's own mount namespace only: nbgrader itself still sees everything.
        root = self.config.CourseDirectory.get("root") or os.getcwd()
        hidden = [*limits.hidden_paths, *Course(Path(root), config=self.config).secrets()]
        # Unix sockets always (on POSIX): a kernel in its own network namespace cannot be reached
        # over the host's loopback, and over TCP the kernel warns every student, on stderr, that
        # its traffic is not encrypted.
        use_ipc = os.name == "posix"
        return limits.to_env(hidden_paths=hidden), use_ipc

    def execute(self, nb: NotebookNode, workdir: Path) -> list[NotebookProblem]:
        """Run ``nb`` in place, in the configured kernel and sandbox; one sentence per lost cell.

        ``aiocourse check`` calls this too, so a self-learner's notebook runs with the same
        kernel, limits, timeout and output cap as the instructor's ``nbgrader autograde``.
        """
        try:
            return self._execute(nb, workdir)
        finally:
            flags = [flag.as_dict() for flag in scan_notebook(nb)]
            nb.metadata.setdefault("aiocourse", {})[TAMPERING] = flags

    def _execute(self, nb: NotebookNode, workdir: Path) -> list[NotebookProblem]:
        kernel_env, use_ipc = self._sandbox_options()
        ipc_dir = Path(tempfile.mkdtemp(prefix="aioc-")) if use_ipc else None
        try:
            return execute_notebook(
                nb,
                cell_timeout=self.timeout or DEFAULT_CELL_TIMEOUT,
                workdir=workdir,
                kernel_name=self.kernel_name or None,
                client_options={"extra_arguments": list(self.extra_arguments)},
                kernel_env=kernel_env,
                ipc_dir=ipc_dir,
                max_output_bytes=self.max_output_bytes,
            )
        finally:
            if ipc_dir is not None:
                shutil.rmtree(ipc_dir, ignore_errors=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, *args: Any, **kwargs: Any) -> tuple[NotebookNode, Any]:
        resources = resources if resources is not None else {}
        workdir = resources.get("metadata", {}).get("path") or os.getcwd()
        for problem in self.execute(nb, Path(workdir)):
            self.log.warning("%s", problem)
        return nb, resources
