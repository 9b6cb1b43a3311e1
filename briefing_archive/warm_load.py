"""A build's archive and views from the last build's (``cache.warm_state``), when only
briefings changed since: only they are read, parsed and checked, and the views patched.

The state's files are compared with the inputs' content prints as this build took them
(``BuildCache.unchanged_site``): a changed briefing is read again; a changed registry entry,
settings file or source article of a briefing changes what every briefing's check or facts
may be, and the archive is loaded whole (``None`` here). So is an archive with errors, so
that the full load reports them all as ``check`` does. The rules across files (one slug, one
source per briefing) are checked over the whole archive as always. ``load_prepared`` is a
build's way in: this, else the archive loaded whole through the parse memo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sys
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter, ne
from pathlib import Path

from . import storage
from .archive import (
    Archive,
    check_each,
    image_warnings,
    load_archive,
    parse_briefing_file,
    read_sources,
)
from .bookkeeping import Later, at_once
from .build_checks import remember_checks
from .cache import MemoShards
from .cache.build_cache import BuildCache
from .cache.digest_changes import KeptDigests
from .cache.fingerprints import StampsAndListing
from .cache.memo import Memo
from .cache.page_reads import PageReads
from .cache.warm_state import OpenedState
from .digest_update import patch_base, patched_digests
from .edited_archive import claims_unchanged, edited_briefings, with_briefings
from .errors import unreadable
from .index_update import Changes, patched_lists, patched_views
from .layout import ACTORS, ISSUES
from .model import Briefing, Problem, at_paths
from .page_reuse import Made
from .planning import views_for
from .progress import Progress
from .search_plan import ShardOrder, order_kept
from .site_settings import SETTINGS_FILE
from .validate import duplicate_claims
from .workers import give_back_free_memory, no_cyclic_gc

# Inputs whose change may change any briefing's checks or facts.
SHARED_INPUTS = (f"{ISSUES}/", f"{ACTORS}/")
NO_LINES: Mapping[str, int] = {}  # the line map of every briefing a build holds (one object, never changed)
# Briefings changed since the state was kept are read again by every build until it is
# kept anew: past this many (~0.2 s of parsing and checking), or when the views had to be
# made anew, the build keeps its own.
KEEP_AFTER = 200
Ask = Callable[[Archive, ShardOrder | None], object]  # ``load_prepared``'s


@dataclass(frozen=True)
class WarmArchive:
    """The archive brought up to date from a kept state's, and how it was."""

    archive: Archive
    edited: list[str]  # the briefings read again, or gone
    memo: Memo  # what reading them parsed and checked
    old: dict[str, Briefing]  # the state's briefings by path
    shard_order: ShardOrder | None  # the state's, when it still holds (``search_plan.order_kept``)


@dataclass(frozen=True)
class WarmLoad:
    archive: Archive
    made: Made  # its views, and their quote lists and digests when they could be patched too
    keep: bool  # whether to keep this build's state (the kept one is worth less now)


def changed_files(hashes: dict[str, str], now: dict[str, tuple]) -> set[str]:
    """The files whose content differs between their ``hashes`` then and their content prints
    ``now`` (the print's last part), or which are in only one of the two; compared in C,
    path by path (a set of the items of both took ~15 ms at 30,000 briefings)."""
    paths = list(now)
    differ = compress(paths, map(ne, map(hashes.get, paths), map(storage.HASH_OF_PRINT, now.values())))
    return set(differ).union(hashes.keys() - now.keys())


def names_a_source(paths: set[str], claims: dict, briefings: dict[str, Briefing]) -> bool:
    """Whether any of ``paths`` is a source article the ``briefings`` read, as their ``claims``
    name them (asking a kept briefing reads its packed pickle: all 30,000), or the briefing
    where it has none. Looked for in C: a set of every source took ~20 ms of an edit's build."""
    if not paths:
        return False
    if not paths.isdisjoint(map(itemgetter(2), claims.values())):  # no source: None or "", never a path
        return True
    return any(briefings[path].source.file in paths for path in briefings.keys() - claims.keys())


