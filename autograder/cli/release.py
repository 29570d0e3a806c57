"""``aiocourse release``: regenerate the student notebooks in release/ with nbgrader.

nbgrader's ``generate_assignment`` does the work (solutions stripped, hidden tests
removed, cells locked, checksums recorded).  It runs in a scratch copy of the course with
its own gradebook; release/ is rewritten only where it differs.  Without ``--check`` the
chapters are also recorded in the course's gradebook (what ``generate_assignment`` does, and
what ``nbgrader generate_assignment`` skips when release/ exists: it is committed), so
``nbgrader autograde`` and ``aiocourse grade`` can grade them.  ``--check`` compares instead
of writing, and leaves the gradebook alone: CI fails when release/ is out of sync.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from ..course import Course


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    parser.add_argument("chapters", nargs="*", help="chapter ids (default: every chapter in source/)")
    parser.add_argument("--check", action="store_true", help="only report chapters whose release is stale")
    parser.set_defaults(run=run)


def generate(course: Course, chapters: list[str], into: Path, gradebook_url: str | None = None) -> dict[str, Path]:
    """nbgrader's ``generate_assignment`` for each chapter in a scratch course, with a gradebook
    of its own unless ``gradebook_url`` (see :func:`autograder.grading.register.generate`);
    the generated folders."""
    from ..grading.register import generate as generate_in_scratch

    return generate_in_scratch(course, chapters, into, gradebook_url=gradebook_url)


def _same(a: Path, b: Path) -> bool:
    import nbformat  # slow to import: only when comparing

    if a.suffix == ".ipynb":
        return nbformat.writes(nbformat.read(a, as_version=4)) == nbformat.writes(nbformat.read(b, as_version=4))
    return a.read_bytes() == b.read_bytes()


def _files(folder: Path) -> set[Path]:
    """The release's files: bytecode that running a helper module left in source/ is not one."""
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def stale_files(generated: Path, committed: Path) -> list[str]:
    """Files that differ between a fresh release and the committed one (or exist in one only)."""
    new = _files(generated)
    old = _files(committed) if committed.is_dir() else set()
    return sorted(str(p) for p in new ^ old) + sorted(
        str(p) for p in new & old if not _same(generated / p, committed / p)
    )


def run(args: argparse.Namespace) -> int:
    course = Course.find()
    wanted = args.chapters or course.chapters("source")
    unknown = [c for c in wanted if c not in course.chapters("source")]
    if unknown:
        print(f"aiocourse release: no chapter {', '.join(unknown)} in source/ "
              f"(the course has: {', '.join(course.chapters('source'))})", file=sys.stderr)
        return 2
    out_of_sync = []
    with tempfile.TemporaryDirectory(prefix="aiocourse-release-") as scratch:
        try:
            # Without --check the same run records the chapters in the course's gradebook.
            from ..grading.register import gradebook_url

            fresh = generate(course, wanted, Path(scratch), None if args.check else gradebook_url(course))
        except RuntimeError as error:
            print(f"aiocourse release: {error}", file=sys.stderr)
            return 1
        for chapter, generated in fresh.items():
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
            shutil.copytree(generated, committed, ignore=shutil.ignore_patterns("__pycache__"))
            print(f"{chapter}: release/ regenerated ({len(stale)} file(s) changed)")
    if out_of_sync:
        print("run `aiocourse release` and commit release/", file=sys.stderr)
        return 1
    if not args.check:
        print(f"gradebook: {', '.join(wanted)} recorded in {course.gradebook or course.directory.db_url} "
              f"(next: submissions in {course.relative('submitted', '<student>', wanted[0])}/, then "
              f"`aiocourse grade {wanted[0]}`)")
    return 0
