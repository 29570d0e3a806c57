"""Sample answers per chapter, used by the grading tests (see tests/submissions.py)."""
