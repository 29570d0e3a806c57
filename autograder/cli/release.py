"""``aiocourse release``: regenerate the student notebooks in release/ with nbgrader.

nbgrader's ``generate_assignment`` does the work (solutions stripped, hidden tests
removed, cells locked, checksums recorded).  It runs in a scratch copy of the course with
its own gradebook, so the real course folder gets nothing but the new release/ files.
``--check`` compares instead of writing: CI fails when release/ is out of sync.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..course import Course, tool_env


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    parser.add_argument("chapters", nargs="*", help="chapter ids (default: every chapter in source/)")
    parser.add_argument("--check", action="store_true", help="only report chapters whose release is stale")
    parser.set_defaults(run=run)


def generate(course: Course, chapter: str, into: Path) -> Path:
    """Run ``nbgrader generate_assignment`` for one chapter; returns the generated folder."""
    scratch = Course(into / "course", config=course.config)
    shutil.copytree(course.folder("source", assignment=chapter), scratch.folder("source", assignment=chapter))
    shutil.copy(course.root / "nbgrader_config.py", scratch.root / "nbgrader_config.py")
    command = [
        sys.executable, "-m", "nbgrader", "generate_assignment", chapter, "--force",
        f"--CourseDirectory.db_url=sqlite:///{into / 'gradebook.db'}",
    ]
    done = subprocess.run(command, cwd=scratch.root, capture_output=True, text=True, env=tool_env())
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {chapter} failed:\n{done.stdout}{done.stderr}")
    return scratch.folder("release", assignment=chapter)


def _same(a: Path, b: Path) -> bool:
    import nbformat  # slow to import: only when comparing

    if a.suffix == ".ipynb":
        return nbformat.writes(nbformat.read(a, as_version=4)) == nbformat.writes(nbformat.read(b, as_version=4))
    return a.read_bytes() == b.read_bytes()


def stale_files(generated: Path, committed: Path) -> list[str]:
    """Files that differ between a fresh release and the committed one (or exist in one only)."""
    new = {p.relative_to(generated) for p in generated.rglob("*") if p.is_file()}
    old = {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()} if committed.is_dir() else set()
    return sorted(str(p) for p in new ^ old) + sorted(
        str(p) for p in new & old if not _same(generated / p, committed / p)
    )


def run(args: argparse.Namespace) -> int:
    course = Course.find()
    wanted = args.chapters or course.chapters("source")
    out_of_sync = []
    for chapter in wanted:
        with tempfile.TemporaryDirectory(prefix="aiocourse-release-") as scratch:
            generated = generate(course, chapter, Path(scratch))
            committed = course.folder("release", assignment=chapter)
            stale = stale_files(generated, committed)
            if not stale:
                print(f"{chapter}: release/ is up to date")
                continue
            if args.check:
                out_of_sync.append(chapter)
                print(f"{chapter}: release/ is out of date: {', '.join(stale)}")
                continue
            shutil.rmtree(committed, ignore_errors=True)
            shutil.copytree(generated, committed)
            print(f"{chapter}: release/ regenerated ({len(stale)} file(s) changed)")
    if out_of_sync:
        print("run `aiocourse release` and commit release/", file=sys.stderr)
        return 1
    return 0
