"""Execute a notebook cell by cell, so that one runaway cell costs only that cell.

nbclient's own timeout handling interrupts the kernel, but a cell awaiting something that
never completes ignores the interrupt (ipykernel 7), and then every later cell times out
too.  Here a cell that does not finish within ``cell_timeout`` -- or kills the kernel
(``os._exit``) -- gets an error output saying so; the kernel is replaced, the cells that
ran before it are replayed silently, and grading goes on with the next cell.
"""

from __future__ import annotations

import copy
from pathlib import Path

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode, v4

__all__ = ["execute_notebook"]


def _error_output(name: str, message: str) -> NotebookNode:
    return v4.new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


def execute_notebook(
    nb: NotebookNode, *, cell_timeout: float, workdir: Path, kernel_name: str | None = None
) -> NotebookNode:
    """Run every code cell of ``nb`` in place; errors are recorded as outputs, never raised."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    kept: list[int] = []  # cells that ran to the end and are replayed after a restart
    position = 0
    while position < len(code):
        client = NotebookClient(
            nb,
            timeout=int(cell_timeout),
            allow_errors=True,
            interrupt_on_timeout=False,
            kernel_name=kernel_name or nb.metadata.get("kernelspec", {}).get("name", "python3"),
            resources={"metadata": {"path": str(workdir)}},
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
                    nb.cells[index].outputs.append(
                        _error_output(
                            "CellTimeoutError",
                            f"this cell did not finish within {cell_timeout:g} s and was stopped "
                            "(an endless loop, or an await that never completes?)",
                        )
                    )
                    break
                except DeadKernelError:
                    nb.cells[index].outputs.append(
                        _error_output(
                            "DeadKernelError",
                            "the Python kernel died while running this cell (os._exit, a crash, or "
                            "running out of memory?)",
                        )
                    )
                    break
                kept.append(index)
    return nb
