"""What a build leaves for ``check``: each briefing's row in ``cache.check_summary``, as a
check of the whole archive run as the build began would have left it.

A build that loads without errors has read, parsed and checked every briefing
(``load_archive``, through its ``Memo``), or every briefing changed since the last
build (``warm_load``, the others' rows still holding); with these rows the next
``check FILE`` reads FILE alone instead of parsing the archive again. The rows come from what the
load made, never from a second read, parse or check, by the rules check follows:

- a row whose stamp is unchanged and that still holds is kept as it is, so only the
  summary's shards holding a new row are rewritten;
- stamps are the load's listing of the briefings, taken before any was read, trusted
  only when settled before the listing began (``file_checks.settled``);
- a report is the remembered one while its text is the same and it still holds, else
  the load's parse and ``check_briefing`` problems (``file_checks.full_report``, which
  makes check's own reports);
- a source article's stamp (in ``against``) is taken now, after the load read it, and
  settled against the listing's time too: one changed since is unsettled, its
  briefing's report never trusted.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from pathlib import Path

from .archive import Archive
from .cache.check_summary import CheckSummary, shard_of
from .cache.fingerprints import code_digest
from .cache.memo import Memo
from .checking import Selection, briefing_rows, context_key
from .file_checks import ROW_KEY, CheckContext, FileReport, as_row, full_report, settled
from .layout import ACTORS, ISSUES
from .model import Briefing, Problem

REGISTRY_FOLDERS = (f"{ISSUES}/", f"{ACTORS}/")


def remember_checks(root: Path, archive: Archive, memo: Memo, only: Collection[str] | None = None) -> None:
    """Leave in the check summary the rows a check of the whole archive would leave;
    ``archive`` was loaded through ``memo`` and has no errors. ``only``: the briefings whose
    rows may have changed (read again, or stamped anew) when the others' still hold: only
    the summary's shards holding them are read and made again."""
    summary = CheckSummary(root, code_digest())
    shards = {shard_of(path) for path in only} if only is not None else None
    registry_files = [path for path in memo.keys if path.startswith(REGISTRY_FOLDERS)]
    summary.read(shards, registry=bool(registry_files))
    stamps = (
        memo.stamps if shards is None else {path: memo.stamps[path] for path in shard_of.among(memo.stamps, shards)}
    )
    if registry_files:
        summary.registry.carry(memo, registry_files)
        key = context_key(summary.registry, archive.settings)
    else:  # a load that read the briefings only (``warm_load``): the registry is as the archive's was loaded
        key = context_key(Memo(keys=registry_keys(archive)), archive.settings)
    context = CheckContext(Path(root), archive.registry, archive.settings, key, memo.listed_at)
    rows = briefing_rows(context, stamps, summary.rows, Selection(), functools.partial(renewed, memo))
    summary.save({path: row for path, row in rows.items() if row[ROW_KEY]})


def registry_keys(archive: Archive) -> dict[str, str]:
    """The content keys of the registry files ``archive`` was loaded with (those of a kept
    state's archive, whose registry is unchanged since: ``warm_load``)."""
    return {path: key for path, key in archive.content_keys.items() if path.startswith(REGISTRY_FOLDERS)}


def renewed(memo: Memo, context: CheckContext, stale: list[tuple]) -> dict[str, tuple]:
    """The rows ``checking.check_stale`` would make of ``stale`` (path, stamp, remembered
    report, full), from what the load made. A file the load did not read or check gets
    none: the next check reads it."""
    checks = memo.checks_made() if stale else {}
    rows = {}
    for path, stamp, known, full in stale:
        key = memo.keys.get(path)
        if key is not None and known is not None and known.key == key and known.holds_for(context, full):
            rows[path] = as_row(settled(stamp, context.started), known)
        elif key is not None and (report := loaded_report(context, memo.parsed(path), key, checks)) is not None:
            rows[path] = as_row(settled(stamp, context.started), report)
    return rows


def loaded_report(
    context: CheckContext, parsed: Briefing | list[Problem], key: str, checks: dict[str, list]
) -> FileReport | None:
    """The full report of a briefing of content ``key`` from the load's parse and checks."""
    if not isinstance(parsed, list) and key not in checks:
        return None

    def checked(_: CheckContext, b: Briefing) -> list[Problem]:
        return list(checks[key])

    return full_report(context, key, parsed, checked)
