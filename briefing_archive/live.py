"""An edit shown at once while previewing: the edited briefings' own pages first.

At 30,000 briefings the build after an edit takes about 15 s: it loads the
whole archive to find the few pages that read what changed. An editor
previewing (``mkdocs serve``) cares first about the page they just edited. So
the serving process keeps what the last build knew (a ``Snapshot``); when
only briefing files changed since (the file watcher says which, see
``live_changes``), and each still parses and checks cleanly, their own pages
are rendered against that snapshot and written into the site at once, even
while an earlier edit's build is running. The full build then runs as always and makes
every other page agree (issue and actor pages, timeline, feeds, search) and
the edited page with them (its related briefings, say, if its issues
changed). A new or removed briefing, a registry or template edit, or any
problem in the file goes straight to the full build, which reports problems.
"""

from __future__ import annotations

import sys
import threading
from collections import ChainMap
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from . import storage
from .archive import BRIEFINGS, Archive, parse_briefing_file, read_sources
from .cache import TEMPLATE_INPUT, input_stamps
from .cache.kept_briefings import DamagedState
from .facts import briefing_facts
from .kinds import Site
from .live_changes import ChangeLog
from .page_views import Views
from .pipeline import build_site, templates_folder
from .planning import page_spec
from .refs import Resolver
from .render import render_page
from .safe_markdown import MarkdownRefused
from .validate import check_briefing


@dataclass(frozen=True)
class Snapshot:
    """What the last full build knew, and the stamps of the files it read."""

    root: Path
    archive: Archive
    views: Views
    templates: dict
    stamps: dict  # input file → (mtime ns, size), taken before the build read them
    seen: int = 0  # the number of the watcher's last change before those stamps (``ChangeLog``)


def changed_inputs(before: dict, now: dict) -> list[str]:
    return sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))


def quick_pages(snapshot: Snapshot, changed: list[str]) -> dict[str, tuple[str, bytes]] | None:
    """The changed briefings' pages (site path → (briefing file, bytes)) rendered against the snapshot,
    or None when that cannot be trusted and only a full build will do."""
    if not changed or not all(path.startswith(f"{BRIEFINGS}/") for path in changed):
        return None
    pages = {}
    for path in changed:
        page = quick_page(snapshot, path)
        if page is None:
            return None
        pages.update(page)
    return pages


def quick_page(snapshot: Snapshot, path: str) -> dict[str, tuple[str, bytes]] | None:
    views, registry = snapshot.views, snapshot.archive.registry
    before = views.index.by_path.get(path)
    file = storage.read_text(snapshot.root, path)
    if before is None or file.text is None:  # new, removed, hidden (a draft) or unreadable
        return None
    briefing = parse_briefing_file(path, file.text)
    if isinstance(briefing, list) or briefing.status != before.status:
        return None
    source = read_sources(snapshot.root, [briefing]).get(briefing.source.file) if briefing.source.file else None
    problems = check_briefing(briefing, registry, source.text if source else None, source.error if source else None)
    if any(problem.is_error for problem in problems):
        return None
    facts = briefing_facts(briefing, Resolver(registry))._replace(related=views.index.facts[path].related)
    # The edited briefing laid over the snapshot's, read only (ChainMap's type asks for mutable maps):
    # copying them took 16-65 ms (30,000 briefings) of a reload, and 47 ms more after a cold build.
    index = replace(
        views.index,
        by_path=ChainMap({path: briefing}, views.index.by_path),  # type: ignore[arg-type]
        facts=ChainMap({path: facts}, views.index.facts),  # type: ignore[arg-type]
    )
    site = Site(replace(views, index=index), registry, settings=snapshot.archive.settings)
    try:
        job = page_spec("briefing", briefing, site, snapshot.templates, snapshot.archive.settings).job()
        return {job.output: (path, render_page(job, snapshot.templates))}
    except (MarkdownRefused, DamagedState):  # the full build reports it, or builds without the state
        return None


@dataclass(frozen=True)
class Shown:
    """A page the quick path wrote: what it was made from, to know whether a build covers it."""

    path: str  # the briefing file
    stamp: tuple
    data: bytes


def still_newer(shown: dict[str, Shown], stamps: dict) -> dict[str, Shown]:
    """The pages shown from a briefing newer than the one a build with ``stamps`` read: that
    build put its older page in their place, so they are written again."""
    return {output: page for output, page in shown.items() if stamps.get(page.path) != page.stamp}


