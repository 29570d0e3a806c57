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
from pathlib import Path
from typing import Any

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode, v4

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


class NotebookProblem(str):
    """A sentence about a cell that timed out or killed the kernel."""


def execute_notebook(
    nb: NotebookNode,
    *,
    cell_timeout: float,
    workdir: Path,
    kernel_name: str | None = None,
    client_options: dict[str, Any] | None = None,
) -> list[NotebookProblem]:
    """Run every code cell of ``nb`` in place; errors become outputs, never exceptions.

    Returns one sentence per cell that timed out or killed its kernel.
    """
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    kept: list[int] = []  # cells that ran to the end and are replayed after a restart
    problems: list[NotebookProblem] = []
    position = 0
    while position < len(code):
        client = NotebookClient(
            nb,
            timeout=int(cell_timeout),
            allow_errors=True,
            interrupt_on_timeout=False,
            kernel_name=kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3"),
            resources={"metadata": {"path": str(workdir)}},
            on_cell_executed=record_reply_error,
            **(client_options or {}),
        )
        with client.setup_kernel():
            for index in kept:
                client.execute_cell(copy.deepcopy(nb.cells[index]), index, store_history=False)
            while position < len(code):
                index = code[position]
                position += 1
                try:
                    client.execute_cell(nb.cells[index], index)
                except CellTimeoutError:
                    problem = (
                        f"did not finish within {cell_timeout:g} s and was stopped "
                        "(an endless loop, or an await that never completes?)"
                    )
                except DeadKernelError:
                    problem = "made the Python kernel die (os._exit, a crash, or running out of memory?)"
                else:
                    kept.append(index)
                    continue
                nb.cells[index].outputs.append(_error_output("CellTimeoutError", f"this cell {problem}"))
                problems.append(NotebookProblem(f"cell {index + 1} {problem}"))
                break
    return problems
