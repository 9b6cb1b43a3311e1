"""The archive's inputs stamped by a process of their own while ``build.py build`` imports
the rest of the tool and reads its manifest: their stamps were ~0.1 s of an edit's build at
30,000 briefings (31,000 files), taken one after the other before.

``stamp_ahead`` forks the walk (``stamps_and_markdown``) as the command starts;
``stamped_ahead`` takes its answer, once, for the same walk; a walk that failed or is
not the one asked for is no answer (the build walks itself). A walk not taken is let
go (``drop_stamps_ahead``): its process ends when it finds no one reading.

The build waits for the walk (~0.13 s of an edit's build at 30,000 briefings on a slow
machine). The walk says at once, on a pipe of its own, when it finds a file changed since
the last build: the build then reads meanwhile what only a build with work to do reads.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import time
from collections.abc import Callable
from pathlib import Path

from ..workers import workers_wanted
from .fingerprints import ChangedAfter, Stamp, stamps_and_markdown
from .input_watch import brought_up_to_date, watch_inputs

# The walks under way, by what they walk: (their process, the pipe they answer on, the pipe
# they say on that a file changed since the last build, or None).
_AHEAD: dict[tuple[str, tuple[str, ...], str], tuple[int, int, int | None]] = {}


def walk_key(root: Path, folders: list[str], listed: str) -> tuple[str, tuple[str, ...], str]:
    return str(Path(root).resolve()), tuple(folders), listed


# Walks forked ahead of a build that is yet to be asked for, each waiting to be told to
# begin (``stand_by``): by what they walk, (their process, its answer's pipe, its go's pipe).
_STANDING: dict[tuple[str, tuple[str, ...], str], tuple[int, int, int]] = {}
CHANGED = b"!"  # what a walk says on finding a file changed since the last build


def stamp_ahead(root: Path, folders: list[str], listed: str, since: Path | None = None) -> None:
    """``stamps_and_markdown(root, folders, listed)`` begun in a forked process, when there is
    a second core for it (and fork); by the walk ``stand_by`` forked for it, when there is one.
    ``since``: a file the last build wrote; the walk says when it finds a file changed after it."""
    key = walk_key(root, folders, listed)
    standing = _STANDING.pop(key, None)
    if standing is not None:
        pid, reading, go = standing
        os.write(go, b"go")
        os.close(go)
        _AHEAD[key] = (pid, reading, None)
    elif hasattr(os, "fork") and workers_wanted() >= 2:
        _AHEAD[key] = fork_walk(key, None, since)


def stand_by(root: Path, folders: list[str], listed: str) -> None:
    """Fork the walk of a build to come now, while this process is small (a build server's,
    before it reads ahead what the build reads: a fork of a large process costs the
    parent a copy of each page either writes while both live); it begins when that
    build asks for it (``stamp_ahead``)."""
    if hasattr(os, "fork") and workers_wanted() >= 2:
        go, told = os.pipe()
        key = walk_key(root, folders, listed)
        pid, reading, _ = fork_walk(key, (go, told))
        os.close(go)
        _STANDING[key] = (pid, reading, told)


def fork_walk(
    key: tuple[str, tuple[str, ...], str], go: tuple[int, int] | None, since: Path | None = None
) -> tuple[int, int, int | None]:
    """The walk's process, the pipe it answers on, and the pipe it says on that it found a
    file changed after ``since`` was written (when given); it waits for a word on the pipe
    ``go`` first when given (and ends without walking when that pipe closes unsaid)."""
    root, folders, listed = key
    reading, writing = os.pipe()
    told, telling = os.pipe() if since is not None else (None, None)
    pid = os.fork()
    if pid == 0:  # the walk's process: it answers, or ends without a word, and never returns
        try:
            for unread in (reading, told):
                if unread is not None:
                    os.close(unread)
            if go is not None:
                os.close(go[1])
                answer_when_asked(root, folders, listed, go[0], writing)
            else:
                teller = change_teller(since, telling) if since is not None and telling is not None else None
                walk_and_answer(root, folders, listed, writing, teller)
        finally:
            os._exit(0)
    os.close(writing)
    if telling is not None:
        os.close(telling)
    return pid, reading, told


def change_teller(since: Path, telling: int) -> ChangedAfter | None:
    """What the walk calls on each file changed after ``since`` was last written: a byte
    written on the pipe ``telling`` the first time. None when ``since`` is not there."""
    try:
        after = os.stat(since).st_mtime_ns
    except OSError:
        return None
    told: list[bool] = []

    def tell() -> None:
        if not told:
            told.append(True)
            with contextlib.suppress(OSError):  # no one reads: the build did not wait for it
                os.write(telling, CHANGED)

    return after, tell


def walk_and_answer(
    root: str, folders: tuple[str, ...], listed: str, writing: int, changed_after: ChangedAfter | None = None
) -> None:
    gc.disable()  # the walk makes ~100,000 stamps and no cycles: collecting took it ~15% longer
    began = time.time_ns()
    answer(writing, began, stamps_and_markdown(Path(root), list(folders), listed, changed_after))


def answer_when_asked(root: str, folders: tuple[str, ...], listed: str, go: int, writing: int) -> None:
    """A standing walk: walked now, its inputs watched from before (``input_watch``), and
    brought up to date from the files changed since when its build asks (on ``go``); walked
    again then where the watch cannot tell. Ends without a word when ``go`` closes unsaid."""
    gc.disable()
    watch = watch_inputs(root, folders)
    # When the walk ahead began: a file counts as settled only if unchanged since 2 s before
    # (``file_checks.settled``), so this earlier time trusts fewer files, never more.
    began = time.time_ns()
    walked = stamps_and_markdown(Path(root), list(folders), listed) if watch is not None else None
    if not os.read(go, 2):
        return
    changed = watch.changed() if watch is not None else None
    walked = brought_up_to_date(root, walked, changed, listed) if walked is not None and changed is not None else None
    if walked is None:
        walk_and_answer(root, folders, listed, writing)
    else:
        answer(writing, began, walked)


def answer(writing: int, began: int, walked: tuple[dict[str, Stamp], dict[str, Stamp]]) -> None:
    data = pickle.dumps((began, *walked), protocol=5)  # before the build reads (the pipe holds 64 KB)
    with os.fdopen(writing, "wb") as stream:
        stream.write(data)


def stamped_ahead(
    root: Path, folders: list[str], listed: str, meanwhile: Callable[[], object] | None = None
) -> tuple[int, dict[str, Stamp], dict[str, Stamp]] | None:
    """(when the walk began, in ns since the epoch; the stamps; the listed files' stamps) of the
    walk ``stamp_ahead`` began of the same, once; None when none was, or it failed.
    ``meanwhile``: called first when the walk says it found a file changed since ``stamp_ahead``'s
    ``since`` (before it answers, or once it answered when both came at once)."""
    begun = _AHEAD.pop(walk_key(root, folders, listed), None)
    if begun is None:
        return None
    pid, reading, told = begun
    if told is not None:
        try:
            if meanwhile is not None and said_changed(reading, told):
                meanwhile()
        finally:
            os.close(told)
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


def said_changed(reading: int, told: int) -> bool:
    """Whether the walk says a file changed (on ``told``), once it said so or answered (on
    ``reading``): it says so before it answers, so a walk that answered and did not say did not find one."""
    ready = select.select([reading, told], [], [])[0]
    return told in ready and os.read(told, len(CHANGED)) == CHANGED


def drop_stamps_ahead() -> None:
    """Every walk not taken let go: its process, finding its pipe closed, ends (a standing
    one, finding its go's pipe closed, without walking)."""
    walks = [(pid, reading) for pid, reading, _ in (*_STANDING.values(), *_AHEAD.values())]
    for _, _, go in _STANDING.values():
        os.close(go)
    for _, _, told in _AHEAD.values():
        if told is not None:
            os.close(told)
    _STANDING.clear()
    _AHEAD.clear()
    for pid, reading in walks:
        os.close(reading)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
