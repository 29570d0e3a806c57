"""nbgrader's "checksum has changed!" warning (issue 31, point 5): only for test cells a student edited.

``generate_assignment`` records a test cell's checksum with its hidden tests and releases it
without them, so nbgrader's ``OverwriteCells`` warned for every such cell of every submission.
``RestoreHiddenTests`` restores the master quietly when the cell is the released one.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from nbgrader import utils

from autograder.grading.overwrite import RestoreHiddenTests, released_source

ROOT = Path(__file__).resolve().parent.parent
MASTER = "check(shout('hi'), 'HI')\n### BEGIN HIDDEN TESTS\ncheck(shout('secret'), 'SECRET')\n### END HIDDEN TESTS"


def master_cell():
    cell = new_code_cell(MASTER)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_shout", "locked": True, "points": 2,
                                 "solution": False, "schema_version": 3}
    cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
    return cell


def overwrite(cell, caplog):
    master = master_cell()
    step = RestoreHiddenTests()
    step.notebook_id = step.assignment_id = "04_coroutines"
    step.gradebook = SimpleNamespace(
        find_source_cell=lambda *a: SimpleNamespace(source=master.source, checksum=master.metadata.nbgrader.checksum,
                                                    locked=True, cell_type="code"),
        find_graded_cell=lambda *a: SimpleNamespace(max_score=2),
    )
    with caplog.at_level(logging.INFO):
        cell, _ = step.preprocess_cell(cell, {}, 0)
    return cell, [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_released_cell_gets_its_hidden_tests_back_without_a_warning(caplog):
    released = copy.deepcopy(master_cell())
    released.source = released_source(MASTER)
    assert "secret" not in released.source
    cell, warnings = overwrite(released, caplog)
    assert cell.source == MASTER and warnings == []
    assert "as released; its hidden tests are put back" in caplog.text


@pytest.mark.parametrize("edit", ["pass", "check(shout('hi'), 'HI')\nprint('extra')"])
def test_an_edited_test_cell_still_warns_and_is_graded_as_the_master(caplog, edit):
    edited = copy.deepcopy(master_cell())
    edited.source = edit
    cell, warnings = overwrite(edited, caplog)
    assert cell.source == MASTER
    assert any("checksum" in w.getMessage() for w in warnings)


def test_edited_points_still_warn(caplog):
    released = copy.deepcopy(master_cell())
    released.source = released_source(MASTER)
    released.metadata.nbgrader["points"] = 20
    cell, warnings = overwrite(released, caplog)
    assert cell.source == MASTER and any("points" in w.getMessage() for w in warnings)


@pytest.mark.parametrize("chapter", sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir()))
def test_every_released_test_cell_is_its_master_without_hidden_tests(chapter):
    """What the quiet path relies on, for every chapter: release/ is source/ with the hidden regions cut."""
    def locked(step):
        nb = nbformat.read(ROOT / step / chapter / f"{chapter}.ipynb", as_version=4)
        return {c.metadata.nbgrader["grade_id"]: c.source for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata.nbgrader.get("solution")}

    masters, released = locked("source"), locked("release")
    assert masters.keys() == released.keys()
    for grade_id, source in masters.items():
        assert released_source(source).strip() == released[grade_id].strip(), grade_id
