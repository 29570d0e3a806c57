"""The speed-ups the lectures measure live (chapters 02, 10, 11), read back after a headless run.

Chapters 02, 10 and 11 each measure a speed-up on the machine they run on and draw it: threads
on I/O and on GIL-releasing C code (02), a process pool on CPU-bound work (10), a two-worker
dask cluster (11).  What a student sees depends on the machine and on what else it is doing,
so the figures are recorded here, with the machine's load, instead of being typed into the
lectures.  Run on an idle machine: ``python -m benchmarks.lecture_speedups``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .cells import ROOT

#: After each lecture, one more cell prints what it measured, as JSON.
READ_BACK = {
    "02_processes_threads_gil": "{name: round(one / threaded, 2) for name, (_, one, threaded) in measured.items()}",
    "10_parallel": "{'process pool of 2 vs 1': round(speedup, 2), 'cores used': "
                   "{k: round(v, 2) for k, v in cores_used.items()}}",
    "11_distributed": "{'cluster of 2 workers vs 1': round(speedup, 2)}",
}


def measure() -> dict[str, object]:
    found: dict[str, object] = {"load average before": [round(x, 2) for x in os.getloadavg()]}
    for chapter, expression in READ_BACK.items():
        path = ROOT / "notebooks" / f"{chapter}.ipynb"
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(f"import json\nprint(json.dumps({expression}))"))
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        found[chapter] = json.loads(nb.cells[-1].outputs[0]["text"])
    found["load average after"] = [round(x, 2) for x in os.getloadavg()]
    return found


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=2)
    print()
