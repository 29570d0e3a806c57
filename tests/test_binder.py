"""Binder builds the course as intended: the real repo2docker reads ``binder/``.

``jupyter-repo2docker --no-build --debug`` prints the Dockerfile it would build, without
Docker.  From it: the Python of the image (3.11 or newer: nbgrader 0.9.6 needs it; without
``binder/runtime.txt`` repo2docker picks 3.10 and the build fails), that
``binder/requirements.txt`` is installed, and that ``binder/postBuild`` runs after it.  The
pins themselves must satisfy every dependency range of ``pyproject.toml``, or Binder would
test a different course than CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
MINIMUM = (3, 11)


def repo2docker() -> str:
    here = Path(sys.executable).parent / "jupyter-repo2docker"
    found = str(here) if here.exists() else shutil.which("jupyter-repo2docker")
    if found is None:
        pytest.skip("jupyter-repo2docker is not installed (it is in the dev extra: pip install -e '.[dev]')")
    return found


@pytest.fixture(scope="module")
def dockerfile() -> tuple[str, str]:
    """(Dockerfile, log) as repo2docker prints them for the repository root."""
    done = subprocess.run(
        [repo2docker(), "--no-build", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, f"repo2docker failed:\n{done.stderr[-3000:]}"
    assert "FROM " in done.stdout, f"no Dockerfile printed:\n{done.stdout[-2000:]}"
    return done.stdout, done.stderr


def pins() -> dict[str, Requirement]:
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    found = [Requirement(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()]
    return {r.name.lower().replace("_", "-"): r for r in found}


def test_runtime_pins_python_3_11():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"


def test_the_image_has_python_3_11_or_newer(dockerfile):
    text, log = dockerfile
    # The base environment is a conda lock file copied from repo2docker's package; its name,
    # escaped in the COPY line, carries the Python version: environment.py-3.11-linux-64.lock
    locks = re.findall(r"environment-2epy-2d(\d+)-2e(\d+)-2dlinux", text)
    assert locks, f"no conda environment lock in the Dockerfile:\n{text[:3000]}"
    versions = {(int(major), int(minor)) for major, minor in locks}
    assert min(versions) >= MINIMUM, f"the image's Python is {min(versions)}, nbgrader needs {MINIMUM}"
    assert "Python version unspecified" not in log, log
    built = re.search(r"Building conda environment for python=(\d+)\.(\d+)", log)
    assert built and (int(built[1]), int(built[2])) >= MINIMUM, log


def test_the_requirements_are_installed_then_the_postbuild_runs(dockerfile):
    text, _ = dockerfile
    copy = text.find("COPY --chown=0:0 src/binder/requirements.txt ${REPO_DIR}/binder/requirements.txt")
    install = text.find('bin/pip install --no-cache-dir -r "binder/requirements.txt"')
    repository = text.find("COPY --chown=0:0 src/ ${REPO_DIR}/")
    postbuild = text.find("RUN ./binder/postBuild")
    assert -1 not in (copy, install, repository, postbuild), text[text.find("# The rest of the environment"):]
    # The pinned requirements need nothing of the repository: installed before it is copied
    # in (a cached layer), and the course package by postBuild once it is there.
    assert copy < install < repository < postbuild


def test_postbuild_installs_the_course_from_pypi_only():
    script = BINDER / "postBuild"
    assert script.stat().st_mode & 0o111, "postBuild must be executable"
    text = script.read_text()
    assert text.startswith("#!/bin/bash") and "set -euo pipefail" in text
    commands = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert any(re.search(r"pip install .*-e \.$", line) for line in commands), commands
    for line in commands:  # nothing fetched from anywhere but PyPI
        assert not re.search(r"\b(curl|wget|git clone|--index-url|--extra-index-url|https?://)", line), line


def test_the_pins_satisfy_every_dependency_of_the_package():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = pins()
    for spec in map(Requirement, declared):
        name = spec.name.lower().replace("_", "-")
        assert name in pinned, f"{spec.name} is a dependency but binder/requirements.txt does not pin it"
        pin = pinned[name]
        (exact,) = [s for s in pin.specifier if s.operator == "=="]
        assert spec.specifier.contains(exact.version, prereleases=True), f"{pin} is outside {spec}"
        assert spec.extras <= pin.extras, f"{pin} lacks the extras of {spec}"
