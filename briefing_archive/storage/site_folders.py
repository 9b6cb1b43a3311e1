"""Replacing the site folder whole: build beside it, then swap it in by two renames.

A build writes into a private staging folder named after its process, so a
later build can clean up after (or put back the site of) a killed one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .caches import current_umask
from .site_patches import finish_patch

# Written into every site this tool builds: a folder without it is not ours to replace.
SITE_MARK = ".briefing-archive-site"


def is_our_site(folder: Path) -> bool:
    """Whether ``folder`` may be replaced by a build: missing, empty, or marked as ours."""
    folder = Path(folder)
    if not folder.exists():
        return True
    try:
        return folder.is_dir() and (not any(folder.iterdir()) or (folder / SITE_MARK).is_file())
    except OSError:
        return False


def is_link(path: Path) -> bool:
    return Path(path).is_symlink()


def new_staging(destination: Path) -> Path:
    """An empty private folder beside ``destination`` to build its replacement in.

    Its name carries our process id, so a later build can tell the leftovers of
    a killed build (whose process is gone) from those of a build still running.
    """
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    recover_from_killed_builds(destination)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.new.{os.getpid()}.", dir=destination.parent))
    os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp makes it 0700: a web server could not read it
    return staging


def recover_from_killed_builds(destination: Path) -> None:
    """Put back a site a killed build had moved aside, and delete dead builds' staging folders."""
    for leftover in sorted(destination.parent.glob(f".{destination.name}.*.*")):
        kind, _, rest = leftover.name[len(destination.name) + 2 :].partition(".")
        pid = rest.split(".", 1)[0]
        if kind not in ("new", "old", "patch") or not pid.isdigit() or process_alive(int(pid)):
            continue
        if kind == "patch":
            finish_patch(leftover, destination)
        elif kind == "old" and not destination.exists():
            os.rename(leftover, destination)  # killed between the two renames of swap_in
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def is_folder(path: Path) -> bool:
    return Path(path).is_dir()


def scratch_folder(beside: Path, tag: str) -> Path:
    """A new, empty, hidden folder next to ``beside`` (same filesystem), unique per call."""
    beside = Path(beside)
    beside.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{beside.name}.{tag}-", dir=beside.parent))


def write_new(path: Path, data: bytes) -> None:
    """Write a file inside a staging folder (private until swapped in: no temporary needed)."""
    try:
        path.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def replace_page(path: Path, data: bytes) -> None:
    """Put a new version of a served page in place at once (a temporary renamed over it).
    Not flushed to the disk: the next build makes it again. Its folder is never made
    here: a site being swapped in has none for an instant, and a folder made then
    would stand in the new site's way."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # mkstemp makes it 0600, whatever the umask
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_pieces(path: Path, pieces: Iterable[bytes | tuple[int, int]], source: Path | None = None) -> None:
    """``write_new`` for a file made piece by piece (never whole in memory), where a piece
    may be a range (start, length) of the file at ``source``, copied by the kernel
    (``os.copy_file_range``): it never passes through this process. A source shorter
    than a range raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb", buffering=0) as target, open(source or os.devnull, "rb", buffering=0) as old:
        pending = bytearray()
        for piece in pieces:
            if isinstance(piece, bytes):
                pending += piece
                if len(pending) < 1 << 20:
                    continue
            target.write(pending)  # unbuffered: all of it (a regular file)
            pending.clear()
            if not isinstance(piece, bytes):
                copy_range(old.fileno(), target.fileno(), *piece)
        target.write(pending)


def copy_range(source: int, target: int, start: int, length: int) -> None:
    """``length`` bytes of ``source`` from ``start`` appended to ``target`` (descriptors)."""
    while length > 0:
        try:
            copied = os.copy_file_range(source, target, length, start)
        except (AttributeError, OSError):  # not Linux, or not between these file systems
            copied = os.write(target, os.pread(source, min(length, 1 << 20), start))
        if copied == 0:
            raise OSError(f"the previous site's file ended {length} bytes early")
        start, length = start + copied, length - copied


def link_new(source: Path, path: Path) -> None:
    """Put ``source``'s file at ``path`` in a staging folder: a hard link (no copy), else a copy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def swap_in(staging: Path, destination: Path) -> None:
    """Put folder ``staging`` where ``destination`` is, removing the old one last.

    Two renames; if the second is interrupted the old site is put back, so
    there is always a site. (Linux's renameat2 RENAME_EXCHANGE would close the
    window to a SIGKILL between the two as well.)
    """
    old = destination.with_name(f".{destination.name}.old.{os.getpid()}")
    if destination.exists():
        os.replace(destination, old)
    try:
        os.replace(staging, destination)
    except BaseException:
        if old.exists() and not destination.exists():
            os.rename(old, destination)
        raise
    remove_later(old)


def remove_later(folder: Path) -> None:
    """Remove ``folder`` in a detached process: deleting a 20,000-file site takes
    seconds, and the new site is already in place. Where fork is missing, now."""
    if not folder.exists():
        return
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    child = os.fork()
    if child == 0:  # the child forks again and exits, so no zombie is left to reap
        try:
            if os.fork() == 0:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)
