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
import secrets
from pathlib import Path
from typing import Any

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode, v4
from traitlets.config import Config

from nbgrader.utils import is_grade, is_locked, is_solution

from ..sandbox.guard import REPLY_KEY, TAMPERED, arm_code, digest
from ..sandbox.reap import reap_kernel
from .outputs import clip_outputs

__all__ = ["execute_notebook", "NotebookProblem"]


def _error_output(name: str, message: str, traceback: list[str] | None = None) -> NotebookNode:
    return v4.new_output("error", ename=name, evalue=message, traceback=traceback or [f"{name}: {message}"])


def record_reply(cell: NotebookNode, execute_reply: dict[str, Any], **_: Any) -> None:
    """Keep what the kernel's guard said about the cell, and make a failed cell show an error
    even if its traceback was silenced.

    A student can replace ``showtraceback`` so that a failing test prints nothing; the
    kernel's reply still says ``error``.  nbgrader's ``Execute`` does the same.  The guard's
    part of the reply (its proof, the audit hook's evidence) is kept on the cell's metadata
    until :func:`execute_notebook` reads it.
    """
    content = execute_reply.get("content", {})
    if isinstance(content.get(REPLY_KEY), dict):
        cell.metadata.setdefault("aiocourse", {})["reply"] = content[REPLY_KEY]
    if content.get("status") != "error":
        return
    if any(o.output_type == "error" and o.ename == content.get("ename") for o in cell.outputs):
        return
    cell.outputs.append(
        _error_output(content.get("ename", "Error"), content.get("evalue", ""), content.get("traceback") or None)
    )


def _is_test(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def _is_setup(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and is_locked(cell) and not is_grade(cell) and not is_solution(cell)


def _arm(nb: NotebookNode, token: str, workdir: Path) -> str:
    """The guard's arming cell for this notebook: which cells are tests, which are the setup."""
    tests = [digest(c.source) for c in nb.cells if _is_test(c)]
    setup = [digest(c.source) for c in nb.cells if _is_setup(c)]
    return arm_code(token, tests, setup, str(workdir.resolve()))


def _execute_at(client: NotebookClient, cell: NotebookNode, index: int, store_history: bool = True) -> None:
    """Execute ``cell`` as the cell at ``index``.  nbclient also *stores* the executed cell at
    that index; for a cell of the grader's own (the arming cell) or a replayed copy, the
    notebook's cell is put back, so a graded notebook never shows the grader's code."""
    original = client.nb.cells[index] if index < len(client.nb.cells) else None
    try:
        client.execute_cell(cell, index, store_history=store_history)
    finally:
        if original is not None and original is not cell:
            client.nb.cells[index] = original


def _run_cell(client: NotebookClient, cell: NotebookNode, index: int, token: str | None, replay: bool = False) -> None:
    """Run one cell, keep the audit hook's evidence, and fail a test cell that ran without the
    guard's proof (the guard was bypassed, so its result means nothing)."""
    cell.metadata.get("aiocourse", {}).pop("reply", None)
    _execute_at(client, cell, index, store_history=not replay)
    reply = cell.metadata.get("aiocourse", {}).pop("reply", {})
    if not replay and reply.get("evidence"):
        cell.metadata.setdefault("aiocourse", {}).setdefault("evidence", []).extend(reply["evidence"])
    if token is not None and _is_test(cell) and reply.get("guard") != token:
        cell.outputs = [_error_output("HarnessTampered", TAMPERED)]
    if not cell.metadata.get("aiocourse", True):
        del cell.metadata["aiocourse"]


def _first_error(cell: NotebookNode) -> str:
    error = next(o for o in cell.outputs if o.output_type == "error")
    return f"{error.ename}: {error.evalue}"


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
            on_cell_executed=record_reply,
            config=config,
            **(client_options or {}),
        )
        with client.setup_kernel(**start_options):
            kernel_pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
            token: str | None = secrets.token_hex(16)
            arming = v4.new_code_cell(_arm(nb, token, workdir))
            _execute_at(client, arming, 0, store_history=False)
            if any(o.output_type == "error" for o in arming.outputs):
                problems.append(NotebookProblem(f"the grader's guard could not be installed in the kernel "
                                                f"({_first_error(arming)}): test cells ran unprotected"))
                token = None
            for index in kept:
                _run_cell(client, copy.deepcopy(nb.cells[index]), index, token, replay=True)
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
