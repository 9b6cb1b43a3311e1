"""Talking to servers the tests and benchmarks start on loopback."""
from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request


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
