"""Class-wide grading: ``aiocourse grade`` (parallel, dask) against plain sequential ``nbgrader autograde``.

Target (issue 6): ≥ 1.8× faster on 2 cores for 60 submissions of one assignment, a mix
of correct and wrong answers.  Both runs use the course's own ``nbgrader_config.py`` (the
sandboxed kernel, ResilientExecute), each in its own fresh copy of the course, in the same
session; feedback and export are left out of both so the figure compares grading only.
Also measured: the sandboxed kernel's start time, to compare with the time one
submission costs.

    python benchmarks/grading_parallel.py               # 60 submissions
    python benchmarks/grading_parallel.py --count 12    # a quicker look
    python -m benchmarks --quick --only grading_parallel  # smoke size, what CI runs

The mix is read off ``tests/answers/`` (:func:`mix`), never typed here: the ``correct`` sample,
then each kind found by what the samples hold -- misconceptions (answered, fewer points than
``correct``), edited tests, unanswered, correct written differently -- cycled in that order.
Bounded: a fixed number of submissions, no sample that loops forever
(:func:`benchmarks.cells.spins_forever`), every subprocess under a timeout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the course's packages

from autograder.course import tool_env  # noqa: E402
from benchmarks.cells import edits_tests, samples, spins_forever, unanswered  # noqa: E402

CHAPTER = "04_coroutines"  # the default; any chapter of tests/answers/ works (--chapter)
SMOKE_COUNT = 2  # correct and a misconception


def mix(chapter: str) -> list[str]:
    """Kinds of submission to grade, by sample name, in the order they are cycled through.

    ``correct`` first; then, told apart by what each sample holds: a misconception (answered,
    fewer points than ``correct``, not flagged for manual grading), one with edited tests, one
    unanswered, one other correct answer, and the other misconceptions.  Samples that loop
    forever are left out: they cost the cell timeout, the same on both sides."""
    variants = samples().variants(chapter)
    full = variants["correct"].expected
    others = {name: v for name, v in variants.items() if name != "correct" and not spins_forever(v)}
    edited = [name for name, v in others.items() if edits_tests(v)]
    empty = [name for name, v in others.items() if unanswered(v) and name not in edited]
    right = [name for name, v in others.items() if v.expected == full and name not in edited + empty]
    wrong = [name for name, v in others.items()
             if name not in edited + empty + right and not v.flagged and v.answers]
    return ["correct", *wrong[:1], *edited[:1], *empty[:1], *right[:1], *wrong[1:]]


def make_course(folder: Path, count: int, chapter: str = CHAPTER) -> Path:
    sub = samples()
    course = sub.scratch_course(folder / "course", chapter)
    variants = sub.variants(chapter)
    for number, name in zip(range(count), itertools.cycle(mix(chapter))):
        target = course / "submitted" / f"s{number:03d}-{name}" / chapter
        target.mkdir(parents=True)
        nbformat.write(sub.make_submission(chapter, variants[name]), target / f"{chapter}.ipynb")
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


def measure(count: int = 60, workers: int | None = None, chapter: str = CHAPTER,
            kernel_starts: int = 5) -> dict[str, object]:
    """Both graders on the same ``count`` submissions, each in its own copy of one fresh course."""
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        parallel_course = make_course(Path(scratch) / "parallel", count, chapter)
        sequential_course = Path(scratch) / "sequential" / "course"
        shutil.copytree(parallel_course, sequential_course)  # the same course, not graded yet
        command = [sys.executable, "-m", "autograder", "grade", chapter, "--no-feedback", "--quiet"]
        if workers:
            command += ["--workers", str(workers)]
        load_before = {"parallel": os.getloadavg()[0]}
        parallel, done = timed(command, parallel_course)
        assert done.returncode == 0, done.stdout + done.stderr
        load_before["sequential"] = os.getloadavg()[0]
        sequential, done = timed([sys.executable, "-m", "nbgrader", "autograde", chapter, "--force"],
                                 sequential_course)
        assert done.returncode == 0, done.stdout + done.stderr
        kernel = kernel_start_seconds(kernel_starts)
        scores = {}
        for course in (parallel_course, sequential_course):
            from nbgrader.api import Gradebook

            with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
                scores[course.parent.name] = sorted((s.student.id, s.score) for s in gb.assignment_submissions(chapter))
    per_submission = sequential / count
    kinds = mix(chapter)
    return {
        "chapter": chapter,
        "submissions": count,
        "mix": {name: sum(1 for n in range(count) if kinds[n % len(kinds)] == name) for name in kinds[:count]},
        "cpus": os.cpu_count(),
        "aiocourse_grade_s": round(parallel, 1),
        "sequential_autograde_s": round(sequential, 1),
        "speedup": round(sequential / parallel, 2),
        "sequential_per_submission_s": round(per_submission, 2),
        "parallel_per_submission_s": round(parallel / count, 2),
        "kernel_start_s": [round(k, 2) for k in kernel],
        "kernel_start_median_s": round(statistics.median(kernel), 2),
        "overhead_beyond_kernel_start_s": round(per_submission - statistics.median(kernel), 2),
        "graded": {side: len(found) for side, found in scores.items()},
        "same_scores": scores["parallel"] == scores["sequential"],
        "load_1min_before": load_before,
        "load_average_after": os.getloadavg(),
    }


def smoke() -> dict[str, object]:
    """Two submissions (``correct``, a misconception) of the first chapter with samples, one kernel
    start: both graders still run on today's samples.  Its figure must show every submission graded
    on both sides; the times are not judged.  The first chapter, not ``CHAPTER``: it has no script
    test, which shortens the smoke run (34-42 s against 52 s for three of 04's, load 3.5-5);
    ``mix`` is checked on every chapter by tests/test_benchmarks_smoke.py."""
    figure = measure(count=SMOKE_COUNT, chapter=samples().graded_chapters()[0], kernel_starts=1)
    assert figure["graded"] == {"parallel": SMOKE_COUNT, "sequential": SMOKE_COUNT}, figure
    return figure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--workers", type=int, default=None, help="aiocourse grade --workers (default: its own)")
    parser.add_argument("--chapter", default=CHAPTER, choices=samples().graded_chapters(),
                        help=f"a chapter with sample answers (default {CHAPTER})")
    args = parser.parse_args(argv)
    result = measure(args.count, args.workers, args.chapter)
    print(json.dumps(result, indent=1))
    return 0 if result["same_scores"] else 1


if __name__ == "__main__":
    sys.exit(main())
