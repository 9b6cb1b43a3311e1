"""``build.py build`` on an editor's terminal starts a build server for its archive.

Real processes: ``build.py build`` run on a pseudo-terminal as an editor's shell runs it,
the server it starts, and ``build.py server --stop``. The server's log says which builds
ran in it.
"""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefing_archive.build_client import server_runs
from briefing_archive.server_start import LOG, SWITCH, server_wanted
from tests.support import PROJECT
from tests.support.synthetic_archive import make_archive

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the build server needs Linux")

STARTED = "started a build server for this archive"


def test_a_build_on_a_terminal_starts_a_server_and_nothing_else_does():
    on_terminal: dict[str, str] = {}
    at_ci = {"CI": "true"}
    assert server_wanted("build", 0, on_terminal, on_terminal=True)
    assert not server_wanted("build", 0, on_terminal, on_terminal=False)  # a pipe, a script
    assert not server_wanted("build", 1, on_terminal, on_terminal=True)  # a build that failed
    assert not server_wanted("check", 0, on_terminal, on_terminal=True)
    assert not server_wanted("build", 0, at_ci, on_terminal=True)
    assert not server_wanted("build", 0, {SWITCH: "0"}, on_terminal=True)
    assert server_wanted("build", 0, {SWITCH: "1"}, on_terminal=False)
    assert server_wanted("build", 0, at_ci | {SWITCH: "1"}, on_terminal=False)


def editor_environment() -> dict[str, str]:
    """This environment as an editor's shell has it: no CI, no switch either way."""
    return {name: value for name, value in os.environ.items() if name not in ("CI", SWITCH)}


def on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int, str]:
    """``build.py ARGS`` run with a pseudo-terminal as its standard streams: (exit status, what it wrote)."""
    main, theirs = pty.openpty()
    said: list[bytes] = []

    def drain() -> None:
        with contextlib.suppress(OSError):  # the terminal closed: nothing more to read
            while chunk := os.read(main, 4096):
                said.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    command = [sys.executable, str(PROJECT / "build.py"), *args]
    process = subprocess.Popen(command, stdin=theirs, stdout=theirs, stderr=theirs, cwd=PROJECT, env=env)
    os.close(theirs)
    status = process.wait(timeout=300)
    reader.join(timeout=30)
    os.close(main)
    return status, b"".join(said).decode(errors="replace")


def build_py(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``build.py ARGS`` run with its output read (not a terminal)."""
    command = [sys.executable, str(PROJECT / "build.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def wait_until(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def built_there(root: Path) -> list[str]:
    log = root / LOG
    return [line for line in log.read_text().splitlines() if line.startswith("built for build.py build")]


def test_the_first_build_on_a_terminal_starts_the_server_the_next_builds_run_in(tmp_path):
    root = make_archive(12, tmp_path / "archive")
    env = editor_environment()
    try:
        status, said = on_a_terminal("--root", str(root), "build", env=env)
        assert status == 0 and STARTED in said, said
        assert wait_until(lambda: "build server for" in (root / LOG).read_text()), (root / LOG).read_text()
        briefing = sorted((root / "briefings").glob("*.md"))[4]
        text = briefing.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title: "))
        briefing.write_text(text.replace(title, "title: Retitled while the server ran", 1), encoding="utf-8")
        status, said = on_a_terminal("--root", str(root), "build", env=env)
        assert status == 0 and STARTED not in said, said
        assert len(built_there(root)) == 1 and built_there(root)[0].startswith("built for build.py build: exit 0")
        page = root / "site" / "briefings" / briefing.stem / "index.html"
        assert "Retitled while the server ran" in page.read_text(encoding="utf-8")
        stop = build_py("--root", str(root), "server", "--stop")
        assert stop.returncode == 0 and "stopped the build server" in stop.stderr, stop.stderr
        assert not server_runs(root)
        assert "asked to stop (build.py server --stop)" in (root / LOG).read_text()
    finally:
        build_py("--root", str(root), "server", "--stop")


def test_a_build_off_a_terminal_or_in_ci_starts_no_server(tmp_path):
    root = make_archive(5, tmp_path / "archive")
    env = editor_environment()
    piped = build_py("--root", str(root), "build", env=env)
    assert piped.returncode == 0 and STARTED not in piped.stderr, piped.stderr
    status, said = on_a_terminal("--root", str(root), "build", env=env | {"CI": "true"})
    assert status == 0 and STARTED not in said, said
    status, said = on_a_terminal("--root", str(root), "build", env=env | {SWITCH: "0"})
    assert status == 0 and STARTED not in said, said
    assert not server_runs(root) and not (root / LOG).exists()


def test_a_server_given_an_idle_time_stops_when_no_build_comes(tmp_path):
    root = make_archive(5, tmp_path / "archive")
    log = tmp_path / "server.log"
    with open(log, "w") as stream:
        server = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "server", "--idle-minutes", "0.02"],
            stdout=stream,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert server.wait(timeout=60) == 0, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
    assert log.read_text().splitlines()[-1] == "build server stopped: no build came for its idle time"
    assert not server_runs(root)


def test_stop_with_no_server_says_so(tmp_path):
    root = make_archive(1, tmp_path / "archive")
    stop = build_py("--root", str(root), "server", "--stop")
    assert stop.returncode == 0 and "no build server runs for" in stop.stderr, stop.stderr


@pytest.mark.parametrize("minutes", ["0", "-3", "soon", "nan"])
def test_an_idle_time_that_is_no_number_of_minutes_is_refused_clearly(tmp_path, minutes):
    root = make_archive(1, tmp_path / "archive")
    refused = build_py("--root", str(root), "server", "--idle-minutes", minutes)
    assert refused.returncode == 2 and f"'{minutes}' is not a number of minutes over 0" in refused.stderr
    assert "Traceback" not in refused.stderr and not server_runs(root)
