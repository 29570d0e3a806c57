"""How chapter 11's tests see what ran on a cluster: from its scheduler, not from your code.

Each test cell starts a cluster of its own (``GradingCluster``): a scheduler, two worker
*processes*, and a scheduler plugin (``TaskLog``) that writes down when each task reached the
scheduler and on which worker it finished. The helpers of ``ch11_work`` note on the worker the
task key they ran under. A call counts as cluster work only when all of it agrees: the
scheduler saw that key finish on that worker, and that worker is a process other than the
kernel. A thread's name, a number your coroutine returns, or a note written in the kernel
proves nothing.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import SchedulerPlugin

import ch11_work


@dataclass(frozen=True)
class TaskRun:
    """One call of a ``ch11_work`` helper that ran as a task on the grading cluster."""

    name: str
    argument: object
    key: str
    worker: str  # the worker's address
    pid: int  # the worker's process id, as the scheduler knows it
    submitted: float  # when the scheduler received the task (time.monotonic)
    finished: float  # when the scheduler heard it was done (time.monotonic)
    start: float  # when the call started and ended on the worker (time.monotonic)
    end: float


class TaskLog(SchedulerPlugin):
    """Scheduler side: when each task arrived, and on which worker it finished."""

    def __init__(self) -> None:
        self.submitted: dict[str, float] = {}
        self.finished: dict[str, tuple[str, float]] = {}

    def update_graph(self, scheduler, *, keys=(), tasks=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        now = time.monotonic()
        for key in tasks or keys:
            self.submitted.setdefault(str(key), now)

    def transition(self, key, start, finish, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if start == "processing" and finish == "memory":
            self.finished[str(key)] = (kwargs.get("worker"), time.monotonic())


class GradingCluster:
    """A cluster owned by one test cell: ``address`` for the answer, ``runs(name)`` for the test."""

    def __enter__(self) -> GradingCluster:
        self.cluster = LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, protocol="tcp", host="127.0.0.1",
            dashboard_address=None, silence_logs=logging.CRITICAL,
            # no dashboard; its small HTTP server on a free port (the default, 8787, may be taken: a warning)
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        )
        self.log = TaskLog()
        self.cluster.scheduler.add_plugin(self.log, name="aiocourse-task-log")
        self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.cluster.close()

    @property
    def address(self) -> str:
        return self.cluster.scheduler_address

    def forget(self) -> None:
        """Start a new check: no task, no note, here or on the workers."""
        self.log.submitted.clear()
        self.log.finished.clear()
        self.client.run(ch11_work.forget)
        ch11_work.forget()

    def runs(self, name: str) -> list[TaskRun]:
        """The calls of ``ch11_work.<name>`` that ran as tasks this cluster's scheduler saw finish."""
        pids = {address: worker.pid for address, worker in self.cluster.scheduler.workers.items()}
        found = []
        for address, notes in self.client.run(ch11_work.notes).items():
            for function, argument, key, pid, start, end in notes:
                done = self.log.finished.get(str(key))
                if function != name or done is None or done[0] != address:
                    continue
                if pid != pids.get(address) or pid == os.getpid():
                    continue
                submitted = self.log.submitted.get(str(key), done[1])
                found.append(TaskRun(name, argument, str(key), address, pid, submitted, done[1], start, end))
        return found

    def sequential(self, runs: list[TaskRun]) -> bool:
        """Was one of these tasks submitted only after another one had finished?"""
        return any(b.submitted > a.finished for a in runs for b in runs if a is not b)


def kernel_calls(name: str) -> tuple[list[object], list[object]]:
    """Calls of ``ch11_work.<name>`` in the kernel itself (for messages, never as evidence):
    (arguments of calls made outside any task, arguments of calls on the notebook's own cluster)."""
    mine = [(argument, key) for function, argument, key, pid, *_ in ch11_work.RUNS
            if function == name and pid == os.getpid()]
    return [a for a, key in mine if key is None], [a for a, key in mine if key is not None]
