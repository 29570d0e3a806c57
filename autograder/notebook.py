"""What a student sees in a notebook: a pass line, a failed check as its message, cells by name.

Kernel-side only, and only inside IPython; elsewhere (pytest, scripts) nothing changes.

* A graded test cell that passes prints one line, ``✓ test_shout — 1/1 points``.  The
  kernel learns which cell ran from the execute request (``cell_id``, sent by JupyterLab)
  and reads that cell's nbgrader metadata from the notebook file (``JPY_SESSION_NAME``,
  set by the Jupyter server).  Where either is missing -- nbclient, so ``nbgrader
  autograde`` and ``aiocourse check`` -- nothing is printed: graded outputs stay as they were.
* A failed test shows as its message under one header line that names the test cell's
  line (``Cell In[7], line 3``, the form nbgrader's feedback reads to tell a hidden test
  from a visible one), instead of 12–30 lines of traceback through the harness or through
  the test's own source: a :class:`~autograder.CheckFailed` (its *expected / got / hint*),
  and a plain ``assert`` or ``raise AssertionError`` alike -- an assert without a message
  is rewritten to say what it compared (:mod:`autograder.assertions`).  Both are installed
  when ``autograder`` is imported: an IPython AST transformer and a custom exception handler
  for ``AssertionError``, so a grading kernel's guard, which snapshots IPython's pipeline
  after that import, keeps them for every test cell.  The kernel still replies ``error``.
* Frames of the student's code are named as IPython names them (``Cell In[5]``), not by
  the kernel's temporary file name.
* ``check()`` runs the notebook's test cells (all, or some by id) and prints a line each,
  with the failure's message under it.
"""

from __future__ import annotations

import ast
import json
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["cell_label", "check", "render_check_failure", "render_failure", "install_failure_display",
           "install_pass_line"]

_STARTED_IN = os.getcwd()  # the notebook's folder when the kernel started
_CACHE: dict[str, Any] = {}  # notebook path -> (mtime, {cell id: nbgrader metadata}); mutated, never rebound
_RUNNING: dict[str, Any] = {}  # "cell_id": the id of the cell running now (JupyterLab sends it); mutated
#: What an ``AssertionError`` with no message at all says (a bare ``raise AssertionError``).
NO_MESSAGE = "a check failed without a message (the test gave no details)"


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def cell_label(filename: str) -> str:
    """``Cell In[5]`` for a notebook cell's code, else the file name unchanged."""
    shell = _shell()
    number = getattr(getattr(shell, "compile", None), "_filename_map", {}).get(filename)
    return f"Cell In[{number}]" if number is not None else filename


