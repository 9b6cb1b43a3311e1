"""Talking to servers the tests and benchmarks start on loopback."""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not answering (or cut the answer
    short: a file being rewritten while it was sent)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
        return None


@contextlib.contextmanager
def static_server(folder: Path, log=subprocess.DEVNULL):
    """``python -m http.server`` serving ``folder`` on loopback: yields its base URL once
    it answers. ``log``: where its request lines (written to stderr) go."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while fetch(base) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"http.server on {folder} did not answer at {base}")
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
