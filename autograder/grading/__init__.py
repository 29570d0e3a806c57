"""Grading one notebook without a gradebook: merge, execute, score (``aiocourse check``)."""
