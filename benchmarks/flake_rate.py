"""Flake rate: every test cell, many times, on right and wrong answers, on a busy machine.

For each sample variant (tests/answers/), each test cell must pass when the variant's
expected points are full and fail when they are zero -- every single time.  The correct
answers and the sequential ones (the verdicts that hinge on exact loop time) get ``runs``
runs; the other wrong variants a tenth of that.  Variants whose answers block cost real
seconds per run, so each test cell also has a time budget: runs stop when it is spent (after
one run at least), and the count is reported.  The first wrong verdict's message is kept,
to tell a flake from a bug.
"""

from __future__ import annotations

from time import perf_counter

from . import cells
from .load import cpu_load


def _skipped(variant: object) -> bool:
    """Unanswered (no timing verdict to flake on) or looping forever (the cell timeout, 5 s a run)."""
    return cells.unanswered(variant) or cells.spins_forever(variant)


def measure(chapters: list[str], runs: int, budget_s: float, quick: bool = False) -> list[dict[str, object]]:
    """``quick``: only the correct and sequential variants, on virtual-time cells (CI's check)."""
    rows = []
    for chapter in chapters:
        setup, instructor, tests = cells.load(chapter)
        for name, variant in cells.samples().variants(chapter).items():
            if _skipped(variant) or (quick and name != "correct" and "sequential" not in name):
                continue
            wanted = runs if name == "correct" or "sequential" in name else max(1, runs // 10)
            answers = {gid: code for gid, code in variant.answers.items() if gid in instructor}
            space = cells.namespace(setup, answers)
            for cell in tests:
                if quick and "lab_server" in cell.code:
                    continue  # real HTTP in real time: graded by ratios, covered by the full run
                expected = variant.expected.get(cell.grade_id, 0) > 0
                wrong, first_wrong, count, started = 0, "", 0, perf_counter()
                while count < wanted and (count == 0 or perf_counter() - started < budget_s):
                    why = cells.failure(cell, space)
                    count += 1
                    if (why is None) != expected:
                        wrong += 1
                        first_wrong = first_wrong or (why or "passed")[:1000]
                row = {"chapter": chapter, "variant": name, "test": cell.grade_id,
                       "expected": "pass" if expected else "fail", "runs": count, "wrong_verdicts": wrong}
                if first_wrong:
                    row["first_wrong"] = first_wrong  # what the check said, to tell a flake from a bug
                rows.append(row)
    return rows


def smoke() -> list[dict[str, object]]:
    """CI's verdict check (``--quick``): correct and sequential answers, 20 runs a cell, all cores busy."""
    with cpu_load():
        return measure(cells.graded_chapters(), runs=20, budget_s=1.5, quick=True)
