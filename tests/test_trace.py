"""Traces record what delay() did, in loop time, for ordering and overlap checks."""

import asyncio

from autograder import Trace, delay, record, run_virtual, tracing


def test_delay_records_start_and_end_in_loop_time():
    async def two():
        await asyncio.gather(delay(2, "a", quiet=True), delay(1, "b", quiet=True))

    trace = run_virtual(two).trace
    assert trace.labels() == ["start:a", "start:b", "end:b", "end:a"]
    spans = {s.label: s for s in trace.spans()}
    assert (spans["a"].start, spans["a"].end) == (0.0, 2.0)
    assert spans["a"].overlaps(spans["b"])


def test_cancelled_delay_records_a_cancel_event():
    async def cut_short():
        task = asyncio.create_task(delay(10, "long", quiet=True))
        await asyncio.sleep(4)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    trace = run_virtual(cut_short).trace
    assert trace.labels() == ["start:long", "cancel:long"]
    assert trace.spans()[0].cancelled and trace.spans()[0].end == 4.0


def test_record_outside_a_trace_is_a_no_op_and_tracing_nests():
    record("mark", "ignored")
    with tracing() as outer:
        record("mark", "one")
        with tracing(Trace()) as inner:
            record("mark", "two")
        record("mark", "three")
    assert outer.labels("mark") == ["one", "three"]
    assert inner.labels("mark") == ["two"]


def test_delay_prints_what_it_does(capsys):
    run_virtual(delay, 1, "kettle")
    assert capsys.readouterr().out.splitlines() == ["kettle: waiting 1 s", "kettle: done after 1 s"]


def test_plot_draws_one_row_per_operation_and_marks_cancellations():
    import asyncio

    import matplotlib

    matplotlib.use("Agg")
    from autograder import delay, run_virtual

    async def two_and_a_cancel():
        slow = asyncio.create_task(delay(5, "slow", quiet=True))
        await asyncio.gather(delay(1, "a", quiet=True), delay(2, "b", quiet=True))
        slow.cancel()
        await asyncio.wait({slow})

    trace = run_virtual(two_and_a_cancel).trace
    figure = trace.plot("demo")
    assert figure.get_facecolor()[3] == 1  # opaque: readable on JupyterLab's dark theme too
    [axis] = figure.axes
    assert [t.get_text() for t in axis.get_yticklabels()] == ["slow", "a", "b"]  # in the order they started
    bars = []
    for collection in axis.collections:
        for path in collection.get_paths():
            xs = path.vertices[:, 0]
            bars.append((round(xs.min(), 6), round(xs.max(), 6), collection.get_hatch() or ""))
    assert sorted(bars) == [(0.0, 1.0, ""), (0.0, 2.0, ""), (0.0, 2.0, "//")]  # slow: cancelled at 2
    assert len(trace.plot(expected=trace).axes) == 2


def test_gantt_draws_running_cancelled_and_unfinished_spans_as_text():
    from autograder import Trace
    from autograder.trace import Event

    trace = Trace([Event(0, "start", "brew"), Event(0, "start", "toast"), Event(1, "cancel", "toast"),
                   Event(2, "end", "brew"), Event(2, "start", "eggs")])
    lines = trace.gantt(until=4, width=8).splitlines()
    assert lines[1:] == [
        "    brew  |####    | 0–2 s",
        "    toast |xx      | 0–1 s cancelled",
        "    eggs  |    ----| 2–… (still running)",
    ]


def test_from_spans_builds_the_trace_checks_compare_with():
    from autograder import Trace

    trace = Trace.from_spans([("a", 0, 2), ("b", 2, 3)])
    assert [(s.label, s.start, s.end) for s in trace.spans()] == [("a", 0, 2), ("b", 2, 3)]
    assert trace.labels() == ["start:a", "end:a", "start:b", "end:b"]
