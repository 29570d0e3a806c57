"""How long one notebook cell may run: one default for every command that executes notebooks.

``nbgrader_config.py`` sets ``c.Execute.timeout`` from it, ``aiocourse check`` and
``aiocourse grade`` read that setting, and ``--timeout`` overrides it in whole seconds
(nbclient times cells in whole seconds, and reads 0 as "no limit" -- which a grader never
wants: see :func:`autograder.cli.arguments.cell_timeout`).
"""

DEFAULT_CELL_TIMEOUT = 30

__all__ = ["DEFAULT_CELL_TIMEOUT"]
