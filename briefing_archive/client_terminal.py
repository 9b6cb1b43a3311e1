"""The client's terminal, working folder and Ctrl-C, lent to the build a build server runs for it.

``build_server`` runs ``build.py build`` as the client would have: on its standard input,
output and error (handed over through the socket), in its folder, and stopped by Ctrl-C
at the client as it would be there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from .build_client import INTERRUPT, STREAMS


@contextlib.contextmanager
def terminal(fds: list[int]) -> Iterator[None]:
    """Standard input, output and error are the client's while the build runs."""
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved = [os.dup(fd) for fd in STREAMS]
    try:
        for fd, theirs in zip(STREAMS, fds, strict=True):
            os.dup2(theirs, fd)
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        for fd, ours in zip(STREAMS, saved, strict=True):
            os.dup2(ours, fd)
            os.close(ours)


@contextlib.contextmanager
def folder(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def interrupts_from(connection: socket.socket) -> Iterator[None]:
    """Ctrl-C at the client (or the client gone) interrupts the build here, as Ctrl-C would."""
    building = threading.Event()
    building.set()
    lock = threading.Lock()
    main_thread = threading.main_thread().ident

    def listen() -> None:
        try:
            said = connection.recv(1)
        except OSError:
            said = b""
        with lock:
            if building.is_set() and (said == INTERRUPT or not said) and main_thread is not None:
                signal.pthread_kill(main_thread, signal.SIGINT)

    listener = threading.Thread(target=listen, name="client interrupts", daemon=True)
    listener.start()
    try:
        yield
    finally:
        with lock:
            building.clear()
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RD)  # ends the listener's wait (closing would not)
        listener.join()
