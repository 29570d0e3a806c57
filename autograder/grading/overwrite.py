"""Put the hidden tests back without calling it tampering: nbgrader's ``OverwriteCells``, quieter.

Why plain ``nbgrader autograde`` warned ``Attribute 'checksum' for cell test_… has changed!``
for every test cell with hidden tests, on every submission, untouched or not:
``generate_assignment`` records each cell in the gradebook (``SaveCells``) *before* it removes
the hidden tests (``ClearHiddenTests``), so the gradebook's checksum is the master's, hidden
tests included, while the student's notebook carries the released cell, without them.
``OverwriteCells`` compares the two, finds them different, warns, and puts the master's
source back -- which is exactly how the hidden tests get graded.  Nothing was wrong.

:class:`RestoreHiddenTests` does the same overwrite, but first asks whether the student's
cell is the released one (the master with its hidden regions removed, as ``ClearHiddenTests``
removes them): then it restores the master silently (one INFO line), and only a test cell the
student really changed still gets nbgrader's warning, with the master graded in its place.
Set in ``nbgrader_config.py`` (``c.Autograde.sanitize_preprocessors``), so ``nbgrader
autograde``, ``aiocourse grade`` and ``aiocourse check`` all use it.
"""

from __future__ import annotations

import copy

from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells

__all__ = ["RestoreHiddenTests", "released_source"]


def released_source(master: str, clearer: ClearHiddenTests | None = None) -> str:
    """The master cell's source as ``generate_assignment`` releases it: hidden regions removed."""
    from nbformat.v4 import new_code_cell

    cell = new_code_cell(master)
    (clearer or ClearHiddenTests())._remove_hidden_test_region(cell)
    return cell.source


class RestoreHiddenTests(OverwriteCells):
    """``OverwriteCells`` that restores a released test cell's hidden tests without a warning."""

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None and utils.is_locked(cell):
            try:
                master = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:
                master = None  # nbgrader says so below
            if master is not None and master.locked and cell.source != master.source:
                clearer = ClearHiddenTests(parent=self)
                if cell.source.strip() == released_source(master.source, clearer).strip():
                    restored = copy.deepcopy(cell)
                    restored.source = master.source
                    restored.metadata.nbgrader["checksum"] = master.checksum
                    if utils.compute_checksum(restored) == master.checksum:
                        self.log.info("Cell %s: as released; its hidden tests are put back from the gradebook",
                                      grade_id)
                        cell.source = master.source
        return super().preprocess_cell(cell, resources, cell_index)
