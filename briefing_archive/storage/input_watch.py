"""A walk of a build's inputs taken ahead, kept true by the kernel's file events (inotify).

A build server's standing walk (``stamps_ahead.stand_by``) waits, while the editor edits,
for its build to ask. Watching the inputs' folders from before it walks, it walks at once
and, when asked, stamps again only the files the events name: the build no longer waits
for 31,000 stats at 30,000 briefings, and the second core is free for the site's look.

It is only as sound as the events are complete, so it gives up (the walk is taken again)
wherever they may not be: a folder made, removed or moved under the inputs (its files'
names are not all told); a link among them (its target may change elsewhere); a queue
that overflowed; a filesystem other machines write to (NFS: their writes are not told),
or any that is not a local one this module names.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .fingerprints import Stamp, stamp_of

if TYPE_CHECKING:
    from inotify_simple import INotify  # imported when a walk watches: it imports ctypes (~7 ms)

# Filesystems whose every change is made by this machine's kernel, which tells them all.
LOCAL_FILESYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "ramfs", "f2fs", "zfs", "overlay", "bcachefs", "jfs"}
)
MOUNTS = "/proc/self/mounts"


class InputWatch:
    """The inputs' folders watched, each watch by the folder's path relative to the root."""

    def __init__(self, notify: INotify, folders: dict[int, str], named: frozenset[str]):
        self.notify, self.folders, self.named = notify, folders, named

    def changed(self) -> set[str] | None:
        """The paths of the files events named since the watch began (relative to the
        root); None when the events cannot say (a folder made, moved or gone, a full queue)."""
        from inotify_simple import flags

        structural = flags.Q_OVERFLOW | flags.IGNORED | flags.UNMOUNT | flags.DELETE_SELF | flags.MOVE_SELF
        changed: set[str] = set()
        while events := self.notify.read(timeout=0):
            for event in events:
                folder = self.folders.get(event.wd)
                if folder is None or event.mask & structural:
                    return None
                if folder == "" and event.name not in self.named:  # the root: only the inputs it names count
                    continue
                if event.mask & flags.ISDIR:  # a folder made, moved or gone: its files are not all told
                    return None
                changed.add(f"{folder}/{event.name}" if folder else event.name)
        return changed

    def close(self) -> None:
        self.notify.close()


def watch_inputs(root: str, folders: Iterable[str]) -> InputWatch | None:
    """The inputs ``folders`` under ``root`` (folders or files) watched, every folder under
    them too, before anything is walked; None where a watch would not tell every change."""
    folders = tuple(folders)
    if not sys.platform.startswith("linux") or any(not name or name.startswith((".", "/")) for name in folders):
        return None
    if not local_filesystem(root):
        return None
    try:
        from inotify_simple import INotify
    except ImportError:
        return None
    try:
        notify = INotify(nonblocking=True)
    except OSError:
        return None
    try:
        watched = {add_watch(notify, root): ""}
        for folder in folders:
            watch_tree(notify, os.path.join(root, folder), folder, watched)
    except (OSError, Unwatchable):
        notify.close()
        return None
    return InputWatch(notify, watched, frozenset(folders))


def add_watch(notify: INotify, path: str) -> int:
    from inotify_simple import flags

    events = (flags.MODIFY | flags.ATTRIB | flags.CLOSE_WRITE | flags.MOVED_FROM | flags.MOVED_TO | flags.CREATE) | (
        flags.DELETE | flags.DELETE_SELF | flags.MOVE_SELF | flags.ONLYDIR | flags.DONT_FOLLOW
    )
    return int(notify.add_watch(path, events))


class Unwatchable(Exception):
    """A link in a folder to watch (what it points to can change where no watch sees), or
    more folders than the watch may take."""


def watch_tree(notify: INotify, path: str, relative: str, watched: dict[int, str], most: int | None = None) -> None:
    """The folder ``path`` and every folder under it watched, each (in ``watched``) by its
    path ``relative`` to what is watched, before it is listed: a folder made under it
    later is told. Nothing when it is a file; Unwatchable at a link, or past ``most`` folders."""
    if os.path.islink(path):
        raise Unwatchable(path)
    if not os.path.isdir(path):
        return
    if most is not None and len(watched) >= most:
        raise Unwatchable(f"more than {most} folders")
    watched[add_watch(notify, path)] = relative
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_symlink():
                raise Unwatchable(entry.path)
            if entry.is_dir(follow_symlinks=False):
                watch_tree(notify, entry.path, f"{relative}/{entry.name}", watched, most)


def brought_up_to_date(
    root: str, walked: tuple[dict[str, Stamp], dict[str, Stamp]], changed: set[str], listed: str
) -> tuple[dict[str, Stamp], dict[str, Stamp]] | None:
    """A walk's (stamps, listed markdown files' stamps) with the files ``changed`` since
    stamped again (or gone), as ``stamps_and_markdown`` would find them now; None when
    one became what the watch cannot follow (a folder, a link)."""
    stamps, markdown = walked
    for path in changed:
        try:
            st = os.lstat(os.path.join(root, path))
        except FileNotFoundError:
            stamps.pop(path, None)
            markdown.pop(path, None)
            continue
        except OSError:
            return None
        if stat.S_ISLNK(st.st_mode) or stat.S_ISDIR(st.st_mode):
            return None
        stamps[path] = stamp_of(st)
        if is_listed(path, listed) and stat.S_ISREG(st.st_mode):
            markdown[path] = stamps[path]
        else:
            markdown.pop(path, None)
    return stamps, markdown


def is_listed(path: str, listed: str) -> bool:
    """Whether ``stamps_and_markdown`` lists the file ``path`` among the ``listed`` folder's
    markdown files: an .md file under it, with no hidden name on the way."""
    folder = listed.strip("/")
    if not path.startswith(folder + "/") or not path.endswith(".md"):
        return False
    return not any(part.startswith(".") for part in path.split("/"))


def local_filesystem(path: str) -> bool:
    """Whether ``path`` lies on a filesystem of ``LOCAL_FILESYSTEMS`` (the mount it is on, by
    the longest mount point that holds it)."""
    try:
        with open(MOUNTS, encoding="utf-8", errors="replace") as mounts:
            table = [fields[1:3] for fields in map(str.split, mounts) if len(fields) > 2]
    except OSError:
        return False
    target = os.path.realpath(path)
    best, kind = "", ""
    for point, filesystem in table:
        point = re.sub(r"\\([0-7]{3})", lambda escaped: chr(int(escaped[1], 8)), point)  # as the kernel escapes
        holds = target == point or target.startswith(point.rstrip("/") + "/")
        if holds and len(point) >= len(best):
            best, kind = point, filesystem
    return kind in LOCAL_FILESYSTEMS
