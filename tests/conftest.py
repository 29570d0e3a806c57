"""Shared test setup: the repository root on sys.path for ``submissions``/``answers``."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