def _cell_frames(tb: TracebackType | None) -> list[tuple[str, int, str]]:
    """(``Cell In[n]``, line, function) of every frame of notebook code, outermost first."""
    found = []
    while tb is not None:
        code = tb.tb_frame.f_code
        label = cell_label(code.co_filename)
        if label.startswith("Cell In["):
            found.append((label, tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return found


def _first_cell_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    frames = _cell_frames(tb)
    return (frames[0][0], frames[0][1]) if frames else None


def _running_test() -> str | None:
    """The grade id of the test cell running now, when JupyterLab said which cell it is."""
    cell_id, session = _RUNNING.get("cell_id"), os.environ.get("JPY_SESSION_NAME")
    if not cell_id or not session:
        return None
    try:
        meta = _graded_cells(Path(_STARTED_IN) / Path(session).name).get(cell_id, {})
    except (OSError, ValueError):
        return None
    return meta.get("grade_id") if meta.get("grade") and not meta.get("solution") else None


def render_failure(error: BaseException) -> list[str]:
    """The lines IPython shows for a failed test: where, then the message alone.

    ``✗ AssertionError — Cell In[12], line 20`` (and the test's id when JupyterLab said which
    cell runs), then the message; when the assert was raised in another cell (the student's
    own function), one more line says where.  No source line is quoted: a hidden test's code
    never shows.  In JupyterLab, a check that carries timelines draws them -- the student's
    run above the expected one -- as a picture, shown instead of their text charts.  Elsewhere
    (nbclient, so ``aiocourse check`` and nbgrader's feedback) the message keeps its text charts.
    """
    frames = _cell_frames(error.__traceback__)
    header = f"✗ {type(error).__name__}"
    if frames:
        header += f" — {frames[0][0]}, line {frames[0][1]}"
    test = _running_test()
    if test:
        header += f" ({test})"
    message = str(error) or NO_MESSAGE
    charts = getattr(error, "charts", "")
    if charts and _draw_timelines(error):
        message = message.replace(charts, "")
    lines = ["\x1b[31m" + header + "\x1b[0m", *message.splitlines()]
    if frames and frames[-1][0] != frames[0][0]:
        label, line, function = frames[-1]
        lines.append(f"  (raised in {label}, line {line}" + (f", in {function}()" if function != "<module>" else "") + ")")
    return lines


#: A failed check renders as any failed test does (``CheckFailed._render_traceback_``).
render_check_failure = render_failure


def _draw_timelines(error: BaseException) -> bool:
    """Display the failed check's timelines as a figure, in a JupyterLab session only."""
    timelines = getattr(error, "timelines", None)
    if timelines is None or not os.environ.get("JPY_SESSION_NAME") or _shell() is None:
        return False
    if getattr(error, "_aiocourse_drawn", False):  # IPython renders an error twice (display, reply)
        return True
    try:
        from IPython.display import display

        yours, expected = timelines
        display(yours.plot("your run" if expected is None else "", expected=expected))
        error._aiocourse_drawn = True  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 -- no matplotlib, no display: the text charts stay
        return False
    return True


def _graded_cells(notebook: Path) -> dict[str, dict[str, Any]]:
    mtime = notebook.stat().st_mtime
    cached = _CACHE.get(str(notebook))
    if cached is None or cached[0] != mtime:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        found = {c.get("id"): c.get("metadata", {}).get("nbgrader", {}) for c in cells if c.get("id")}
        _CACHE[str(notebook)] = cached = (mtime, found)
    return cached[1]


def _pass_line(result: Any) -> None:
    cell_id = getattr(getattr(result, "info", None), "cell_id", None)
    session = os.environ.get("JPY_SESSION_NAME")
    if not result.success or not cell_id or not session:
        return
    try:
        meta = _graded_cells(Path(_STARTED_IN) / Path(session).name).get(cell_id, {})
    except (OSError, ValueError):
        return
    if meta.get("grade") and not meta.get("solution") and meta.get("grade_id"):
        points = float(meta.get("points", 0))
        print(f"✓ {meta['grade_id']} — {points:g}/{points:g} point{'s' if points != 1 else ''}")


def install_pass_line() -> None:
    """Register the pass line once per kernel (importing ``autograder`` calls this)."""
    shell = _shell()
    if shell is None or getattr(shell, "_aiocourse_pass_line", False):
        return
    shell.events.register("post_run_cell", _pass_line)
    shell.events.register("pre_run_cell", _note_running_cell)
    shell._aiocourse_pass_line = True


def _note_running_cell(info: Any) -> None:
    _RUNNING["cell_id"] = getattr(info, "cell_id", None)


def _show_failure(shell: Any, etype: type, value: BaseException, tb: TracebackType | None,
                  tb_offset: int | None = None) -> list[str]:
    """IPython's custom exception handler for ``AssertionError`` (``CheckFailed`` included):
    show :func:`render_failure` as the cell's error -- the kernel's reply still says ``error``
    and carries these lines as its traceback."""
    sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb  # %debug and %tb still work
    lines = render_failure(value)
    shell._showtraceback(etype, value, lines)
    return lines


def install_failure_display() -> None:
    """Make every failing assert read like a failed check, once per kernel (importing
    ``autograder`` calls this): the assert rewriter and the ``AssertionError`` handler."""
    shell = _shell()
    if shell is None or getattr(shell, "_aiocourse_failures", False):
        return
    from .assertions import RewriteAsserts

    if not any(isinstance(t, RewriteAsserts) for t in shell.ast_transformers):
        shell.ast_transformers.append(RewriteAsserts())
    if not shell.custom_exceptions:  # someone else's handler stays
        shell.set_custom_exc((AssertionError,), _show_failure)
    shell._aiocourse_failures = True


def _this_notebook() -> Path | None:
    session = os.environ.get("JPY_SESSION_NAME")
    if not session:
        return None
    path = Path(_STARTED_IN) / Path(session).name
    return path if path.is_file() else None


def _compile_test(shell: Any, source: str, name: str) -> Any:
    """A test cell's code as the notebook would run it: magics translated, asserts rewritten."""
    from .assertions import rewrite_asserts

    return compile(rewrite_asserts(ast.parse(shell.transform_cell(source), name), name), name, "exec")


def check(*tests: str, notebook: str | Path | None = None) -> dict[str, float]:
    """Run this notebook's test cells now -- all, or the named ones -- and print a line each.

    For a student who wants the whole picture without a terminal: ``check()`` at the end of
    the notebook, or ``check("test_shout")`` after one answer.  The test cells run in the
    notebook's own namespace, as if run one after another (save the notebook first: they are
    read from the file).  Returns ``{test id: points}``.
    """
    path = Path(notebook) if notebook is not None else _this_notebook()
    shell = _shell()
    if path is None or shell is None:
        raise RuntimeError("check() runs inside a notebook in JupyterLab; in a terminal use `aiocourse check NOTEBOOK`")
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    graded = [(c.get("metadata", {}).get("nbgrader", {}), "".join(c.get("source", ""))) for c in cells]
    graded = [(m, s) for m, s in graded if m.get("grade") and not m.get("solution") and m.get("grade_id")]
    wanted = [(m, s) for m, s in graded if not tests or m["grade_id"] in tests]
    unknown = set(tests) - {m["grade_id"] for m, _ in graded}
    if unknown:
        raise ValueError(f"no test called {', '.join(sorted(unknown))} in {path.name} "
                         f"(its tests: {', '.join(m['grade_id'] for m, _ in graded)})")
    scores: dict[str, float] = {}
    for meta, source in wanted:
        points = float(meta.get("points", 0))
        try:
            exec(_compile_test(shell, source, f"<{meta['grade_id']}>"), shell.user_ns)  # noqa: S102 -- the notebook's own test
        except Exception as error:  # noqa: BLE001 -- a failed test is a result here
            lines = (str(error) or (NO_MESSAGE if isinstance(error, AssertionError) else "")).splitlines()
            first, rest = (lines[0] if lines else type(error).__name__), lines[1:]
            print(f"✗ {meta['grade_id']} — 0/{points:g}: {type(error).__name__}: {first}")
            for line in rest:
                print("    " + line)
            scores[meta["grade_id"]] = 0.0
        else:
            print(f"✓ {meta['grade_id']} — {points:g}/{points:g}")
            scores[meta["grade_id"]] = points
    total, most = sum(scores.values()), sum(float(m.get("points", 0)) for m, _ in wanted)
    print(f"{total:g}/{most:g} points from the visible tests (the grader also runs hidden ones)")
    return scores
