"""nbgrader configuration: the repository root is the course root.

Every key is nbgrader's own; see `nbgrader --help-all`.  Tests copy this file into a
scratch course, so paths here are relative to the folder nbgrader runs in.
"""

import os

c = get_config()  # noqa: F821 -- provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "aiocourse"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"

# The exchange is for JupyterHub deployments; keep it inside the course so that it is
# always writable (the default, /srv/nbgrader/exchange, usually is not).
c.Exchange.root = os.path.join(os.getcwd(), "exchange")

# Grading: every test cell runs student code through autograder.run_virtual, which has
# its own wall-clock deadline (5 s by default), so a cell timeout here is only a backstop
# for code that runs at the top level of a cell: whole seconds, 30 by default, the same for
# `nbgrader autograde`, `aiocourse grade` and `aiocourse check` (which read this setting).
# nbgrader 0.9 reads Execute.* (not ExecutePreprocessor.*).
from autograder.course import DEFAULT_CELL_TIMEOUT  # noqa: E402

c.Execute.timeout = DEFAULT_CELL_TIMEOUT

# With ipykernel 7 the interrupt does not stop a cell whose coroutine spins or awaits
# forever, and every later cell then times out as well.  ResilientExecute (nbgrader's
# Execute, subclassed) does not interrupt: it restarts the kernel, replays the cells that
# had finished, and goes on -- a runaway cell costs its own points only, and no submission
# is dropped.  The rest of the pipeline is nbgrader's.
from nbgrader.converters.autograde import Autograde  # noqa: E402
from nbgrader.preprocessors import Execute  # noqa: E402

from nbgrader.preprocessors import SaveAutoGrades  # noqa: E402

from autograder.grading.flag import FlagForManualGrading  # noqa: E402
from autograder.grading.preprocessor import ResilientExecute  # noqa: E402

# A submission whose code reaches into the grader (IPython's hooks, frames, gc, ctypes...) is
# flagged for manual grading with the reason, right after its scores are saved.
c.Autograde.autograde_preprocessors = [
    replacement
    for step in Autograde.class_traits()["autograde_preprocessors"].default()
    for replacement in ([ResilientExecute] if step is Execute
                        else [SaveAutoGrades, FlagForManualGrading] if step is SaveAutoGrades else [step])
]

# Students' answers replace this stub.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# --- Sandboxed grading kernel (issue 6) -------------------------------------------------
# Autograde runs every submission in the `aiocourse-grader` kernel: its launcher
# (autograder/sandbox/launch.py) applies the limits below, then execs ipykernel.  The
# spec is installed into this Python's prefix when missing (cheap, idempotent), so a
# fresh virtualenv needs no extra step.  As root the kernel also gets its own network
# namespace (only its own loopback), a pids cgroup, and the course's source/, submitted/ and
# gradebook hidden; docs/grading.md says what is and is not isolated.  0 = no limit.
from autograder.sandbox import KERNEL_NAME, ensure_kernelspec  # noqa: E402

ensure_kernelspec()
c.Execute.kernel_name = KERNEL_NAME
c.SandboxLimits.cpu_seconds = 120  # CPU seconds per kernel (RLIMIT_CPU)
c.SandboxLimits.address_space_bytes = 4 * 1024**3  # virtual memory (RLIMIT_AS): 4 GiB
c.SandboxLimits.max_processes = 64  # processes + threads the kernel may add
c.SandboxLimits.file_size_bytes = 64 * 1024**2  # largest file written (RLIMIT_FSIZE)
c.SandboxLimits.bubblewrap = "bwrap"  # isolates the kernel (namespaces, uid 65534, no course files); "" = off
c.SandboxLimits.isolate_network = True  # own network namespace (bubblewrap; as root without it)
c.SandboxLimits.hidden_paths = []  # more paths to hide (source/, submitted/, the gradebook always are)
c.ResilientExecute.max_output_bytes = 1_000_000  # printed text kept per cell

# Feedback without hidden tests (nbgrader #917): test cells show the harness's message,
# never the hidden tests' code or a traceback quoting it.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from autograder.grading.feedback import HideHiddenTests  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]

# --- The instructor's term (issue 31): hidden tests put back quietly, late submissions ---------
# generate_assignment records each test cell's checksum *with* its hidden tests, then releases
# the cell without them; nbgrader's OverwriteCells therefore warned "Attribute 'checksum' for
# cell test_... has changed!" for every such cell of every submission, untouched or not.
# RestoreHiddenTests puts the master back silently when the student's cell is the released one,
# and still warns for a test cell the student really edited (the master is graded either way).
from nbgrader.preprocessors import OverwriteCells  # noqa: E402

from autograder.grading.overwrite import RestoreHiddenTests  # noqa: E402

c.Autograde.sanitize_preprocessors = [
    RestoreHiddenTests if step is OverwriteCells else step
    for step in Autograde.class_traits()["sanitize_preprocessors"].default()
]

# Late submissions: nbgrader's AssignLatePenalties runs in every autograde (nbgrader autograde
# and aiocourse grade alike) and asks this plugin.  A submission is late when its timestamp.txt
# is past the assignment's due date (`nbgrader db assignment add 04_coroutines
# --duedate="2027-01-15 23:59:00 Europe/Paris"`) plus the student's extension.  grades.csv
# (nbgrader export) and aiocourse grade's scores subtract the penalty.
from autograder.grading.late import LatePolicy  # noqa: E402

c.AssignLatePenalties.plugin_class = LatePolicy
c.LateSubmissionPlugin.penalty_method = "none"  # "none", "zero" (scores 0) or "per_day"
c.LatePolicy.percent_per_day = 10.0  # "per_day": percent of the notebook's score per started day late
c.LatePolicy.extension_days = {}  # per student, in days: {"ben": 2} or {"ben": {"04_coroutines": 1.5}}
