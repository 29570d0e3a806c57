"""``python -m benchmarks [--quick [--only NAME ...]]``: measure, write results JSON and RESULTS.md.

Full run: results.json + RESULTS.md (committed).  ``--servers`` adds the lab server's
1000-request figure and the class-grading throughput (60 submissions, ~5 min), which
also have their own scripts and sections in RESULTS.md.

``--quick`` (CI): every benchmark module of this folder at its smoke size -- its ``smoke()``,
found by walking ``benchmarks/*.py`` (see ``benchmarks/__init__.py``) -- written to
.scratch/results.json with each one's seconds.  Exit status 2 when a benchmark module is not
wired (no ``smoke()``), crashed, or produced no figure; 1 when a check gave a wrong verdict
under CPU load or the detector raised a false alarm or missed a block.  Times are reported,
never judged.  ``--only NAME`` runs the named smoke tiers only.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path
from time import perf_counter

from . import benchmark_modules, detector, flake_rate, notebooks_time, unwired, virtual_vs_wall
from .cells import graded_chapters
from .load import cpu_load
from .report import write_markdown

HERE = Path(__file__).resolve().parent


def smoke(names: list[str], results: dict[str, object]) -> dict[str, str]:
    """Each named benchmark's ``smoke()`` into ``results``; what went wrong, by name."""
    failures: dict[str, str] = {}
    seconds: dict[str, float] = {}
    results["smoke_s"] = seconds
    for name in names:
        print(f"smoke: {name}...", flush=True)
        started = perf_counter()
        try:
            figure = importlib.import_module(f"{__package__}.{name}").smoke()
        except Exception:  # noqa: BLE001 -- a benchmark that no longer runs: say which, run the rest
            failures[name] = traceback.format_exc()
            figure = None
        seconds[name] = round(perf_counter() - started, 1)
        if figure:
            results[name] = figure
            print(f"smoke: {name} {seconds[name]} s: {json.dumps(figure, default=str)[:300]}", flush=True)
        else:
            failures.setdefault(name, f"smoke() returned no figure: {figure!r}")
            print(f"smoke: {name} FAILED after {seconds[name]} s\n{failures[name]}", flush=True)
    return failures


def quick(only: list[str]) -> int:
    started = perf_counter()
    problems = unwired()
    if problems:
        for name, why in problems.items():
            print(f"benchmarks/{name}.py is not wired into python -m benchmarks --quick: {why}")
        return 2
    results: dict[str, object] = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": "quick",
        "machine": _machine(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "load_processes": os.cpu_count() or 2,
    }
    failures = smoke(only or benchmark_modules(), results)
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    results["total_s"] = round(perf_counter() - started, 1)
    out = HERE / ".scratch"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    wrong = sum(int(r["wrong_verdicts"]) for r in results.get("flake_rate", []))  # type: ignore[attr-defined]
    det = results.get("detector", {"false_alarms": {}, "misses": {}})
    bad_detector = sum(det["false_alarms"].values()) + sum(det["misses"].values())  # type: ignore[index,union-attr]
    print(f"smoke tiers (s): {results['smoke_s']}")
    print(f"wrong verdicts: {wrong}; detector false alarms + misses: {bad_detector}; "
          f"benchmarks that did not run: {sorted(failures) or 'none'}; {results['total_s']} s")
    return 2 if failures else 1 if wrong or bad_detector else 0


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every benchmark at its smoke size (CI)")
    parser.add_argument("--only", action="append", default=[], choices=benchmark_modules(), metavar="NAME",
                        help=f"with --quick: only this benchmark (repeatable; one of {', '.join(benchmark_modules())})")
    parser.add_argument("--servers", action="store_true", help="also the lab server and grading throughput")
    args = parser.parse_args(argv)
    if args.quick or args.only:
        return quick(args.only)
    started = perf_counter()
    results: dict[str, object] = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "mode": "full",
        "machine": _machine(),
    }
    found = graded_chapters()
    print(f"chapters: {', '.join(found)}", flush=True)
    results["virtual_vs_wall"] = virtual_vs_wall.measure(found)
    print("virtual vs wall: done", flush=True)
    with cpu_load() as burners:
        results["load_processes"] = burners
        results["flake_rate"] = flake_rate.measure(found, runs=1000, budget_s=8)
        print("flake rate: done", flush=True)
        results["detector"] = detector.measure(correct_runs=200, blocking_runs=100)
        print("detector: done", flush=True)
    results["notebooks"] = notebooks_time.measure()
    print("notebooks: done", flush=True)
    if args.servers:
        from . import grading_parallel, labserver_concurrency

        results["labserver"] = labserver_concurrency.main(server="process")
        print(f"lab server: {results['labserver']}", flush=True)
        results["grading_parallel_exit"] = grading_parallel.main([])
    results["total_s"] = round(perf_counter() - started, 1)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    write_markdown(results, HERE / "RESULTS.md")
    wrong = sum(int(r["wrong_verdicts"]) for r in results["flake_rate"])  # type: ignore[index,union-attr]
    det = results["detector"]
    bad_detector = sum(det["false_alarms"].values()) + sum(det["misses"].values())  # type: ignore[index,union-attr]
    print(f"wrong verdicts: {wrong}; detector false alarms + misses: {bad_detector}; {results['total_s']} s")
    return 1 if wrong or bad_detector else 0

if __name__ == "__main__":
    sys.exit(main())
