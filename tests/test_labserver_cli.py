"""``aiocourse serve``: prints its URL, serves, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from autograder import LabServer
from autograder.cli import build_parser, main

TIMEOUT = 20  # seconds: start-up imports aiohttp; this only prevents a hang


def aiocourse(*args: str) -> list[str]:
    """The installed ``aiocourse`` script next to this Python, else ``python -m autograder``."""
    script = Path(sys.executable).with_name("aiocourse")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "autograder", *args]


def first_line(process: subprocess.Popen[str]) -> str:
    """The first line of output, read in a thread so a silent server cannot hang the test."""
    assert process.stdout is not None
    stdout = process.stdout
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(TIMEOUT)
    assert lines, "aiocourse serve printed nothing"
    return lines[0]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_prints_its_url_serves_and_stops_cleanly(stop: signal.Signals) -> None:
    process = subprocess.Popen(
        aiocourse("serve", "--port", "0", "--latency", "0.05"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = first_line(process)
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, line
        assert int(match[1]) > 0
        body = requests.get(f"{match[0]}/delay/0.1", timeout=TIMEOUT).json()
        assert body["delay"] == 0.1 and body["latency"] == 0.05
        process.send_signal(stop)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "Lab server stopped." in out


def test_serve_rejects_a_negative_latency(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--latency", "-1"]) == 2
    assert "latency must be" in capsys.readouterr().err


def test_serve_reports_a_busy_port(lab_server: LabServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", str(lab_server.port)]) == 1
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err


def test_serve_options_and_defaults() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.latency, args.jitter) == ("127.0.0.1", 0, 0.0, 0.0)
    args = build_parser().parse_args(["serve", "--port", "8080", "--latency", "0.1", "--jitter", "0.05"])
    assert (args.port, args.latency, args.jitter) == (8080, 0.1, 0.05)