def warm_archive(
    root: Path,
    state: OpenedState,
    prints: dict[str, tuple],
    progress: Progress,
    listing: StampsAndListing,
    memo: Memo,
) -> WarmArchive | None:
    """The archive at ``root`` from ``state``'s and the briefings changed since, read
    through ``memo`` (``BuildCache.recent_parses``); None when it must be loaded whole
    (``listing``: the briefings as listed when the inputs were stamped, by
    ``BuildCache.unchanged_site``)."""
    changed = changed_files(state.hashes, prints)
    if any(path.startswith(SHARED_INPUTS) or path == SETTINGS_FILE for path in changed):
        return None
    old = dict(zip(state.paths, state.archive.briefings, strict=True))
    if names_a_source(changed, state.claims, old):
        return None
    memo.listed_at, memo.stamps = listing.listed_at, listing.listed
    listed = set(memo.stamps)
    edited = sorted((listed ^ old.keys()) | (changed & listed))
    archive = updated_archive(root, state, [path for path in edited if path in listed], edited, memo, progress)
    if archive is None:
        return None
    order = order_kept(state.shard_order, old, archive.briefings, edited, state.paths)
    return WarmArchive(archive, edited, memo, old, order)


def warm_views(
    root: Path,
    state: OpenedState,
    warm: WarmArchive,
    include_drafts: bool,
    reads: PageReads | None = None,
    restamped: Collection[str] | None = None,
    later: Later = at_once,
) -> WarmLoad:
    """What ``warm``'s pages are made from: ``state``'s views (read now) patched, else made
    anew; their digests from the last build's when its page ``reads`` keep them as changes to
    ``state``'s. Like a whole load it leaves check's rows for the briefings it read
    (``build_checks``): of those ``restamped`` since the last build, which left the others'
    (when not known: of every briefing edited since the state was kept, ~1.2 ms each at
    30,000 briefings, up to ``KEEP_AFTER`` of them; a file only touched keeps its row's old
    stamp, and the next ``check`` of it reads it again)."""
    archive, edited = warm.archive, set(warm.edited)
    later(functools.partial(remember_checks, root, archive, warm.memo, only=edited if restamped is None else restamped))
    now = at_paths(archive.briefings, warm.edited)
    changes: Changes = {path: (warm.old.get(path), now.get(path)) for path in warm.edited}
    before = state.made()
    kept = KeptDigests(state.token, before.digests)
    views = patched_views(before.views, archive.registry, changes, include_drafts)
    if views is None:
        return WarmLoad(archive, Made(views_for(archive, include_drafts), kept=kept), keep=True)
    quotes = patched_lists(before.quotes, before.views, views)
    since_kept = reads.since_kept if reads is not None and reads.digests_from == state.token else None
    base, paths = patch_base(before.digests, since_kept, archive.content_keys, warm.edited)
    digests = patched_digests(base, views, quotes, archive.content_keys, paths)
    return WarmLoad(archive, Made(views, quotes, digests, kept), keep=len(edited) > KEEP_AFTER)


def updated_archive(
    root: Path, state: OpenedState, paths: list[str], edited: list[str], memo: Memo, progress: Progress
) -> Archive | None:
    """``state``'s archive with the briefings at ``edited`` read again (those at ``paths``)
    or gone; None when one does not parse or the archive has errors."""
    loaded = load_edited(root, paths, state.archive, memo, progress)
    if loaded is None:
        return None
    new, keys, problems = loaded
    briefings, claims, placed = edited_briefings(state.archive.briefings, state.claims, new, edited)
    if not claims_unchanged(state.claims, claims, edited, placed):
        problems += duplicate_claims(list(claims.values()))
    if any(problem.is_error for problem in problems):
        return None
    archive = with_briefings(state.archive, briefings, edited, keys, problems, len(memo.stamps), placed)
    return dataclasses.replace(archive, claims=claims)


def load_edited(
    root: Path, paths: list[str], before: Archive, memo: Memo, progress: Progress
) -> tuple[list[Briefing], dict[str, str], list[Problem]] | None:
    """The briefings at ``paths`` read, parsed and checked through ``memo`` (their lines
    maps dropped once checked), their content keys and problems; None when one does not parse."""
    briefings: list[Briefing] = []
    problems: list[Problem] = []
    parse = memo.parser(parse_briefing_file)
    with progress.stage("loading", len(paths), "briefing") as loading:
        for path in paths:
            file = storage.read_text(root, path)
            parsed = parse(path, file.text) if file.text is not None else [unreadable(file)]
            loading.advance()
            if isinstance(parsed, list):
                return None
            briefings.append(parsed)
            problems += parsed.warnings
    problems += check_each(briefings, before.registry, read_sources(root, briefings), memo)
    for b in briefings:
        problems += image_warnings(b.path, b.body_line, b.body, before.settings)
    keys = {b.path: memo.keys[b.path] for b in briefings}
    return [held(b) for b in briefings], keys, problems


