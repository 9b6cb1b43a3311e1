"""The archive's inputs stamped by a process of their own while ``build.py build`` imports
the rest of the tool and reads its manifest: their stamps were ~0.1 s of an edit's build at
30,000 briefings (31,000 files), taken one after the other before.

``stamp_ahead`` forks the walk (``stamps_and_markdown``) as the command starts;
``stamped_ahead`` takes its answer, once, for the same walk; a walk that failed or is
not the one asked for is no answer (the build walks itself). A walk not taken is let
go (``drop_stamps_ahead``): its process ends when it finds no one reading.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import time
from pathlib import Path

from ..workers import workers_wanted
from .fingerprints import Stamp, stamps_and_markdown

# The walks under way, by what they walk: (their process, the pipe they answer on).
_AHEAD: dict[tuple[str, tuple[str, ...], str], tuple[int, int]] = {}


def walk_key(root: Path, folders: list[str], listed: str) -> tuple[str, tuple[str, ...], str]:
    return str(Path(root).resolve()), tuple(folders), listed


def stamp_ahead(root: Path, folders: list[str], listed: str) -> None:
    """``stamps_and_markdown(root, folders, listed)`` begun in a forked process, when there is
    a second core for it (and fork)."""
    if not hasattr(os, "fork") or workers_wanted() < 2:
        return
    key = walk_key(root, folders, listed)
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the walk's process: it answers, or ends without a word, and never returns
        try:
            os.close(reading)
            gc.disable()  # the walk makes ~100,000 stamps and no cycles: collecting took it ~15% longer
            began = time.time_ns()
            stamps, markdown = stamps_and_markdown(Path(key[0]), list(folders), listed)
            answer = pickle.dumps(
                (began, stamps, markdown), protocol=5
            )  # before the build reads (the pipe holds 64 KB)
            with os.fdopen(writing, "wb") as stream:
                stream.write(answer)
        finally:
            os._exit(0)
    os.close(writing)
    _AHEAD[key] = (pid, reading)


def stamped_ahead(root: Path, folders: list[str], listed: str) -> tuple[int, dict[str, Stamp], dict[str, Stamp]] | None:
    """(when the walk began, in ns since the epoch; the stamps; the listed files' stamps) of the
    walk ``stamp_ahead`` began of the same, once; None when none was, or it failed."""
    begun = _AHEAD.pop(walk_key(root, folders, listed), None)
    if begun is None:
        return None
    pid, reading = begun
    try:
        with os.fdopen(reading, "rb") as stream:
            data = stream.read()
        answer = pickle.loads(data)
    except Exception:  # it ended without an answer: walked again by the build
        answer = None
    finally:
        with contextlib.suppress(ChildProcessError):  # reaped already
            os.waitpid(pid, 0)
    return answer if isinstance(answer, tuple) and len(answer) == 3 else None


def drop_stamps_ahead() -> None:
    """Every walk not taken let go: its process, finding its pipe closed, ends."""
    while _AHEAD:
        _, (pid, reading) = _AHEAD.popitem()
        os.close(reading)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
