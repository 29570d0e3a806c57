"""Each test cell of chapters with sample answers: virtual clock vs real sleeps.

The correct answers are graded twice by the very same test cell: once as written
(``run_virtual``), once with ``run_real`` swapped in, so every ``asyncio.sleep`` really
waits.  Reported: wall time of each, the ratio, and whether the real-time version still
passed (its exact loop-time comparisons are at the mercy of the machine's load).
"""

from __future__ import annotations

from time import perf_counter
from unittest import mock

import autograder

from . import cells
from .realtime import run_real


TIMING_CHECKS = ("assert_loop_time", "assert_concurrent", "assert_sequential", "assert_times_out")


def measure(chapters: list[str], real_cells: int | None = None) -> list[dict[str, object]]:
    """Timing test cells only; ``real_cells`` limits how many get the slow real-time run."""
    rows = []
    for chapter in chapters:
        setup, answers, tests = cells.load(chapter)
        space = cells.namespace(setup, answers)
        timing = [cell for cell in tests if any(check in cell.code for check in TIMING_CHECKS)]
        for number, cell in enumerate(timing):
            started = perf_counter()
            virtual_ok = cells.passes(cell, space)
            virtual = perf_counter() - started
            row: dict[str, object] = {"chapter": chapter, "test": cell.grade_id,
                                      "virtual_s": round(virtual, 4), "virtual_passed": virtual_ok}
            if real_cells is None or number < real_cells:
                with mock.patch.object(autograder, "run_virtual", run_real):
                    started = perf_counter()
                    real_ok = cells.passes(cell, space)
                    real = perf_counter() - started
                row.update(real_s=round(real, 3), real_passed=real_ok, ratio=round(real / max(virtual, 1e-9), 1))
            rows.append(row)
    return rows


def smoke() -> list[dict[str, object]]:
    """The first chapter with sample answers; one cell also with real sleeps."""
    return measure(cells.graded_chapters()[:1], real_cells=1)
