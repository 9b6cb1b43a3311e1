"""``build.py server``: ``build.py build`` handed to it builds what it would have built itself.

Real processes throughout: the server, and ``build.py build`` as an editor runs it (its
output, exit status and Ctrl-C are the client's). The server logs one line per build it
ran, which is how these tests know the build ran there and not in the client.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing_archive.build_client import SWITCH
from tests.support import PROJECT
from tests.support.archive import snapshot
from tests.support.build_server import served_environment, server_running
from tests.support.foreground import foreground
from tests.support.synthetic_archive import make_archive

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the build server needs Linux")

BUILT_THERE = "built for build.py build: exit "


class Server:
    def __init__(self, root: Path, log: Path):
        self.root, self.log = root, log

    def lines(self) -> list[str]:
        return [line for line in self.log.read_text().splitlines() if line.startswith(BUILT_THERE)]


@contextlib.contextmanager
def build_server(root: Path, log: Path):
    with server_running(root, log):
        yield Server(root, log)


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=PROJECT, timeout=300, env=served_environment())


def retitle(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(old, f"title: {title}", 1), encoding="utf-8")


def test_builds_handed_to_the_server_make_the_site_a_build_of_their_own_makes(tmp_path):
    root = make_archive(40, tmp_path / "archive")
    first = sorted((root / "briefings").glob("*.md"))[7]
    with build_server(root, tmp_path / "server.log") as server:
        made = build(root)
        assert made.returncode == 0 and "built " in made.stderr, made.stderr
        retitle(first, "Kuril garrison drills under a new title")  # read ahead: the files changed since
        edited = build(root)
        assert edited.returncode == 0, edited.stderr
        again = build(root)  # nothing changed
        assert again.returncode == 0, again.stderr
        assert len(server.lines()) == 3, server.log.read_text()
        assert all(line.startswith(BUILT_THERE + "0 ") for line in server.lines()), server.lines()
        assert all(
            re.search(r"\(CPU \d+\.\d\d s in the build's process, \d+\.\d\d s in its helpers\)$", line)
            for line in server.lines()
        )
        assert cpu_of(server.lines()[1])[1] > 0, server.lines()  # the edit's: its renderer and search ran
        # the first two left their caches once their client had its answer; the third had none to leave
        assert server.log.read_text().count("\nthen left the caches for the builds to come in ") == 2
    page = root / "site" / "briefings" / first.stem / "index.html"
    assert "Kuril garrison drills under a new title" in page.read_text(encoding="utf-8")
    alone = tmp_path / "alone"  # the same inputs built by a process of its own, from nothing
    for folder in ("briefings", "content"):
        shutil.copytree(root / folder, alone / folder)
    assert build(alone).returncode == 0
    assert without_search(snapshot(root / "site")) == without_search(snapshot(alone / "site"))


def cpu_of(line: str) -> tuple[float, float]:
    here, helpers = re.findall(r"(\d+\.\d\d) s in", line)
    return float(here), float(helpers)


def without_search(files: dict[str, str]) -> dict[str, str]:
    """Pagefind's bundle differs between two builds of the same archive from nothing (its
    filter files, at 40 synthetic briefings): the index is tested in test_search.py."""
    return {path: digest for path, digest in files.items() if not path.startswith("pagefind/")}


def test_a_build_with_problems_tells_the_client_what_and_fails(tmp_path):
    root = make_archive(12, tmp_path / "archive")
    broken = sorted((root / "briefings").glob("*.md"))[3]
    text = broken.read_text(encoding="utf-8")
    date_line = next(line for line in text.splitlines() if line.startswith("date: "))
    broken.write_text(text.replace(date_line, "date: 2019-02-30", 1), encoding="utf-8")
    with build_server(root, tmp_path / "server.log") as server:
        failed = build(root)
        assert server.lines() and server.lines()[-1].startswith(BUILT_THERE + "1 ")
    assert failed.returncode == 1
    assert f"briefings/{broken.name}:" in failed.stderr and "date" in failed.stderr, failed.stderr


def test_a_build_of_another_archive_runs_in_its_own_process(tmp_path):
    served, other = make_archive(5, tmp_path / "served"), make_archive(5, tmp_path / "other")
    with build_server(served, tmp_path / "server.log") as server:
        assert build(other).returncode == 0
        assert server.lines() == []
        assert build(served, "--drafts").returncode == 0  # its own archive, any build options
        assert len(server.lines()) == 1


def test_ctrl_c_at_the_client_stops_the_build_there_and_the_server_serves_on(tmp_path):
    root = make_archive(400, tmp_path / "archive")  # a build of a few seconds: room to stop it
    with build_server(root, tmp_path / "server.log") as server:
        log = tmp_path / "client.log"
        with open(log, "w") as stream:
            client = subprocess.Popen(
                foreground([sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build"]),
                stdout=subprocess.DEVNULL,
                stderr=stream,
                cwd=PROJECT,
                start_new_session=True,
                env=served_environment(),
            )
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(".site.new.") for p in root.iterdir()):
            assert client.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.01)
        time.sleep(0.3)  # well into the build
        os.killpg(client.pid, signal.SIGINT)  # a terminal sends it to the client's foreground group
        assert client.wait(timeout=60) == 130, log.read_text()
        assert log.read_text().strip().splitlines()[-1].startswith("interrupted:"), log.read_text()
        assert server.lines() == [line for line in server.lines() if line.startswith(BUILT_THERE + "130 ")]
        assert not (root / "site").exists(), "a build stopped part-way put a site in place"
        rebuilt = build(root)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert len(server.lines()) == 2 and server.lines()[-1].startswith(BUILT_THERE + "0 ")
    assert len(list((root / "site" / "briefings").iterdir())) == 400


def test_with_build_servers_turned_off_a_build_runs_in_its_own_process(tmp_path):
    root = make_archive(5, tmp_path / "archive")
    with build_server(root, tmp_path / "server.log") as server:
        command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build"]
        alone = subprocess.run(
            command, capture_output=True, text=True, timeout=300, env=served_environment() | {SWITCH: "0"}
        )
        assert alone.returncode == 0 and "built " in alone.stderr, alone.stderr
        assert server.lines() == []
        assert build(root).returncode == 0 and len(server.lines()) == 1  # the switch unset: handed over
