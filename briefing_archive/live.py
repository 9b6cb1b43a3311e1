"""An edit shown at once while previewing: the edited briefings' own pages first.

At 10,000 briefings a full incremental build takes seconds: it works out
every page's key to find the few that changed, and the search index follows.
An editor previewing (``mkdocs serve``) cares first about the page they just
edited. So the serving process keeps what the last build knew (a
``Snapshot``); when only briefing files changed since, and each still parses
and checks cleanly, their own pages are rendered against that snapshot and
written into the site at once. The full build then runs as always and makes
every other page agree (issue and actor pages, timeline, feeds, search) and
the edited page with them (its related briefings, say, if its issues
changed). A new or removed briefing, a registry or template edit, or any
problem in the file goes straight to the full build, which reports problems.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from . import storage
from .archive import BRIEFINGS, Archive, parse_briefing_file, read_sources
from .cache import input_stamps
from .facts import briefing_facts
from .kinds import Site
from .page_views import Views
from .pipeline import build_site, templates_folder
from .planning import page_spec
from .refs import Resolver
from .render import render_page
from .safe_markdown import MarkdownRefused
from .search import OUTPUT_FOLDER, SearchIndexError, build_search_index
from .validate import check_briefing


@dataclass(frozen=True)
class Snapshot:
    """What the last full build knew, and the stamps of the files it read."""

    root: Path
    archive: Archive
    views: Views
    templates: dict
    stamps: dict  # input file → (mtime ns, size), taken before the build read them


def changed_inputs(before: dict, now: dict) -> list[str]:
    return sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))


def quick_pages(snapshot: Snapshot, changed: list[str]) -> dict[str, bytes] | None:
    """The changed briefings' pages (site path → bytes) rendered against the snapshot,
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


def quick_page(snapshot: Snapshot, path: str) -> dict[str, bytes] | None:
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
    facts = replace(briefing_facts(briefing, Resolver(registry)), related=views.index.facts[path].related)
    index = replace(
        views.index, by_path={**views.index.by_path, path: briefing}, facts={**views.index.facts, path: facts}
    )
    site = Site(replace(views, index=index), registry, settings=snapshot.archive.settings)
    job = page_spec("briefing", briefing, site, snapshot.templates, snapshot.archive.settings).job()
    try:
        return {job.output: render_page(job, snapshot.templates)}
    except MarkdownRefused:  # the full build reports it
        return None


class Preview:
    """Builds for a previewing server (``mkdocs serve``), with drafts, into ``site_dir``.

    ``rebuild()`` after an edit: when the quick path applies, the edited
    pages are written at once and the full build runs in a thread (the
    server reloads the browser as soon as ``rebuild`` returns); otherwise
    the full build runs before it returns. Either way the search index is
    made after the pages, in a thread, and swapped in unless a newer build
    has started by then. One full build at a time: ``rebuild`` waits for
    the previous one first.
    """

    def __init__(self, root: Path, site_dir: Path, log: TextIO | None = None):
        self.root, self.site_dir, self.log = Path(root), Path(site_dir), log or sys.stderr
        self.snapshot: Snapshot | None = None
        self.building = threading.Lock()  # held by a full build
        self.swapping = threading.Lock()  # held while a search index is swapped in
        self.generation = 0
        self.following: threading.Thread | None = None  # the full build after a quick one

    def rebuild(self) -> int:
        """0 when the site was (or is being) built; else the problems are printed."""
        with self.swapping:
            self.generation += 1
        stamps = input_stamps(self.root, templates_folder(self.root))
        with self.building:  # the previous full build must be in place first
            quick = None
            if self.snapshot is not None and storage.is_folder(self.site_dir):
                quick = quick_pages(self.snapshot, changed_inputs(self.snapshot.stamps, stamps))
        if not quick:
            return self.full_build(stamps)
        for output, data in quick.items():
            storage.write_atomic(self.site_dir / output, data)
        print(f"showing {len(quick)} edited page(s) now; the rest of the site follows", file=self.log)
        self.following = threading.Thread(target=self.full_build, args=(stamps,), daemon=True)
        self.following.start()
        return 0

    def finish(self, timeout: float = 60) -> None:
        """Wait for a full build still running (the server is stopping): its staging
        folder is then swapped in or removed, not left behind half written."""
        if self.following is not None:
            self.following.join(timeout)

    def full_build(self, stamps: dict) -> int:
        with self.building:

            def keep(archive, views, templates):
                self.snapshot = Snapshot(self.root, archive, views, templates, stamps)

            self.snapshot = None  # until this build has read the archive again
            return build_site(
                self.root, self.site_dir, include_drafts=True, log=self.log, search_later=self.search_later(), keep=keep
            )

    def search_later(self):
        """``search_later`` for build_site: index in a thread, then swap the bundles in."""
        started = self.generation

        def index(records: list[dict]) -> None:
            try:
                files = build_search_index(records, self.root, flavour="preview")
            except SearchIndexError as error:
                print(f"search index not rebuilt, the previous one stays: {error}", file=self.log)
                return
            with self.swapping:
                if self.generation == started and storage.is_folder(self.site_dir):
                    storage.write_tree(
                        self.site_dir / OUTPUT_FOLDER,
                        {
                            path.split("/", 1)[1]: data
                            for path, data in files.items()
                            if path.startswith(OUTPUT_FOLDER + "/")
                        },
                    )

        return lambda records: threading.Thread(target=index, args=(records,), daemon=True).start()