def load_prepared(
    root: Path,
    cache: BuildCache,
    include_drafts: bool,
    progress: Progress,
    ask: Ask,
    later: Later = at_once,
) -> tuple[Archive, Made | None, bool]:
    """The archive; what its pages are made from (brought up to date from a kept state when
    only briefings changed since, ``warm_archive``, else ``loaded_whole``; None when it has
    errors); and whether to keep this build's state. ``ask(archive, order)`` is called once
    the archive is known and clean, before what its pages are made from is read (a one-edit
    build's search shard is indexed meanwhile; ``order``: the kept state's ``ShardOrder``
    when it holds). ``later`` takes the check summary's rows an edit's build leaves (``build_site``)."""
    with no_cyclic_gc(keep=True):
        with cache.warm_state() as state:
            prints, listing, warm = cache.archive_prints(), cache.take_listing(), None
            if state is not None and listing is not None:  # taken by ``unchanged_site``, which every build asks first
                warm = warm_archive(root, state, prints, progress, listing, cache.recent_parses())
            listing = None  # a whole load lists the briefings itself: not held through the build
            if state is not None and warm is not None:
                ask(warm.archive, warm.shard_order)
                cache.keep_recent_parses(warm.memo)
                loaded = warm_views(root, state, warm, include_drafts, cache.page_reads, cache.restamped, later)
                cache.set_aside_until_done(state, warm)
                return loaded.archive, loaded.made, loaded.keep
        return loaded_whole(root, cache, include_drafts, progress, ask)


def loaded_whole(
    root: Path, cache: BuildCache, include_drafts: bool, progress: Progress, ask: Ask
) -> tuple[Archive, Made | None, bool]:
    """An archive loaded whole (``load_prepared`` without a kept state to bring up to date),
    its briefings packed for the state (``WarmStates.pack``): a body is read from there when
    used, not held in memory. It leaves its check summary's rows at once
    (``load_remembered``), not holding its parses and line maps through the build."""
    archive = load_remembered(root, cache.parses, progress)
    if archive.errors:
        return archive, None, True
    archive = cache.pack_state(archive)  # the bodies let go (and given back) before the views are made
    give_back_free_memory()
    # Pagefind indexes while the views are made, on the core this process leaves idle then:
    # sent from briefings holding no more than ``lighten_state`` keeps (~1.7 s of 10,000 briefings' cold build).
    early = cache.lightened_early(archive)
    ask(early, None)
    archive, made = cache.lighten_state(archive, Made(views_for(archive, include_drafts)), early)
    give_back_free_memory()  # the briefings' other fields, the views made
    return archive, made, True


def load_remembered(root: Path, parses: MemoShards, progress: Progress | None = None) -> Archive:
    """``load_archive`` with the last load's parses and checks (only what changed is
    parsed and checked again); they are kept for the next build only when this one goes on.

    With the cyclic GC off: unpickling and parsing 10,000 briefings makes
    ~250,000 objects and no cycles, and the GC would rescan them (2× slower).
    """
    with no_cyclic_gc(keep=True):
        memo = parses.read()
        archive = load_archive(root, memo=memo, progress=progress)
        if not archive.errors:
            parses.save(memo)
            remember_checks(root, archive, memo)  # so that the next `check FILE` reads FILE alone
            archive = without_line_maps(archive)
    return archive


def without_line_maps(archive: Archive) -> Archive:
    """The archive without each briefing's key → line map (only problems need lines,
    and a build goes on only without errors): ~2 KB a briefing less in every process."""
    return dataclasses.replace(archive, briefings=tuple(map(held, archive.briefings)))


def held(briefing: Briefing) -> Briefing:
    """A checked briefing as a build holds it: without its line map (``without_line_maps``),
    its date the one object of its day (``one_day``), its status the one string of its
    value: each one object a kept state pickles once, not 30,000 (read back by every build)."""
    status = sys.intern(briefing.status)
    return dataclasses.replace(briefing, lines=NO_LINES, date=one_day(briefing.date), status=status)


@functools.cache
def one_day(day: dt.date | None) -> dt.date | None:
    """The first date equal to ``day`` this process saw: a kept state pickles each day once
    (3,653 dates at 30,000 briefings, not 120,000 with the quotes' facts: 48 ms less to unpickle)."""
    return day
