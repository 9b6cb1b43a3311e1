"""Cache files: written atomically, read back (or missed), pruned to the recently used."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temporary file in the same folder and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_cache(path: Path) -> bytes | None:
    """A cache file's bytes, or None when it is missing or unreadable (then: rebuild)."""
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def read_caches(folder: Path, suffix: str):
    """Every cache file in ``folder`` ending in ``suffix``: (name without it, bytes), one
    at a time (the caller need not hold them all); unreadable files are left out (a miss)."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(suffix) and not name.startswith("."))
    except OSError:
        return
    for name in names:
        data = read_cache(Path(folder) / name)
        if data is not None:
            yield name[:len(name) - len(suffix)], data


def remove_file(path: Path) -> None:
    """Delete a file if it is there (a cache of an older layout)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def prune_subfolders(folder: Path, keep: int, spare: frozenset = frozenset()) -> None:
    """Remove all but the ``keep`` most recently modified subfolders of ``folder`` (a cache),
    never those named in ``spare``."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    subfolders = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in spare]
    subfolders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in subfolders[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def touch(path: Path) -> None:
    """Mark ``path`` as just used (cache pruning keeps the most recently used)."""
    os.utime(path)
