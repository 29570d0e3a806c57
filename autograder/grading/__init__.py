"""Grading: one notebook without a gradebook (merge, execute, score: ``aiocourse check``), nbgrader's
Execute with recovery and the sandbox (preprocessor), feedback, and class-wide parallel grading."""
