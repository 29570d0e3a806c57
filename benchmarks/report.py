"""Write the grader's section of RESULTS.md from the results; other sections are kept."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

BEGIN, END = "<!-- grader-benchmarks:begin -->", "<!-- grader-benchmarks:end -->"


def _table(rows: list[dict[str, Any]], columns: list[str]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in columns) + " |" for row in rows]
    return lines


def render(results: dict[str, Any]) -> str:
    vw = results["virtual_vs_wall"]
    real = [r for r in vw if "real_s" in r]
    total_virtual = sum(r["virtual_s"] for r in real)
    total_real = sum(r["real_s"] for r in real)
    flakes = results["flake_rate"]
    det = results["detector"]
    notebooks = results.get("notebooks", [])
    lines = [
        BEGIN,
        "## Grader: virtual clock, flake rate, detector, course execution",
        "",
        f"`python -m benchmarks` on {results['when']} ({results['machine']}); "
        f"whole run {results['total_s']} s. Regenerate with the same command.",
        "",
        "### Virtual clock vs real sleeps (same test cells, correct answers)",
        "",
        f"Total: **{total_virtual:.3f} s** with the virtual clock vs **{total_real:.1f} s** with real "
        f"sleeps: ratio **×{total_real / max(total_virtual, 1e-9):.0f}** (target ≥ ×100). "
        f"Real-time versions that failed their own exact checks: "
        f"{sum(1 for r in real if not r['real_passed'])} of {len(real)}.",
        "",
        *_table(vw, ["chapter", "test", "virtual_s", "real_s", "ratio", "virtual_passed", "real_passed"]),
        "",
        f"### Flake rate under load ({results['load_processes']} busy processes on all cores)",
        "",
        f"Wrong verdicts: **{sum(r['wrong_verdicts'] for r in flakes)}** in "
        f"{sum(r['runs'] for r in flakes)} test-cell runs (target 0). Correct answers must pass, "
        "wrong ones (sequential, blocking, exceptions...) must fail, every time.",
        "",
        *[f"- wrong: {r['chapter']}/{r['test']} on `{r['variant']}` ({r['wrong_verdicts']} of {r['runs']}): "
          f"{r.get('first_wrong', '')[:400]}" for r in flakes if r["wrong_verdicts"]],
        "",
        *_table(flakes, ["chapter", "variant", "test", "expected", "runs", "wrong_verdicts"]),
        "",
        "### Blocking detector under load",
        "",
        f"False alarms on correct code: {det['false_alarms']} in {det['correct_runs']} runs each. "
        f"Misses on blocking code (0.3 s `time.sleep`, 0.3 s of CPU; a miss = not flagged or "
        f"cause not named): {det['misses']} in {det['blocking_runs']} runs each. "
        "A correct run counts as a false alarm when a coroutine *held* the loop (CPU, or waiting in a "
        "call) longer than the threshold; for comparison, the old rule (a loop step's wall time) "
        f"would have raised: {det.get('wall_rule_false_alarms', 'not measured')}.",
        "",
    ]
    if notebooks:
        total = sum(r["seconds"] for r in notebooks)
        lines += [
            "### Course execution time (headless, nbclient)",
            "",
            f"Total **{total:.0f} s** for {len(notebooks)} notebooks (target ≤ 300 s).",
            "",
            *_table(notebooks, ["notebook", "seconds"]),
            "",
        ]
    lines.append(END)
    return "\n".join(lines)


def write_markdown(results: dict[str, Any], path: Path) -> None:
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    section = render(results)
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)
