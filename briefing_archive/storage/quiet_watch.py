"""Whether a folder stayed untouched since a moment, told by the kernel's file events (inotify).

A build server's renderer looks at the previous site ahead (one stat of each of its
103,000 files at 30,000 briefings), while the editor edits; nothing writes the site
between builds, so the look stays true as long as no event came from the site's folders
since before it began (``QuietWatch.quiet``). Any event at all, or a watch that could
not be set (a link in the folder, a filesystem that is not local, too many folders for
the system's limit on watches), and the build looks again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .input_watch import Unwatchable, add_watch, local_filesystem, watch_tree

if TYPE_CHECKING:
    from inotify_simple import INotify

MAX_WATCHES = "/proc/sys/fs/inotify/max_user_watches"
SHARE_OF_WATCHES = 2  # a folder watched uses at most 1/2 of the user's watches: other programs need theirs


class QuietWatch:
    """A folder and every folder under it watched, and its own name in the folder above it."""

    def __init__(self, notify: INotify, parent: int, name: str):
        self.notify, self.parent, self.name = notify, parent, name
        self.stirred = False

    def quiet(self) -> bool:
        """Whether no file or folder under it (nor it) changed since it was watched."""
        while not self.stirred and (events := self.notify.read(timeout=0)):
            self.stirred = any(event.wd != self.parent or event.name == self.name for event in events)
        return not self.stirred

    def close(self) -> None:
        self.notify.close()


def watch_folder(folder: str) -> QuietWatch | None:
    """``folder`` watched (``QuietWatch``); None where a watch would not tell every change."""
    if not os.path.isdir(folder) or not local_filesystem(folder):
        return None
    try:
        from inotify_simple import INotify

        with open(MAX_WATCHES, encoding="ascii") as limit:
            most = int(limit.read()) // SHARE_OF_WATCHES
        notify = INotify(nonblocking=True)
    except (ImportError, OSError, ValueError):
        return None
    try:
        parent, name = os.path.split(os.path.abspath(folder))
        watch = QuietWatch(notify, add_watch(notify, parent), name)
        watch_tree(notify, folder, folder, {}, most)
    except (OSError, Unwatchable):  # no watches left (ENOSPC), a link, too many folders, the folder gone
        notify.close()
        return None
    return watch
