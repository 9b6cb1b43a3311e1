"""``build.py build`` handed to the build server of its archive when one runs (``build_server``).

Imported by ``build.py`` before anything else: a build handed over costs this process
its start and one connection, not the ~0.13 s of importing the build. The server is
found by an address made of the archive's folder and this Python (its prefix and
version), so a build is only handed to a server running the same Python over the same
archive; the server checks the rest (the command, the code) and may decline, and then
the build runs here as always.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import time
from pathlib import Path

SWITCH = "BRIEFING_ARCHIVE_SERVER"  # "0": no build server, neither used nor started (``server_start``)
INTERRUPT = b"\x03"  # sent to the server when Ctrl-C stops this process's wait
STOP_WAIT = 10  # seconds ``stop_server`` waits for the server to be gone
STREAMS = (0, 1, 2)  # the terminal (or files) the build reads and writes, handed over as they are


def server_address(root: Path) -> str:
    """The server's socket, in Linux's abstract namespace (no file to leave behind)."""
    key = f"{Path(root).resolve()}\0{sys.prefix}\0{sys.version}"
    return "\0briefing-archive-build:" + hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def command_and_root(argv: list[str]) -> tuple[str, Path]:
    """The command ``argv`` names and its ``--root`` (as given; the server parses it fully)."""
    root, words = Path("."), iter(argv)
    for word in words:
        if word == "--root":
            root = Path(next(words, "."))
        elif word.startswith("--root="):
            root = Path(word.removeprefix("--root="))
        elif not word.startswith("-"):
            return word, root
    return "", root


def handed_over(argv: list[str]) -> int | None:
    """The exit status of ``argv``'s build run by its archive's build server; None when
    none runs, it declines, or ``SWITCH`` is "0" (the caller builds itself)."""
    command, root = command_and_root(argv)
    if command != "build" or not sys.platform.startswith("linux") or os.environ.get(SWITCH, "").strip() == "0":
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        try:
            server.connect(server_address(root))
            request = json.dumps({"argv": argv, "cwd": os.getcwd()}).encode()
            socket.send_fds(server, [request], open_streams())
        except OSError:
            return None
        return answer(server)


def open_streams() -> list[int]:
    """This process's stdin, stdout and stderr; /dev/null for one that is closed."""
    fds = []
    for fd in STREAMS:
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            fds.append(os.open(os.devnull, os.O_RDWR))
    return fds


def answer(server: socket.socket) -> int | None:
    """The server's answer: the build's exit status, or None when it declined or stopped
    before it answered (the build is then run here: a build stopped part-way left every
    file whole). Ctrl-C meanwhile is passed on: the server's build stops as it would here."""
    received = b""
    while not received.endswith(b"\n"):
        try:
            chunk = server.recv(4096)
        except KeyboardInterrupt:
            server.sendall(INTERRUPT)
            continue
        except OSError:
            chunk = b""
        if not chunk:
            print("build.py: the build server stopped before the build ended: building here", file=sys.stderr)
            return None
        received += chunk
    reply = json.loads(received)
    if reply.get("say"):
        print(f"build.py: {reply['say']}", file=sys.stderr)
    return reply["status"] if "status" in reply else None


def server_runs(root: Path) -> bool:
    """Whether a build server listens for the archive at ``root`` (a connection that says
    nothing: the server takes it for no request)."""
    if not sys.platform.startswith("linux"):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        try:
            server.connect(server_address(root))
        except OSError:
            return False
    return True


def stop_server(root: Path) -> bool:
    """Ask the build server of the archive at ``root`` to stop, and wait until it has; whether
    it stopped (False: none ran, or it did not answer)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        try:
            server.connect(server_address(root))
            server.sendall(json.dumps({"stop": True}).encode())
            stopped = json.loads(server.recv(4096)).get("stopped") is True
        except (OSError, ValueError):  # none runs, or it went without a whole answer
            return False
    deadline = time.monotonic() + STOP_WAIT
    while stopped and server_runs(root) and time.monotonic() < deadline:
        time.sleep(0.02)
    return stopped
