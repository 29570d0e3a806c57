"""``HideHiddenTests``: feedback that tells students why a test failed without showing hidden tests.

nbgrader's ``generate_feedback`` renders the autograded notebook, whose test cells hold
the instructor's full source -- hidden tests included -- and tracebacks that quote those
lines (nbgrader issue #917).  This preprocessor runs in ``GenerateFeedback`` before the
HTML export: in every auto-graded test cell the region between ``### BEGIN HIDDEN TESTS``
and ``### END HIDDEN TESTS`` becomes one comment line, and an error becomes the harness's
own message (``CheckFailed: expected ... got ... hint ...``, or a plain assert's message) with
no quoted source.  What a test cell with a hidden region printed is dropped too (it could
show the hidden inputs; ``delay`` is already quiet there).  Error messages wrap instead of
running off-screen (one ``<style>`` markdown cell, ``white-space: pre-wrap``: nbconvert
cleans raw cells' HTML, not markdown's), so a long "got:"
line leaves its hint in view.  The gradebook and the autograded notebooks keep everything,
for the instructor.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode, v4
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution
from traitlets import Unicode

from .merge import HIDDEN_MARKERS
from .score import failing_line

__all__ = ["HideHiddenTests", "hide_hidden_source", "hidden_lines", "failing_line", "WRAP_STYLE"]

#: Outputs wrap in the feedback page (nbgrader's template is nbconvert's classic one; the lab
#: classes are there for a feedback rendered with another template).
WRAP_STYLE = ("<style>.output_subarea pre, .output_area pre, .jp-OutputArea-output pre "
              "{ white-space: pre-wrap; overflow-wrap: anywhere; }</style>")


def hidden_lines(source: str) -> set[int]:
    """1-based numbers of the lines inside hidden regions (markers included)."""
    begin, end = HIDDEN_MARKERS
    numbers, hidden = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == begin:
            hidden = True
        if hidden:
            numbers.add(number)
        if line.strip() == end:
            hidden = False
    return numbers


def hide_hidden_source(source: str, placeholder: str) -> tuple[str, bool]:
    """The source with each hidden region replaced by ``placeholder``; and whether there was one."""
    begin, end = HIDDEN_MARKERS
    kept, hidden, found = [], False, False
    for line in source.splitlines():
        marker = line.strip()
        if marker == begin:
            hidden = found = True
            kept.append(line[: len(line) - len(line.lstrip())] + placeholder)
        elif marker == end:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept), found


class HideHiddenTests(NbGraderPreprocessor):
    """Strip hidden tests and quoted source from test cells; keep the harness's messages."""

    placeholder = Unicode(
        "# (hidden tests ran here; their code is not shown)",
        help="The line that stands for a hidden-test region in the feedback.",
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        nb, resources = super().preprocess(nb, resources)
        nb.cells.append(v4.new_markdown_cell(WRAP_STYLE))
        return nb, resources

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
            return cell, resources
        secret = hidden_lines(cell.source)
        cell.source, hidden = hide_hidden_source(cell.source, self.placeholder)
        outputs = []
        for output in cell.outputs:
            if hidden and output.output_type == "stream" and output.name == "stdout":
                continue  # printed while the hidden tests ran: it could show their inputs
            if output.output_type == "error":
                where = " (in a hidden test)" if failing_line(output.get("traceback", [])) in secret else ""
                output = v4.new_output("error", ename=output.ename, evalue=output.evalue,
                                       traceback=[f"{output.ename}{where}: {output.evalue}"])
            outputs.append(output)
        cell.outputs = outputs
        return cell, resources
