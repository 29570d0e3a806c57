"""Late submissions (issue 31): the course's policy as nbgrader's late-submission plugin.

The rule itself (none, zero, a percentage per started day, per-student extensions), the
plugin as nbgrader's ``AssignLatePenalties`` builds it from config, and ``aiocourse grade``
applying it end to end to submissions with a ``timestamp.txt`` past the gradebook's due date.
"""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys

import nbformat
import pytest
from traitlets import TraitError
from traitlets.config import Config

from autograder.course import tool_env
from autograder.grading.late import DAY, LatePolicy, penalty

CHAPTER = "04_coroutines"


@pytest.mark.parametrize("method, late, expected", [
    ("none", 5 * DAY, None),
    ("zero", 1, 10.0),
    ("per_day", 0, None),
    ("per_day", 1, 1.0),             # a started day counts whole
    ("per_day", DAY, 1.0),
    ("per_day", DAY + 1, 2.0),
    ("per_day", 2.5 * DAY, 3.0),
    ("per_day", 40 * DAY, 10.0),     # never more than the score
])
def test_penalty_rule(method, late, expected):
    assert penalty(method, 10.0, late, percent_per_day=10) == expected


def plugin(**settings) -> LatePolicy:
    """The plugin as nbgrader's AssignLatePenalties makes it, from the course's config keys."""
    from nbgrader.preprocessors import AssignLatePenalties

    config = Config()
    config.AssignLatePenalties.plugin_class = LatePolicy
    config.LateSubmissionPlugin.penalty_method = settings.pop("method", "per_day")
    for key, value in settings.items():
        setattr(config.LatePolicy, key, value)
    step = AssignLatePenalties(config=config)
    step.assignment_id = CHAPTER
    step.init_plugin()
    return step.plugin_inst


def test_extensions_per_student_and_per_assignment():
    policy = plugin(percent_per_day=25, extension_days={"ben": 2, "cy": {CHAPTER: 0.5, "05_tasks": 9}})
    assert isinstance(policy, LatePolicy) and policy.penalty_method == "per_day"
    assert policy.late_submission_penalty("ana", 8.0, 3600) == 2.0  # no extension: one started day
    assert policy.late_submission_penalty("ben", 8.0, 1.5 * DAY) is None  # within two days
    assert policy.late_submission_penalty("ben", 8.0, 2 * DAY + 60) == 2.0  # a minute past them
    assert policy.late_submission_penalty("cy", 8.0, 0.25 * DAY) is None  # this assignment's half day
    assert policy.late_submission_penalty("cy", 8.0, 3 * DAY) == 6.0  # 2.5 days past it: three started days


def test_zero_method_from_nbgraders_own_key():
    """The classroom's `--late-penalty zero` writes nbgrader's key; the course's plugin obeys it."""
    assert plugin(method="zero").late_submission_penalty("ana", 7.0, 60) == 7.0


@pytest.mark.parametrize("settings, message", [
    ({"percent_per_day": 150}, "between 0 and 100"),
    ({"extension_days": {"ben": "two"}}, "is not a number of days"),
    ({"extension_days": {"ben": {CHAPTER: -1}}}, "is not a number of days"),
])
def test_bad_settings_are_refused(settings, message):
    with pytest.raises(TraitError, match=message):
        plugin(**settings)


@pytest.mark.nbgrader
def test_aiocourse_grade_applies_the_late_policy(tmp_path):
    """Two correct submissions after the due date: 'late' 2.5 days (three started days at 10 %:
    30 % off), 'extended' 1.5 days with a 2-day extension (nothing off).  The penalty lands in
    the gradebook, in what grade prints, and in grades.csv, as nbgrader autograde would give it."""
    from nbgrader.api import Gradebook

    from submissions import full_marks, make_submission, scratch_course, variants

    course = scratch_course(tmp_path / "course", CHAPTER)
    with (course / "nbgrader_config.py").open("a") as config:
        config.write('\nc.LateSubmissionPlugin.penalty_method = "per_day"\n'
                     "c.LatePolicy.percent_per_day = 10\n"
                     'c.LatePolicy.extension_days = {"extended": 2}\n')
    due = datetime.datetime(2027, 1, 15, 23, 59)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment(CHAPTER, duedate=due)
    for student, late_days in (("late", 2.5), ("extended", 1.5)):
        folder = course / "submitted" / student / CHAPTER
        folder.mkdir(parents=True)
        nbformat.write(make_submission(CHAPTER, variants(CHAPTER)["correct"]), folder / f"{CHAPTER}.ipynb")
        stamp = due + datetime.timedelta(days=late_days)
        (folder / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", CHAPTER, "--quiet", "--workers", "2"],
                          cwd=course, capture_output=True, text=True, env=tool_env(), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    full = full_marks(CHAPTER)
    after = round(full * 0.7, 2)
    assert f"late: {after:g}/{full:g}" in done.stdout and "late by 2.50 day(s)" in done.stdout, done.stdout
    assert f"extended: {full:g}/{full:g}" in done.stdout
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert gb.find_submission(CHAPTER, "late").late_submission_penalty == pytest.approx(full * 0.3)
        assert gb.find_submission(CHAPTER, "extended").late_submission_penalty == 0
    with (course / "grades.csv").open() as rows:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(rows)}
    assert scores == {"late": pytest.approx(after), "extended": pytest.approx(full)}