class Preview:
    """Builds for a previewing server (``mkdocs serve``), with drafts, into ``site_dir``.

    ``rebuild()`` after an edit: when the quick path applies, the edited
    pages are written at once against the last snapshot and a full build
    follows in a thread (the server reloads the browser as soon as
    ``rebuild`` returns), even while an earlier full build is still running;
    otherwise the full build runs before it returns. The full build
    re-indexes the search shards the edit changed, as ``build.py build``
    does. One full build at a time; a quick page shown while one ran is put
    back once that build has landed its older page.
    """

    def __init__(self, root: Path, site_dir: Path, log: TextIO | None = None):
        self.root, self.site_dir, self.log = Path(root), Path(site_dir), log or sys.stderr
        self.snapshot: Snapshot | None = None
        self.shown: dict[str, Shown] = {}  # site path → the quick page written since the last build
        self.state = threading.Lock()  # held while the snapshot or the quick pages change
        self.building = threading.Lock()  # held by a full build
        self.following: list[threading.Thread] = []  # the full builds after quick ones
        self.queued = False  # a following build waits for the running one (and will take every edit)
        self.changes: ChangeLog | None = None  # what the file watcher reports, when it does

    def watch_changes(self) -> ChangeLog:
        """The list the server's file watcher is to fill (``ChangeLog.note``): the quick
        path then reads which files changed from it instead of stamping the archive."""
        self.changes = ChangeLog(self.root, templates_folder(self.root))
        return self.changes

    def rebuild(self) -> int:
        """0 when the site was (or is being) built; else the problems are printed."""
        with self.state:
            shown = self.show_quickly()
        if not shown:
            return self.full_build()
        print(f"showing {shown} edited page(s) now; the rest of the site follows", file=self.log)
        with self.state:
            if self.queued:
                return 0
            self.queued = True
        self.following = [thread for thread in self.following if thread.is_alive()]
        self.following.append(threading.Thread(target=self.full_build, daemon=True))
        self.following[-1].start()
        return 0

    def show_quickly(self) -> int:
        """Write the edited briefings' pages now, when the quick path applies: how many."""
        if self.snapshot is None or not storage.is_folder(self.site_dir):
            return 0
        if self.changes is not None:
            changed = self.changes.since(self.snapshot.seen)
            stamps = storage.stamps(self.root, [name for name in changed if not name.startswith(TEMPLATE_INPUT)])
        else:
            stamps = input_stamps(self.root, templates_folder(self.root))
            changed = changed_inputs(self.snapshot.stamps, stamps)
        quick = quick_pages(self.snapshot, changed)
        if not quick:
            return 0
        shown = {output: Shown(path, stamps[path], data) for output, (path, data) in quick.items()}
        if not self.put_back(shown):  # the site is being swapped (its folder missing for an instant)
            return 0
        self.shown |= shown
        return len(shown)

    def put_back(self, pages: dict[str, Shown]) -> bool:
        try:
            for output, page in pages.items():
                storage.replace_page(self.site_dir / output, page.data)
        except OSError:
            return False
        return True

    def finish(self, timeout: float = 60) -> None:
        """Wait for the full builds still running (the server is stopping): their staging
        folders are then swapped in or removed, not left behind half written."""
        for thread in self.following:
            thread.join(timeout)

    def full_build(self) -> int:
        """Build the whole site, the stamps of its inputs taken once it is its turn."""
        made: list[Snapshot] = []
        with self.building:
            with self.state:
                self.queued = False
            seen = self.changes.now() if self.changes is not None else 0
            stamps = input_stamps(self.root, templates_folder(self.root))
            status = build_site(
                self.root,
                self.site_dir,
                include_drafts=True,
                log=self.log,
                keep=lambda archive, views, templates: made.append(
                    Snapshot(self.root, archive, views, templates, stamps, seen)
                ),
            )
            with self.state:
                old, self.snapshot = self.snapshot, (made[0] if made else None)
                self.shown = still_newer(self.shown, stamps) if made else {}
                if made and self.changes is not None:
                    self.changes.forget(seen)
                self.put_back(self.shown)  # else the next build, already waiting, makes them
        del old  # freeing a whole archive holds the interpreter for a while: not under the locks
        return status
