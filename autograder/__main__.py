"""``python -m autograder`` is the ``aiocourse`` command."""

import sys

from .cli import main

sys.exit(main())
