"""A site changed in place: only the files a rebuild made anew are moved in.

Swapping in a whole new folder costs a hard link per file of the site, and the
old folder's removal, however small the edit. A patch is a private folder
beside the site holding only the new files; once every one is written, a
journal naming the files to remove is written into it, and then the files are
moved over the site's and the removed ones deleted. A build killed before the
journal leaves the site as it was; one killed after it is finished by the next
build (``finish_patch``), so the site is always either the old one or the new.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .caches import write_atomic

JOURNAL = ".journal"


def new_patch(destination: Path) -> Path:
    """An empty private folder beside ``destination`` (named with our process id, as staging
    folders are, so a later build can tell a killed build's leftovers)."""
    destination = Path(destination).resolve()
    return Path(tempfile.mkdtemp(prefix=f".{destination.name}.patch.{os.getpid()}.", dir=destination.parent))


def apply_patch(patch: Path, destination: Path, removed: list[str]) -> None:
    """Move every file of ``patch`` to the same place in ``destination``, delete ``removed``."""
    write_atomic(patch / JOURNAL, "".join(f"{path}\n" for path in removed).encode("utf-8", "surrogateescape"))
    finish_patch(patch, destination)


def finish_patch(patch: Path, destination: Path) -> None:
    """Carry out a journalled patch (again, when a killed build left it half done), then
    remove its folder; a patch without a journal never began and is only removed."""
    journal = patch / JOURNAL
    if journal.exists():
        removed = journal.read_bytes().decode("utf-8", "surrogateescape").splitlines()
        base = str(patch)
        for folder, _, files in os.walk(base):
            for name in files:
                source = os.path.join(folder, name)
                if source != str(journal):
                    move_into(source, os.path.join(destination, os.path.relpath(source, base)))
        for path in removed:
            remove_with_empty_folders(Path(destination), path)
    shutil.rmtree(patch, ignore_errors=True)


def abandon(folder: Path, destination: Path) -> None:
    """A build of ``destination`` stopped: its staging folder or patch goes, unless the patch
    was already being moved in (its journal written), which is then finished: the site is
    whole again."""
    if (folder / JOURNAL).exists():
        finish_patch(folder, destination)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def move_into(source: str, target: str) -> None:
    try:
        os.replace(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)


def remove_with_empty_folders(destination: Path, path: str) -> None:
    """Delete a file of the site, and the folders it leaves empty (a removed briefing's)."""
    target = destination / path
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    folder = target.parent
    while folder != destination and folder.is_relative_to(destination):
        try:
            os.rmdir(folder)
        except OSError:  # not empty
            return
        folder = folder.parent
