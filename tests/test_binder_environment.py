"""The student tree's ``binder/`` alone builds a working course, as repo2docker would (minus Docker).

repo2docker installs ``binder/requirements.txt`` into a fresh environment, copies the
repository in, and runs ``binder/postBuild`` from its root.  This test does the same in a
fresh virtual environment, with the tree ``aiocourse export-student`` writes (the one Binder
links point at), then executes every release notebook in that environment's own kernel: the
setup cell must run, and no cell may fail for want of a module -- the stubs' own
``NotImplementedError`` and the tests' failures that follow are expected.  It also reads back
what ``postBuild`` switched off: the instructor's nbgrader tools.

tests/test_binder.py checks, without building, that repo2docker reads ``binder/`` as meant.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from autograder.cli.export import export
from autograder.course import Course

pytestmark = pytest.mark.notebooks  # a pip install and twelve kernels: scheduled early

ROOT = Path(__file__).resolve().parent.parent
INSTALL_SECONDS = 900  # pip from its cache takes about a minute; a cold cache, much longer
RUN_SECONDS = 900

#: Run inside the fresh environment: every release notebook, cell errors collected per cell.
EXECUTE_RELEASES = textwrap.dedent('''
    import json, sys
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient

    report = {}
    for notebook in sorted(Path("release").glob("*/*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(notebook.parent)}})
        client.execute()
        cells = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            role = "setup" if meta.get("locked") and not meta.get("grade") and not meta.get("solution") else \\
                   "test" if meta.get("grade") and not meta.get("solution") else "other"
            errors = [o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            cells.append([role, errors])
        report[notebook.parent.name] = cells
    json.dump(report, sys.stdout)
''')


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(the student tree, the environment of a fresh venv built from its binder/ files)."""
    base = tmp_path_factory.mktemp("binder")
    tree = base / "student"
    assert export(Course(ROOT), tree) == []
    prefix = base / "venv"
    venv.create(prefix, with_pip=True)
    env = {**os.environ, "PATH": f"{prefix / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(prefix),
           "JUPYTER_CONFIG_DIR": str(base / "user-config"), "JUPYTER_DATA_DIR": str(base / "user-data")}
    for name in ("PYTHONPATH", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"):
        env.pop(name, None)
    python = str(prefix / "bin" / "python")
    run([python, "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"], cwd=tree, env=env,
        timeout=INSTALL_SECONDS)
    run(["bash", "binder/postBuild"], cwd=tree, env=env, timeout=INSTALL_SECONDS)
    return tree, env


def test_postbuild_installs_the_course_and_leaves_students_validate_only(binder_env):
    tree, env = binder_env
    python = Path(env["VIRTUAL_ENV"]) / "bin" / "python"
    where = run([str(python), "-c", "import autograder; print(autograder.__file__)"], cwd="/", env=env).stdout
    assert Path(where.strip()).is_relative_to(tree)  # the tree's own package, editable
    config = Path(env["VIRTUAL_ENV"]) / "etc" / "jupyter" / "labconfig" / "page_config.json"
    disabled = json.loads(config.read_text())["disabledExtensions"]
    assert disabled.get("@jupyter/nbgrader:formgrader") and disabled.get("@jupyter/nbgrader:create-assignment")
    assert not disabled.get("@jupyter/nbgrader:validate-assignment")


def test_every_release_notebook_runs_its_visible_tests_there(binder_env):
    tree, env = binder_env
    python = Path(env["VIRTUAL_ENV"]) / "bin" / "python"
    done = run([str(python), "-c", EXECUTE_RELEASES], cwd=tree, env=env, timeout=RUN_SECONDS)
    report = json.loads(done.stdout)
    assert sorted(report) == sorted(p.name for p in (ROOT / "release").iterdir() if p.is_dir())
    problems = []
    for chapter, cells in report.items():
        tests = [errors for role, errors in cells if role == "test"]
        if not tests:
            problems.append(f"{chapter}: no test cell ran")
        for role, errors in cells:
            if role == "setup" and errors:
                problems.append(f"{chapter}: the setup cell failed with {errors}")
            missing = [e for e in errors if e in ("ModuleNotFoundError", "ImportError")]
            if missing:
                problems.append(f"{chapter}: a {role} cell failed with {missing}")
        if tests and not any(errors for errors in tests):
            problems.append(f"{chapter}: every visible test passed on the unanswered notebook")
    assert not problems, "\n".join(problems)
