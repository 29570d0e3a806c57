"""Clip what a cell printed, so a runaway ``print`` cannot bloat the graded notebook.

nbgrader stores every output in the autograded notebook and renders it into the feedback
HTML: 10 MB printed by a student would make both 10 MB.  Text beyond the limit is cut
with a note saying how much was dropped; error outputs (what the grade is based on) are
never touched.
"""

from __future__ import annotations

from nbformat import NotebookNode

__all__ = ["clip_outputs"]


def _clip_text(text: str, budget: int) -> tuple[str, int]:
    data = text.encode("utf-8", "replace")
    if len(data) <= budget:
        return text, budget - len(data)
    kept = data[: max(budget, 0)].decode("utf-8", "ignore")
    return kept, 0


def clip_outputs(cell: NotebookNode, max_bytes: int) -> None:
    """Keep at most ``max_bytes`` of stream text in ``cell`` (0 or less: unlimited)."""
    if max_bytes <= 0 or cell.get("cell_type") != "code":
        return
    budget, dropped, kept = max_bytes, 0, []
    for output in cell.get("outputs", []):
        if output.get("output_type") != "stream":
            kept.append(output)
            continue
        text = output.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        clipped, budget = _clip_text(text, budget)
        dropped += len(text.encode("utf-8", "replace")) - len(clipped.encode("utf-8"))
        if clipped:
            output["text"] = clipped
            kept.append(output)
    if dropped:
        kept.append(NotebookNode(output_type="stream", name="stdout",
                                 text=f"\n[... {dropped:,} more bytes of output were cut by the grader]\n"))
    cell["outputs"] = kept
