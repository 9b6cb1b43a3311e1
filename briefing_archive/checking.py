"""``check``: the problems of the archive, or of the files asked about, as ``load_archive``
finds them, taking from what earlier checks remembered all that still holds.

The files asked about are checked in full; every other briefing only needs
its claims (slug, source file) for the rules across files, and those come
from ``cache.check_summary`` unless its stamp and text changed. So checking
one staged file on a large archive parses that file, the registry's changed
entries and nothing else. With nothing asked about, the whole archive is
checked the same way: a briefing is checked again only when its text, its
source article, the registry or the site settings changed.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import storage
from .archive import entries, image_warnings, load_registry, load_settings
from .cache.check_summary import CheckSummary
from .cache.fingerprints import code_digest
from .cache.memo import Memo, content_key
from .file_checks import (
    ROW_CLAIMS,
    ROW_KEY,
    ROW_PROBLEMS,
    ROW_STAMP,
    CheckContext,
    as_row,
    from_row,
    remembered_or_new,
    row_holds,
    settled,
)
from .layout import BRIEFINGS, CACHE, CHECK_WALK
from .model import Problem
from .validate import duplicate_claims
from .workers import become_worker, no_cyclic_gc, workers_wanted

PARALLEL_FROM = 500  # fewer files are checked faster than workers start
CHUNK = 250


@dataclass(frozen=True)
class Selection:
    """The files a check reports on: those under ``paths`` (posix, relative to the
    archive), or every file when ``paths`` is None."""

    paths: tuple[str, ...] | None = None

    @functools.cached_property
    def folders(self) -> tuple[str, ...]:
        return tuple(path + "/" for path in self.paths or ())

    def covers(self, path: str) -> bool:
        return self.paths is None or path in self.paths or path.startswith(self.folders)

    def among(self, paths: dict[str, tuple]) -> list[str]:
        """Those of ``paths`` it covers: looked up when it names files only (the pre-commit
        hook's case), not tested one by one."""
        if self.paths is not None and all(path in paths for path in self.paths):
            return list(dict.fromkeys(self.paths))
        return [path for path in paths if self.covers(path)]


@dataclass(frozen=True)
class CheckResult:
    problems: tuple[Problem, ...]  # of the selected files, in the order check prints them
    files: int  # every file of the archive, as in load_archive


def check_archive(root: Path, selection: Selection = Selection()) -> CheckResult:
    """Every problem of the selected files, with the rules across files applied to the
    whole archive. Files named exactly in ``selection`` are read afresh; the others are
    trusted while their stamps are unchanged (as builds trust them)."""
    root = Path(root)
    storage.wait_for_bookkeeping(root / CACHE)  # the check summary's rows a build is still leaving
    started, stamps = briefing_stamps(root)  # before any briefing is read
    summary = CheckSummary(root, code_digest()).read()
    registry, problems = load_registry(root, summary.registry)
    settings, setting_problems = load_settings(root)
    context = CheckContext(root, registry, settings, context_key(summary.registry, settings), started)
    rows = briefing_rows(context, stamps, summary.rows, selection)
    summary.save({path: row for path, row in rows.items() if row[ROW_KEY]})
    problems += setting_problems
    problems += [p for e in entries(registry) for p in image_warnings(e.path, e.overview_line, e.overview, settings)]
    problems += [p for path in selection.among(rows) for p in rows[path][ROW_PROBLEMS] or ()]
    problems += duplicate_claims([rows[path][ROW_CLAIMS] for path in sorted(rows) if rows[path][ROW_CLAIMS]])
    ordered = sorted(
        {p for p in problems if selection.covers(p.path)}, key=lambda p: (p.path, p.line, p.field, p.message)
    )
    return CheckResult(tuple(ordered), len(stamps) + len(registry.issues) + len(registry.actors))


def briefing_stamps(root: Path) -> tuple[int, dict]:
    """(when the walk began, in ns since the epoch; the briefings' ``markdown_stamps``), of
    the walk begun ahead when there is one."""
    ahead = storage.stamped_ahead(root, list(CHECK_WALK), BRIEFINGS)
    if ahead is not None:
        return ahead[0], ahead[2]
    return time.time_ns(), storage.markdown_stamps(root, BRIEFINGS)


def context_key(registry_memo: Memo, settings) -> str:
    """Stands for the registry (its files' paths and texts) and the site settings."""
    registry = sorted(f"{path}\0{key}" for path, key in registry_memo.keys.items())
    return content_key(registry_memo.key_of(settings), *registry)


Renew = Callable[[CheckContext, list[tuple]], dict[str, tuple]]


def briefing_rows(
    context: CheckContext, stamps: dict, rows: dict, selection: Selection, renew: Renew | None = None
) -> dict[str, tuple]:
    """Every briefing's report as a row (``file_checks.as_row``): the remembered one while
    its stamp is unchanged and it still holds, else read (and parsed, or checked in full
    when selected) again: ``renew`` (``check_stale``) makes the rows of the others."""
    named = set(selection.paths or ())
    found, stale = {}, []
    for path, stamp in stamps.items():
        row, full = rows.get(path), selection.covers(path)
        if row is not None and row[ROW_STAMP] == stamp and path not in named and row_holds(row, context, full):
            found[path] = row
        else:
            stale.append((path, stamp, row and from_row(row), full))
    found.update((renew or check_stale)(context, stale))
    return found


# What forked workers inherit (set just before forking, never pickled).
_CONTEXT: list[CheckContext] = []


def check_stale(context: CheckContext, stale: list[tuple]) -> dict[str, tuple]:
    """The row of each (path, stamp, remembered report, full) read again, on every core when many."""
    processes = workers_wanted()
    if len(stale) < PARALLEL_FROM or processes < 2:
        return dict(check_chunk(stale, context))
    chunks = [stale[i : i + CHUNK] for i in range(0, len(stale), CHUNK)]
    _CONTEXT[:] = [context]
    try:
        with no_cyclic_gc(), multiprocessing.get_context("fork").Pool(processes, initializer=quiet_worker) as pool:
            done = pool.map(check_chunk, chunks)
    finally:
        _CONTEXT.clear()
    return {path: row for chunk in done for path, row in chunk}


def quiet_worker() -> None:
    become_worker()
    gc.disable()


def check_chunk(stale: list[tuple], context: CheckContext | None = None) -> list[tuple[str, tuple]]:
    context = context or _CONTEXT[0]
    return [
        (path, as_row(settled(stamp, context.started), remembered_or_new(context, path, known, full)))
        for path, stamp, known, full in stale
    ]
