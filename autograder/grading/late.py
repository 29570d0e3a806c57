"""Late submissions: the course's policy, as nbgrader's late-submission plugin.

nbgrader's ``AssignLatePenalties`` (a step of every autograde, ``nbgrader autograde`` and
``aiocourse grade`` alike) asks ``c.AssignLatePenalties.plugin_class`` for the penalty of
each late notebook: how late it is comes from the gradebook (the assignment's due date, set
with ``nbgrader db assignment add ID --duedate=...``, the student's extension there if any)
and the submission's ``timestamp.txt``.  nbgrader's own plugin knows "none" and "zero";
:class:`LatePolicy` adds a percentage per day late and per-student extensions kept in
``nbgrader_config.py`` (so they are reviewed, and apply on every regrade):

    c.AssignLatePenalties.plugin_class = LatePolicy
    c.LateSubmissionPlugin.penalty_method = "per_day"     # or "none", "zero"
    c.LatePolicy.percent_per_day = 10                     # of the notebook's score, per started day
    c.LatePolicy.extension_days = {"ben": 2, "cy": {"04_coroutines": 0.5}}

nbgrader subtracts the penalty when it exports grades (``grades.csv``) and shows it in the
formgrader; the scores in the gradebook stay the points the tests gave.
"""

from __future__ import annotations

import math
from textwrap import dedent

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Dict, Enum, Float, TraitError, validate

__all__ = ["LatePolicy", "penalty"]

DAY = 86400.0


def penalty(method: str, score: float, seconds_late: float, percent_per_day: float = 0.0) -> float | None:
    """The points taken off a notebook that scored ``score`` and came ``seconds_late`` late
    (after any extension); ``None`` when nothing is taken."""
    if seconds_late <= 0 or method == "none":
        return None
    if method == "zero":
        return score
    days = math.ceil(seconds_late / DAY)  # a started day counts: one second late is one day
    return min(score, score * percent_per_day * days / 100.0)


class LatePolicy(LateSubmissionPlugin):
    """nbgrader's late-submission plugin with a percentage per day and per-student extensions."""

    penalty_method = Enum(
        ("none", "zero", "per_day"),
        default_value="none",
        help=dedent(
            """
            What a late submission costs:
                'none': nothing;
                'zero': everything (the notebook scores 0);
                'per_day': `LatePolicy.percent_per_day` percent of the notebook's score per
                day late, a started day counting as a whole one, at most the whole score.
            Set it as c.LateSubmissionPlugin.penalty_method (nbgrader's own key).
            """
        ),
    ).tag(config=True)

    percent_per_day = Float(
        10.0,
        help="With penalty_method 'per_day': percent of the notebook's score taken off per started day late.",
    ).tag(config=True)

    extension_days = Dict(
        {},
        help=dedent(
            """
            Extensions, in days (fractions allowed): {student: days} for every assignment, or
            {student: {assignment: days}} for some.  A submission within its extension is not
            late; past it, it is late by the time past the extension.  (An extension granted
            in the gradebook is counted as well: nbgrader adds it to the due date.)
            """
        ),
    ).tag(config=True)

    @validate("percent_per_day")
    def _valid_percent(self, proposal):
        value = proposal["value"]
        if not 0 <= value <= 100:
            raise TraitError(f"LatePolicy.percent_per_day must be between 0 and 100, not {value}")
        return value

    @validate("extension_days")
    def _valid_extensions(self, proposal):
        for student, days in proposal["value"].items():
            for value in (days.values() if isinstance(days, dict) else [days]):
                if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                    raise TraitError(f"LatePolicy.extension_days[{student!r}]: {value!r} is not a number of days >= 0")
        return proposal["value"]

    def extension_seconds(self, student_id: str, assignment_id: str | None) -> float:
        days = self.extension_days.get(student_id, 0)
        if isinstance(days, dict):
            days = days.get(assignment_id, 0) if assignment_id else 0
        return float(days) * DAY

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float | None:
        # The preprocessor that asks (AssignLatePenalties) knows which assignment it grades.
        assignment = getattr(self.parent, "assignment_id", None)
        extension = self.extension_seconds(student_id, assignment)
        late = total_seconds_late - extension
        if extension:
            self.log.info("%s has an extension of %g day(s) for %s: %s", student_id, extension / DAY, assignment,
                          f"{late / DAY:.2f} day(s) late" if late > 0 else "on time")
        taken = penalty(self.penalty_method, score, late, self.percent_per_day)
        self.log.info("Late submission policy %r: %s late by %.0f s, penalty %s", self.penalty_method, student_id,
                      max(0.0, late), taken)
        return taken
