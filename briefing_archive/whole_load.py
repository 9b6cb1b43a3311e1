"""A build's archive loaded whole, when no kept state can be brought up to date
(``warm_load``): every briefing read, and parsed and checked through the last load's
parses and checks (only what changed is parsed and checked again), which are then kept
for the builds to come; its briefings packed for the state this build keeps, and its
views made while the search shards are indexed beside it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .archive import Archive, load_archive
from .build_checks import remember_checks
from .cache import MemoShards
from .cache.build_cache import BuildCache
from .cache.memo import Memo
from .model import Briefing
from .page_reuse import Made
from .planning import views_for
from .progress import Progress
from .search_plan import ShardOrder
from .workers import give_back_free_memory, no_cyclic_gc

NO_LINES: Mapping[str, int] = {}  # the line map of every briefing a build holds (one object, never changed)
Ask = Callable[[Archive, ShardOrder | None], object]  # ``load_prepared``'s


def loaded_whole(
    root: Path, cache: BuildCache, include_drafts: bool, progress: Progress, ask: Ask
) -> tuple[Archive, Made | None, bool]:
    """An archive loaded whole (``load_prepared`` without a kept state to bring up to date),
    its briefings packed for the state (``WarmStates.pack``): a body is read from there when
    used, not held in memory. Its parses and check summary's rows are kept for the builds to
    come at once (``LoadedWhole``), not held through the build."""
    loaded = load_checked(root, cache.parses, progress)
    if loaded.archive.errors:
        return loaded.archive, None, True
    archive = cache.pack_state(loaded.archive)
    # Pagefind indexes from now on, on the core this process leaves idle while it keeps the
    # parses and checks and makes the views (~2 s of 30,000 briefings' cold build sooner):
    # sent from briefings holding no more than ``lighten_state`` keeps.
    early = cache.lightened_early(archive)
    ask(early, None)
    loaded.keep()
    del loaded
    give_back_free_memory()  # the parses and bodies let go before the views are made
    archive, made = cache.lighten_state(archive, Made(views_for(archive, include_drafts)), early)
    give_back_free_memory()  # the briefings' other fields, the views made
    return archive, made, True


@dataclass(frozen=True)
class LoadedWhole:
    """An archive loaded through the last load's parses and checks (``load_checked``),
    and what they became, until kept for the builds to come (``keep``)."""

    root: Path
    archive: Archive  # without its line maps when it has no errors
    checked: Archive  # with them
    memo: Memo
    parses: MemoShards  # where its parses are kept

    def keep(self) -> None:
        """Its parses and checks kept: the next load parses and checks only what changed,
        and the next ``check FILE`` reads FILE alone."""
        with no_cyclic_gc(keep=True):
            self.parses.save(self.memo)
            remember_checks(self.root, self.checked, self.memo)


def load_checked(root: Path, parses: MemoShards, progress: Progress | None = None) -> LoadedWhole:
    """``load_archive`` with the last load's parses and checks (only what changed is
    parsed and checked again), to keep for the builds to come only when it has no errors.

    With the cyclic GC off: unpickling and parsing 10,000 briefings makes
    ~250,000 objects and no cycles, and the GC would rescan them (2× slower).
    """
    with no_cyclic_gc(keep=True):
        memo = parses.read()
        checked = load_archive(root, memo=memo, progress=progress)
        held = without_line_maps(checked) if not checked.errors else checked
    return LoadedWhole(root, held, checked, memo, parses)


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
