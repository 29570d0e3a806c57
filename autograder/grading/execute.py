"""Execute a notebook cell by cell, so that one runaway cell costs only that cell.

nbclient's own timeout handling interrupts the kernel, but with ipykernel 7 a cell whose
coroutine spins (``while True: pass``) or awaits something that never completes ignores
the interrupt, and then every later cell times out too (seen with nbgrader 0.9.6: 8 of 8
later cells lost).  Here a cell that does not finish within ``cell_timeout`` -- or kills
the kernel (``os._exit``) -- gets an error output saying so; the kernel is replaced, the
cells that ran before it are replayed silently, and execution goes on with the next cell.

Used by ``aiocourse check`` and, through :class:`ResilientExecute`, by nbgrader's
autograde.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode, v4
from traitlets.config import Config

from nbgrader.utils import is_grade, is_solution

from ..sandbox.reap import reap_kernel
from .outputs import clip_outputs
from .seal import TAMPERED, new_token, restore_code, seal_code

__all__ = ["execute_notebook", "NotebookProblem"]


def _error_output(name: str, message: str, traceback: list[str] | None = None) -> NotebookNode:
    return v4.new_output("error", ename=name, evalue=message, traceback=traceback or [f"{name}: {message}"])


def record_reply_error(cell: NotebookNode, execute_reply: dict[str, Any], **_: Any) -> None:
    """Make a failed cell show an error even if its traceback was silenced.

    A student can replace ``showtraceback`` so that a failing test prints nothing; the
    kernel's reply still says ``error``.  nbgrader's ``Execute`` does the same.
    """
    content = execute_reply.get("content", {})
    if content.get("status") != "error":
        return
    if any(o.output_type == "error" and o.ename == content.get("ename") for o in cell.outputs):
        return
    cell.outputs.append(
        _error_output(content.get("ename", "Error"), content.get("evalue", ""), content.get("traceback") or None)
    )


def _is_test(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def _run_cell(client: NotebookClient, cell: NotebookNode, index: int, token: str) -> None:
    """Run one cell; a test cell first gets the harness back as it was sealed (see ``seal``)."""
    if _is_test(cell):
        check = v4.new_code_cell(restore_code(token))
        client.execute_cell(check, index, store_history=False)
        if any(o.output_type == "error" for o in check.outputs):
            cell.outputs = [_error_output("HarnessTampered", TAMPERED)]
            return
    client.execute_cell(cell, index)


class NotebookProblem(str):
    """A sentence about a cell that timed out or killed the kernel."""


def execute_notebook(
    nb: NotebookNode,
    *,
    cell_timeout: int,
    workdir: Path,
    kernel_name: str | None = None,
    client_options: dict[str, Any] | None = None,
    kernel_env: dict[str, str] | None = None,
    ipc_dir: Path | None = None,
    max_output_bytes: int = 0,
) -> list[NotebookProblem]:
    """Run every code cell of ``nb`` in place; errors become outputs, never exceptions.

    ``kernel_env`` is added to the kernel's environment (the sandbox limits);
    ``ipc_dir``, when given, makes the kernel talk over Unix sockets in that folder
    instead of TCP (a kernel in its own network namespace cannot reach the host's
    loopback); ``max_output_bytes`` clips each cell's printed text (0: no limit).
    Returns one sentence per cell that timed out or killed its kernel.
    """
    config = Config()
    if ipc_dir is not None:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(ipc_dir / "kernel")
    start_options = {"env": {**os.environ, **kernel_env}} if kernel_env else {}
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    kept: list[int] = []  # cells that ran to the end and are replayed after a restart
    problems: list[NotebookProblem] = []
    position = 0
    while position < len(code):
        client = NotebookClient(
            nb,
            timeout=cell_timeout,
            allow_errors=True,
            interrupt_on_timeout=False,
            kernel_name=kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3"),
            resources={"metadata": {"path": str(workdir)}},
            on_cell_executed=record_reply_error,
            config=config,
            **(client_options or {}),
        )
        with client.setup_kernel(**start_options):
            kernel_pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
            token = new_token()
            client.execute_cell(v4.new_code_cell(seal_code(token)), 0, store_history=False)
            for index in kept:
                client.execute_cell(copy.deepcopy(nb.cells[index]), index, store_history=False)
            while position < len(code):
                index = code[position]
                position += 1
                try:
                    _run_cell(client, nb.cells[index], index, token)
                except CellTimeoutError:
                    stopped_by, problem = "CellTimeoutError", (
                        f"did not finish within {cell_timeout:g} s and was stopped "
                        "(an endless loop, or an await that never completes?)"
                    )
                except DeadKernelError:
                    stopped_by = "DeadKernelError"
                    problem = "made the Python kernel die (os._exit, a crash, or running out of memory?)"
                else:
                    clip_outputs(nb.cells[index], max_output_bytes)
                    kept.append(index)
                    continue
                clip_outputs(nb.cells[index], max_output_bytes)
                nb.cells[index].outputs.append(_error_output(stopped_by, f"this cell {problem}"))
                problems.append(NotebookProblem(f"cell {index + 1} {problem}"))
                break
        reap_kernel(kernel_pid)
    return problems
