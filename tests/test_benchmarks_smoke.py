"""Benchmarks cannot rot: every module of benchmarks/ that measures something is wired into
``python -m benchmarks --quick`` (CI), which runs each one's ``smoke()`` and fails when one does
not run or produces no figure.  These tests only read and import the modules (seconds); the
smoke run itself is CI's ``python -m benchmarks --quick``.
"""

import importlib
import inspect
import sys
import types
from pathlib import Path

import pytest

import benchmarks
from benchmarks import __main__ as runner
from benchmarks import benchmark_modules, unwired

BENCHMARKS = Path(benchmarks.__file__).resolve().parent


def test_every_benchmark_module_is_wired_into_the_quick_run():
    assert benchmark_modules(), "no benchmark found in benchmarks/"
    assert unwired() == {}


@pytest.mark.parametrize("path", sorted(p for p in BENCHMARKS.glob("*.py") if not p.stem.startswith("__")),
                         ids=lambda p: p.name)
def test_walking_benchmarks_imports_each_file_and_finds_the_same_benchmarks(path):
    """Independent of the static reading: import the file; if it measures (a ``measure``/``main``
    function), it must be a benchmark the runner runs, with a ``smoke()`` callable without arguments."""
    module = importlib.import_module(f"benchmarks.{path.stem}")
    measures = any(inspect.isfunction(getattr(module, name, None)) for name in ("measure", "main"))
    if measures or path.stem in benchmark_modules():
        assert path.stem in benchmark_modules()
        smoke = getattr(module, "smoke", None)
        assert callable(smoke), f"{path.name}: no smoke(), so python -m benchmarks --quick never runs it"
        required = [p for p in inspect.signature(smoke).parameters.values()
                    if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        assert not required, f"{path.name}: smoke() needs {required}"


def test_a_new_module_without_smoke_is_reported(tmp_path):
    (tmp_path / "helper.py").write_text("def load():\n    return 1\n")
    (tmp_path / "new_bench.py").write_text("def measure(n):\n    return n\n")
    (tmp_path / "script.py").write_text("import sys\nif __name__ == '__main__':\n    print(sys.argv)\n")
    (tmp_path / "needs_args.py").write_text("def main():\n    pass\ndef smoke(size):\n    return size\n")
    (tmp_path / "wired.py").write_text("def main():\n    pass\ndef smoke(size=3):\n    return size\n")
    assert benchmark_modules(tmp_path) == ["needs_args", "new_bench", "script", "wired"]
    assert sorted(unwired(tmp_path)) == ["needs_args", "new_bench", "script"]


@pytest.fixture
def fake_benchmark(monkeypatch, tmp_path):
    """Register benchmarks.fake_bench, whose smoke() does what the test says; the runner sees only it."""
    module = types.ModuleType("benchmarks.fake_bench")
    monkeypatch.setitem(sys.modules, "benchmarks.fake_bench", module)
    monkeypatch.setattr(runner, "benchmark_modules", lambda: ["fake_bench"])
    monkeypatch.setattr(runner, "unwired", lambda: {})
    monkeypatch.setattr(runner, "HERE", tmp_path)  # its .scratch/results.json
    return module


def test_quick_passes_when_each_benchmark_produces_its_figure(fake_benchmark, capsys):
    fake_benchmark.smoke = lambda: {"seconds": 1.5}
    assert runner.main(["--quick"]) == 0
    assert "smoke: fake_bench" in capsys.readouterr().out


@pytest.mark.parametrize("smoke", [lambda: {}, lambda: None, lambda: 1 / 0], ids=["empty", "none", "crash"])
def test_quick_fails_when_a_benchmark_does_not_run_or_gives_no_figure(fake_benchmark, smoke, capsys):
    fake_benchmark.smoke = smoke
    assert runner.main(["--quick"]) == 2
    assert "benchmarks that did not run: ['fake_bench']" in capsys.readouterr().out


def test_quick_refuses_to_start_when_a_module_is_not_wired(monkeypatch, capsys):
    monkeypatch.setattr(runner, "unwired", lambda: {"new_bench": "no top-level smoke()"})
    monkeypatch.setattr(runner, "smoke", lambda *_: pytest.fail("ran benchmarks although one is not wired"))
    assert runner.main(["--quick"]) == 2
    assert "benchmarks/new_bench.py is not wired" in capsys.readouterr().out


def test_the_grading_mix_is_read_off_the_samples_of_every_chapter():
    """grading_parallel names no sample: for any chapter its mix is correct first, then at least one
    sample that loses points, all of them real samples, none that loops forever."""
    from benchmarks.cells import samples, spins_forever
    from benchmarks.grading_parallel import mix

    for chapter in samples().graded_chapters():
        variants = samples().variants(chapter)
        kinds = mix(chapter)
        assert kinds[0] == "correct" and len(set(kinds)) == len(kinds), (chapter, kinds)
        assert set(kinds) <= set(variants), (chapter, kinds)
        assert any(variants[name].expected != variants["correct"].expected for name in kinds), (chapter, kinds)
        assert not any(spins_forever(variants[name]) for name in kinds), (chapter, kinds)
