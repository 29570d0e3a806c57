"""Class-wide grading: ``aiocourse grade`` (parallel, dask) against plain sequential ``nbgrader autograde``.

Target (issue 6): ≥ 1.8× faster on 2 cores for 60 submissions of one assignment, a mix
of correct and wrong answers.  Both runs use the course's own ``nbgrader_config.py`` (the
sandboxed kernel, ResilientExecute), each in its own fresh copy of the course, in the same
session; feedback and export are left out of both so the figure compares grading only.
Also measured: the sandboxed kernel's start time, to compare with the time one
submission costs.

    python benchmarks/grading_parallel.py               # 60 submissions
    python benchmarks/grading_parallel.py --count 12    # a quicker look

Bounded: a fixed number of submissions, no endless-loop samples, every subprocess under a
timeout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from autograder.course import tool_env  # noqa: E402
from submissions import make_submission, scratch_course, variants  # noqa: E402

CHAPTER = "04_coroutines"
MIX = ["correct", "alternative", "unanswered", "too_slow", "exception", "edited_tests"]


def make_course(folder: Path, count: int) -> Path:
    course = scratch_course(folder / "course", CHAPTER)
    samples = variants(CHAPTER)
    for number, name in zip(range(count), itertools.cycle(MIX)):
        target = course / "submitted" / f"s{number:03d}-{name}" / CHAPTER
        target.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, samples[name]), target / f"{CHAPTER}.ipynb")
    return course


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=tool_env(), timeout=7200)
    return time.monotonic() - started, done


def kernel_start_seconds(repeat: int = 5) -> list[float]:
    """Start the sandboxed kernel and wait until it answers, as autograde does."""
    from jupyter_client.manager import start_new_kernel

    from autograder.sandbox import KERNEL_NAME, ensure_kernelspec

    ensure_kernelspec()
    figures = []
    for _ in range(repeat):
        started = time.monotonic()
        manager, client = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=60)
        figures.append(time.monotonic() - started)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--workers", type=int, default=None, help="aiocourse grade --workers (default: its own)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        parallel_course = make_course(Path(scratch) / "parallel", args.count)
        sequential_course = make_course(Path(scratch) / "sequential", args.count)
        command = [sys.executable, "-m", "autograder", "grade", CHAPTER, "--no-feedback", "--quiet"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        load_before = {"parallel": os.getloadavg()[0]}
        parallel, done = timed(command, parallel_course)
        assert done.returncode == 0, done.stdout + done.stderr
        load_before["sequential"] = os.getloadavg()[0]
        sequential, done = timed([sys.executable, "-m", "nbgrader", "autograde", CHAPTER, "--force"],
                                 sequential_course)
        assert done.returncode == 0, done.stdout + done.stderr
        kernel = kernel_start_seconds()
        scores = {}
        for course in (parallel_course, sequential_course):
            from nbgrader.api import Gradebook

            with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
                scores[course.parent.name] = sorted((s.student.id, s.score) for s in gb.assignment_submissions(CHAPTER))
    per_submission = sequential / args.count
    result = {
        "submissions": args.count,
        "cpus": os.cpu_count(),
        "aiocourse_grade_s": round(parallel, 1),
        "sequential_autograde_s": round(sequential, 1),
        "speedup": round(sequential / parallel, 2),
        "sequential_per_submission_s": round(per_submission, 2),
        "parallel_per_submission_s": round(parallel / args.count, 2),
        "kernel_start_s": [round(k, 2) for k in kernel],
        "kernel_start_median_s": round(statistics.median(kernel), 2),
        "overhead_beyond_kernel_start_s": round(per_submission - statistics.median(kernel), 2),
        "same_scores": scores["parallel"] == scores["sequential"],
        "load_1min_before": load_before,
        "load_average_after": os.getloadavg(),
    }
    print(json.dumps(result, indent=1))
    return 0 if result["same_scores"] else 1


if __name__ == "__main__":
    sys.exit(main())
