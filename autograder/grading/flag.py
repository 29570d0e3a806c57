"""``FlagForManualGrading``: put the grader's tampering flags where an instructor will read them.

``ResilientExecute`` stores on the graded notebook the flags :mod:`.tamper` raised (student
code that reaches into the grader).  This nbgrader preprocessor, placed after
``SaveAutoGrades`` in ``nbgrader_config.py``, writes them into the gradebook the way
nbgrader itself marks work for a human: the submitted notebook is *flagged* (formgrader's
flag), every grade of it *needs manual grading*, and the reasons go into the automatic
comment of its first answer cell (so the feedback tells the student why too).  Scores are
left as autograded: the flag withholds nothing by itself, it makes sure the instructor reads
them before trusting them.  ``aiocourse grade`` lists flagged students at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from .tamper import flags_of

__all__ = ["FlagForManualGrading", "flag_comment", "flags_in"]


def flag_comment(reasons: list[str]) -> str:
    return ("aiocourse flagged this notebook for manual grading: its code reaches into the grader, so the "
            "automatic scores cannot be trusted until someone reads it.\n" + "\n".join(f"- {r}" for r in reasons))


class FlagForManualGrading(NbGraderPreprocessor):
    """Mark a tampering submission for manual grading in the gradebook (see the module doc)."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        flags = flags_of(nb)
        if not flags:
            return nb, resources
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            notebook.flagged = True
            for grade in notebook.grades:
                grade.needs_manual_grade = True
            comments = sorted(notebook.comments, key=lambda c: c.cell_id)
            if comments:
                comments[0].auto_comment = flag_comment([str(f) for f in flags])
            gradebook.db.commit()
        for flag in flags:
            self.log.warning("%s flagged for manual grading: %s", info["student"], flag)
        return nb, resources


def flags_in(folder: Path) -> list[str]:
    """The flags stored on the graded notebooks in ``folder`` (one student's ``autograded/`` copy)."""
    import nbformat

    found: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            found += [f"{path.name} {flag}" for flag in flags_of(nbformat.read(path, as_version=4))]
        except (OSError, ValueError):
            continue
    return found
