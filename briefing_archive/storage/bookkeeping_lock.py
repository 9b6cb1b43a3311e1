"""The lock a build's bookkeeping holds while a process of its own finishes it.

``build.py build`` leaves what it does only for the builds to come (``bookkeeping``: the
inputs' prints, the check summary's rows, now and then the kept state) to a process it
forks as it ends, so that the editor's shell has its prompt back first. That process holds
an exclusive lock on a file in the cache folder until it is done; every build and check
takes the lock shared before it reads a cache, so none reads what is being left.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # no flock (not POSIX): the bookkeeping is done before the build ends
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".bookkeeping.lock"  # a hidden name: never taken for a cache (``cache_names``)


def bookkeeping_lock(cache_folder: Path) -> int | None:
    """The descriptor of the lock file in ``cache_folder``, locked exclusively (waiting for
    any other holder): the lock is held while this descriptor, or a copy a forked process
    inherited, is open. None when it cannot be taken."""
    if fcntl is None:
        return None
    try:
        os.makedirs(cache_folder, exist_ok=True)
        lock = os.open(Path(cache_folder) / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
    except OSError:
        os.close(lock)
        return None
    return lock


def wait_for_bookkeeping(cache_folder: Path) -> None:
    """Return once no process holds the bookkeeping's lock in ``cache_folder`` (at once when
    there is no lock file: no build left bookkeeping there)."""
    if fcntl is None:
        return
    try:
        lock = os.open(Path(cache_folder) / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)
    except OSError:
        pass
    finally:
        os.close(lock)
