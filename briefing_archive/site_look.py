"""The renderer process's look at the previous site: which of its files moved since its
build wrote them (edited, replaced or gone), one stat of each of 103,000 files at 30,000
briefings, for the build to keep only the files that did not.

A build looks as it begins (``PageRenderer.look_at``). A build server's renderer looks
ahead too, while the editor edits (``PageRenderer.look_ahead``), with the site's folders
watched from before (``storage.watch_folder``): its build takes that look when the
manifest is the one read and no event came from the site since, and looks again otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from . import storage
from .cache.manifest import PreviousSite
from .search_shards import SEARCH_FOLDER

# In a renderer's process: the previous site it read, and what read it.
_READ: list[tuple[Callable[[], PreviousSite], PreviousSite]] = []


@dataclass(frozen=True)
class LookAhead:
    reader: Callable[[], PreviousSite]
    files: tuple[Path, ...]  # the manifest's files, and their identities when read
    identities: tuple
    watch: storage.QuietWatch
    token: str
    moved: dict[bool, frozenset[str]]  # by part: the search files', the others'


_AHEAD: list[LookAhead] = []


def search_part(previous: PreviousSite, search: bool) -> PreviousSite:
    """``previous`` with its search files only (``search``), or all but them (the search
    files are looked at first: a build asks for its search shards before planning pages)."""
    pages = {output: e for output, e in previous.pages.items() if output.startswith(SEARCH_FOLDER) == search}
    return replace(previous, pages=pages)


def find_moved_there(reader: Callable[[], PreviousSite], search: bool) -> tuple[str, frozenset[str]]:
    """(the previous site's token, those of its files that moved), the site read here once
    for both parts (``look_at`` asks for the search files first) and not held after: the
    manifest of 100,000 briefings' site is ~135 MB this process would keep while it renders.
    What ``look_ahead_there`` found, when it still holds."""
    ahead = looked_ahead(reader, search)
    if ahead is not None:
        return ahead
    if not _READ or _READ[0][0] != reader:
        _READ[:] = [(reader, reader())]
    previous = _READ[0][1]
    if not search:
        _READ.clear()
    return previous.token, search_part(previous, search).find_moved()


def look_ahead_there(reader: Callable[[], PreviousSite], files: tuple[Path, ...], out: Path) -> None:
    """Find both parts' moved files now, for the next build's ``find_moved_there`` to take
    while nothing changed: the site in ``out`` watched first, the manifest read (its
    ``files``) taken only while they are the ones read."""
    for ahead in _AHEAD:
        ahead.watch.close()
    _AHEAD.clear()
    watch = storage.watch_folder(str(out))
    if watch is None:
        return
    before = tuple(map(storage.identity, files))
    previous = reader()
    if not previous.token or tuple(map(storage.identity, files)) != before:
        watch.close()
        return
    moved = {part: search_part(previous, part).find_moved() for part in (True, False)}
    _AHEAD.append(LookAhead(reader, files, before, watch, previous.token, moved))


def looked_ahead(reader: Callable[[], PreviousSite], search: bool) -> tuple[str, frozenset[str]] | None:
    """What ``look_ahead_there`` found of this part, when it looked with the same reader at
    the same manifest and no event came from the site since; asked for the other part
    last, it lets go of it."""
    if not _AHEAD:
        return None
    ahead = _AHEAD[0]
    holds = ahead.reader == reader and tuple(map(storage.identity, ahead.files)) == ahead.identities
    holds = holds and ahead.watch.quiet()
    if not search or not holds:
        ahead.watch.close()
        _AHEAD.clear()
    return (ahead.token, ahead.moved[search]) if holds else None
