"""Benchmarks: speed and flake-rate figures for the grader, recorded in RESULTS.md.

Run ``python -m benchmarks`` (full, ~15-25 min) or ``python -m benchmarks --quick``
(≤ 2 min, what CI runs; exits 1 if any check gives a wrong verdict).
"""
