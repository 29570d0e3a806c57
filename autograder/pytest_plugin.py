"""pytest plugin (registered through the ``pytest11`` entry point): the harness in tests.

The same checks that test cells use work in plain pytest on a ``.py`` submission::

    def test_concurrent(virtual):
        assert_concurrent(virtual(main), durations=[3, 3, 3])

``virtual`` is :func:`autograder.run_virtual`, as a fixture so tests need no import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .outcome import Outcome
from .runner import run_virtual


@pytest.fixture
def virtual() -> Callable[..., Outcome]:
    """Run a coroutine function on virtual time: ``virtual(fn, *args) -> Outcome``."""

    def run(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Outcome:
        return run_virtual(fn, *args, **kwargs)

    return run
