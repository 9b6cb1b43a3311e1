"""Cache files: written atomically, read back (or missed), pruned to the recently used."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import xxhash


def write_atomic(path: Path, data: bytes | str | Callable[[BinaryIO], object]) -> None:
    """Write via a temporary file in the same folder and rename it into place (``data``
    may be a function writing to the file: a large cache is never held whole in memory)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # mkstemp makes it 0600, whatever the umask
        with os.fdopen(handle, "wb") as stream:
            data(stream) if callable(data) else stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# Every cache file starts with this mark and the length and XXH3 hash (64 bits) of the bytes
# after it: a flipped, truncated or foreign file is a miss (rebuild), never a wrong page. Not
# a cryptographic hash: it guards against damage, not against someone who can write .cache
# (who could write any pickle). XXH3 sums the 48 MB an edit's build reads of the kept state
# of 30,000 briefings in ~3 ms; zlib's CRC-32 took ~23 ms, BLAKE2 ~50.
CACHE_MARK = b"briefing-archive cache 3\n"
CHECKSUM_BYTES = 16
CACHE_HEAD = len(CACHE_MARK) + CHECKSUM_BYTES
_warned: set[str] = set()


def checksum(data: bytes) -> bytes:
    return checksum_of(len(data), xxhash.xxh3_64_intdigest(data))


def checksum_of(length: int, hashed: int) -> bytes:
    """The ``CHECKSUM_BYTES`` a cache file's head holds: length, then the XXH3 hash."""
    return length.to_bytes(8, "big") + hashed.to_bytes(8, "big")


def length_in(checksum: bytes) -> int:
    """The length a ``checksum_of`` holds."""
    return int.from_bytes(checksum[:8], "big")


class Checksummed:
    """A binary stream written or read through, keeping the ``checksum`` of the bytes that
    went by (``pickle.dump`` writes to it, ``pickle.load`` reads from it)."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.length, self.hasher = stream, 0, xxhash.xxh3_64()

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self.sum(data)
        return self.stream.write(data)

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sum(data)
        return data

    def readline(self) -> bytes:
        data = self.stream.readline()
        self.sum(data)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        count: int = self.stream.readinto(buffer)  # type: ignore[attr-defined]  # BinaryIO stubs lack it
        self.sum(memoryview(buffer)[:count])
        return count

    def sum(self, data: bytes | bytearray | memoryview) -> None:
        self.length += memoryview(data).nbytes
        self.hasher.update(data)

    def checksum(self) -> bytes:
        return checksum_of(self.length, self.hasher.intdigest())


def write_cache(path: Path, data: bytes | str | Callable[[Any], object]) -> bool:
    """Write a cache file (atomically, with its checksum); ``data`` may be a function
    writing it to a stream (``pickle.dump``). A cache that cannot be written (a full disk,
    ``.cache`` being a file) only makes the next build slower: one warning line, no failure."""
    data = data.encode("utf-8") if isinstance(data, str) else data

    def write(stream: BinaryIO) -> None:
        stream.write(CACHE_MARK + bytes(CHECKSUM_BYTES))  # the checksum goes in once known
        summed = Checksummed(stream)
        data(summed) if callable(data) else summed.write(data)
        stream.seek(len(CACHE_MARK))
        stream.write(summed.checksum())

    try:
        write_atomic(path, write)
        return True
    except OSError as error:
        folder = str(Path(path).parent)
        if folder not in _warned:
            _warned.add(folder)
            print(
                f"warning: cannot write the cache {path}: {error.strerror or error} (the next build will be slower)",
                file=sys.stderr,
            )
        return False


@functools.lru_cache(maxsize=1)
def current_umask() -> int:
    """The process's umask (read once: setting it to read it is not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_cache(path: Path) -> bytes | None:
    """A cache file's bytes, or None when it is missing, unreadable, of another format or
    not the bytes that were written (then: rebuild)."""
    try:
        with open(path, "rb") as stream:  # the head apart: no second copy of a large cache
            # read() to the end grows its buffer as it goes: twice as slow as asking for the size
            size = os.fstat(stream.fileno()).st_size
            raw, data = stream.read(CACHE_HEAD), stream.read(max(0, size - CACHE_HEAD))
    except OSError:
        return None
    if not raw.startswith(CACHE_MARK) or len(raw) < CACHE_HEAD:
        return None
    return data if checksum(data) == raw[len(CACHE_MARK) : CACHE_HEAD] else None


class CacheFile:
    """A cache file held open, read by position (its head apart): ``read(at, length)``.
    The file is only ever replaced (``write_atomic``), never changed in place, so the
    open file keeps the bytes it was opened with."""

    def __init__(self, stream: BinaryIO, size: int):
        self.stream, self.size = stream, size

    def read(self, at: int, length: int) -> bytes:
        at, length = max(0, at), max(0, min(length, self.size - at))
        return os.pread(self.stream.fileno(), length, CACHE_HEAD + at) if length else b""

    def __len__(self) -> int:
        return self.size


def open_cache(path: Path) -> CacheFile | None:
    """A cache file opened, not read, and its checksum not summed: for a file whose reader
    checks each part it uses (``cache.kept_briefings``: the 190 MB of 30,000 briefings'
    pickles, of which an edit's build reads a few hundred). None when it is missing, of
    another format or not of the length written."""
    try:
        stream = open(path, "rb", buffering=0)  # noqa: SIM115 (open as long as its reader lives)
    except OSError:
        return None
    try:
        size = os.fstat(stream.fileno()).st_size
        head = stream.read(CACHE_HEAD)
    except OSError:
        head, size = b"", 0
    if (
        len(head) == CACHE_HEAD
        and head.startswith(CACHE_MARK)
        and length_in(head[len(CACHE_MARK) :]) == size - CACHE_HEAD
    ):
        return CacheFile(stream, size - CACHE_HEAD)
    stream.close()
    return None


def move_cache(source: Path, target: Path) -> bool:
    """A cache file written under another name put in place of ``target`` (False if it could not be)."""
    try:
        os.replace(source, target)
        return True
    except OSError:
        return False


def read_caches(folder: Path, suffix: str) -> Iterator[tuple[str, bytes]]:
    """Every cache file in ``folder`` ending in ``suffix``: (name without it, bytes), one
    at a time (the caller need not hold them all); unreadable files are left out (a miss)."""
    for name in cache_names(folder, suffix):
        data = read_cache(Path(folder) / name)
        if data is not None:
            yield name[: len(name) - len(suffix)], data


def cache_names(folder: Path, suffix: str) -> list[str]:
    try:
        return sorted(name for name in os.listdir(folder) if name.endswith(suffix) and not name.startswith("."))
    except OSError:
        return []


def remove_file(path: Path) -> None:
    """Delete a file if it is there (a cache of an older layout)."""
    try:
        os.unlink(path)
    except OSError:
        pass


def prune_subfolders(folder: Path, keep: int, spare: Collection[str] = frozenset()) -> None:
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


def open_log(path: Path) -> int | None:
    """A descriptor of the log file ``path`` (in the cache folder), begun anew; None when it
    cannot be written (a process started to write there then writes nowhere)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except OSError:
        return None
