"""``python -m benchmarks [--quick]``: measure, write results JSON and RESULTS.md.

Full run: results.json + RESULTS.md (committed).  ``--quick`` (CI, ≤ 2 min): fewer runs,
written to .scratch/, and exit status 1 if any check gave a wrong verdict or the
detector raised a false alarm or missed a block.  ``--servers`` adds the lab server's
1000-request figure and the class-grading throughput (60 submissions, ~5 min), which
also have their own scripts and sections in RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path
from time import perf_counter

from . import detector, flake_rate, notebooks_time, virtual_vs_wall
from .cells import ROOT
from .load import cpu_load
from .report import write_markdown

HERE = Path(__file__).resolve().parent


def chapters() -> list[str]:
    return sorted(p.stem[2:] for p in (ROOT / "tests" / "answers").glob("ch*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="reduced run for CI (≤ 2 min)")
    parser.add_argument("--servers", action="store_true", help="also the lab server and grading throughput")
    args = parser.parse_args(argv)
    quick = args.quick
    started = perf_counter()
    results: dict[str, object] = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
    }
    found = chapters()
    print(f"chapters: {', '.join(found)}", flush=True)
    results["virtual_vs_wall"] = virtual_vs_wall.measure(found[:1] if quick else found, real_cells=1 if quick else None)
    print("virtual vs wall: done", flush=True)
    with cpu_load() as burners:
        results["load_processes"] = burners
        results["flake_rate"] = flake_rate.measure(found, runs=20 if quick else 1000, budget_s=1.5 if quick else 8, quick=quick)
        print("flake rate: done", flush=True)
        results["detector"] = detector.measure(correct_runs=20 if quick else 200, blocking_runs=3 if quick else 100)
        print("detector: done", flush=True)
    if not quick:
        results["notebooks"] = notebooks_time.measure()
        print("notebooks: done", flush=True)
    if args.servers:
        from . import grading_parallel, labserver_concurrency

        results["labserver"] = labserver_concurrency.main(server="process")
        print(f"lab server: {results['labserver']}", flush=True)
        results["grading_parallel_exit"] = grading_parallel.main([])
    results["total_s"] = round(perf_counter() - started, 1)
    out = HERE / (".scratch" if quick else "")
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    if not quick:
        write_markdown(results, HERE / "RESULTS.md")
    wrong = sum(int(r["wrong_verdicts"]) for r in results["flake_rate"])  # type: ignore[index,union-attr]
    det = results["detector"]
    bad_detector = sum(det["false_alarms"].values()) + sum(det["misses"].values())  # type: ignore[index,union-attr]
    print(f"wrong verdicts: {wrong}; detector false alarms + misses: {bad_detector}; {results['total_s']} s")
    return 1 if wrong or bad_detector else 0


if __name__ == "__main__":
    sys.exit(main())
