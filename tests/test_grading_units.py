"""The pure grading functions on in-memory notebooks: merge, score, intake -- seconds, no kernel.

End-to-end runs catch a broken grade too, but in minutes; these pin each rule down where it
lives, so a change to one is caught at once and named.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from autograder.course import Course
from autograder.grading.intake import IntakeError, find_submissions
from autograder.grading.merge import merge_for_grading
from autograder.grading.score import score_notebook


def meta(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False, points: float = 0):
    nbgrader = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": locked, "schema_version": 3}
    if grade:
        nbgrader["points"] = points
    return {"nbgrader": nbgrader}


def reference() -> nbformat.NotebookNode:
    return v4.new_notebook(cells=[
        v4.new_code_cell("import asyncio", metadata=meta("setup", locked=True)),
        v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION", metadata=meta("answer", solution=True)),
        v4.new_code_cell("assert x == 1\n### BEGIN HIDDEN TESTS\nassert x != 2\n### END HIDDEN TESTS",
                         metadata=meta("test_x", grade=True, locked=True, points=2)),
    ])


def student(answer: str = "x = 1", test: str = "pass", drop: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cells = [
        v4.new_code_cell("import asyncio", metadata=meta("setup", locked=True)),
        v4.new_markdown_cell("my notes"),
        v4.new_code_cell(answer, metadata=meta("answer", solution=True)),
        v4.new_code_cell(test, metadata=meta("test_x", grade=True, locked=True, points=2)),
    ]
    return v4.new_notebook(cells=[c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") not in drop])


def sources(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells]


def test_merge_keeps_answers_and_notes_and_restores_the_instructors_tests():
    merged = merge_for_grading(student(test="pass  # edited"), reference())
    assert sources(merged) == ["import asyncio", "my notes", "x = 1", "assert x == 1\nassert x != 2"]


def test_merge_puts_a_deleted_test_back_and_a_deleted_answer_back_unanswered():
    merged = merge_for_grading(student(drop=("test_x", "answer")), reference())
    # Back after the protected cell that precedes them in the instructor's copy.
    assert sources(merged)[0] == "import asyncio" and "assert x == 1" in sources(merged)[2]
    answer = next(c for c in merged.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer")
    assert "NotImplementedError" in answer.source and "x = 1" not in answer.source  # never the solution


def test_merge_ignores_a_duplicated_cell():
    nb = student()
    nb.cells.append(v4.new_code_cell("x = 2", metadata=meta("answer", solution=True)))
    assert sources(merge_for_grading(nb, reference())).count("x = 2") == 0


def test_score_reads_points_and_the_first_useful_message():
    nb = reference()
    nb.cells[2].outputs = [v4.new_output("error", ename="CheckFailed", evalue="expected 1\n  got 2", traceback=[])]
    [result] = score_notebook(nb)
    assert (result.grade_id, result.points, result.max_points, result.passed) == ("test_x", 0.0, 2.0, False)
    assert result.message == "expected 1\n  got 2"
    nb.cells[2].outputs = []
    assert score_notebook(nb)[0].points == 2.0 and score_notebook(nb)[0].message == "passed"


def test_score_fails_a_test_that_wrote_to_stderr():
    nb = reference()
    nb.cells[2].outputs = [v4.new_output("stream", name="stderr", text="warning: hidden input 42")]
    [result] = score_notebook(nb)
    assert result.points == 0 and result.message.startswith("the test wrote to stderr")


@pytest.fixture
def course(tmp_path: Path) -> Course:
    (tmp_path / "release").mkdir()
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    folder = tmp_path / "source" / "04_coroutines"
    folder.mkdir(parents=True)
    nbformat.write(reference(), folder / "04_coroutines.ipynb")
    return Course(tmp_path)


def submit(course: Course, who: str, text: str, name: str = "04_coroutines.ipynb") -> None:
    folder = course.folder("submitted", who, "04_coroutines")
    folder.mkdir(parents=True)
    (folder / name).write_text(text)


def test_intake_names_each_bad_submission_and_keeps_the_good_ones(course):
    submit(course, "ann", nbformat.writes(student()))
    submit(course, "bob", "{ not json")
    submit(course, "cy", nbformat.writes(student()), name="homework.ipynb")
    submit(course, "dee", nbformat.writes(v4.new_notebook(cells=[v4.new_code_cell("1")])))
    found = {s.student: s.problems for s in find_submissions(course, "04_coroutines")}
    assert found["ann"] == []
    assert "not a readable notebook" in found["bob"][0]
    assert "homework.ipynb is not a notebook of 04_coroutines" in found["cy"][0]
    assert "none of 04_coroutines's graded cells" in found["dee"][0]


def test_intake_stops_on_an_unknown_assignment_or_nothing_submitted(course):
    with pytest.raises(IntakeError, match="unknown assignment '99_x' \\(the course has: 04_coroutines\\)"):
        find_submissions(course, "99_x")
    with pytest.raises(IntakeError, match="no folder submitted/<student>/04_coroutines/"):
        find_submissions(course, "04_coroutines")


def test_a_failure_in_a_hidden_test_is_labelled_hidden():
    merged = merge_for_grading(student(), reference())
    test = merged.cells[-1]
    assert test.metadata["aiocourse"]["hidden_lines"] == [2]  # "assert x != 2", markers gone
    test.outputs = [v4.new_output("error", ename="AssertionError", evalue="",
                                  traceback=["Cell In[4], line 2", "----> 2 assert x != 2"])]
    assert score_notebook(merged)[0].hidden is True
    test.outputs[0]["traceback"] = ["Cell In[4], line 1", "----> 1 assert x == 1"]
    assert score_notebook(merged)[0].hidden is False
