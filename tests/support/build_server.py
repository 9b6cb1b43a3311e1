"""``build.py server`` for an archive, run for a block by a test or the edit fuzzer."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from briefing_archive.build_client import SWITCH
from tests.support import PROJECT
from tests.support.foreground import foreground, interrupt


def served_environment() -> dict[str, str]:
    """This environment with build servers on (the suite turns them off: ``tests/conftest.py``),
    for the ``build.py build`` a test hands to one."""
    return {name: value for name, value in os.environ.items() if name != SWITCH}


@contextlib.contextmanager
def server_running(root: Path, log: Path) -> Iterator[subprocess.Popen]:
    """``build.py server`` for ``root`` (its output in ``log``), once it says it serves, until
    the block ends (then Ctrl-C, as at its terminal)."""
    with open(log, "w") as stream:
        process = subprocess.Popen(
            foreground([sys.executable, str(PROJECT / "build.py"), "--root", str(root), "server"]),
            stdout=stream,
            stderr=subprocess.STDOUT,
            cwd=PROJECT,
        )
    try:
        deadline = time.monotonic() + 60
        while "build server for" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield process
    finally:
        interrupt(process, timeout=30)
