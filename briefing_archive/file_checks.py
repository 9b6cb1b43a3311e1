"""One briefing's check, apart from the rest of the archive's.

A check of the archive is every briefing's own problems (its parse, its names
against the registry, its quotes against its source article, its pictures
against the site settings) plus the rules across briefings, which need of
each briefing only its ``Claims`` (its slug and source file). So a briefing's
``FileReport`` stays true while its text and what it was checked against
(``CheckContext``, its source article) are unchanged, and ``check FILE``
checks FILE afresh against reports remembered for the others
(``checking``, ``cache.check_summary``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import storage
from .archive import image_warnings, parse_briefing_file, read_sources, source_path_problem
from .cache.memo import content_key
from .errors import unreadable
from .model import Briefing, Problem
from .parse import parse_briefing
from .registry import Registry
from .site_settings import SiteSettings
from .validate import Claims, check_briefing, claims_of


@dataclass(frozen=True)
class CheckContext:
    """What every briefing is checked against but its source: the registry and site settings
    (``key`` stands for both); ``started``: when the check began (ns since the epoch)."""

    root: Path
    registry: Registry
    settings: SiteSettings
    key: str
    started: int = 0


# A file changed less than this before a check may change again within the same tick of
# the file system's clock, keeping its stamp: its stamp is not trusted (as racy git does).
UNSETTLED_NS = 2 * 10**9


def settled(stamp: tuple, started: int) -> tuple | None:
    """``stamp`` (mtime, size, ctime, inode) when it can be trusted later, else None."""
    return stamp if max(stamp[0], stamp[2]) < started - UNSETTLED_NS else None


class FileReport(NamedTuple):
    """A briefing file's own check. ``claims`` is None when it does not parse (its problems
    then depend on its text alone); ``problems`` is None when it was only parsed, for the
    rules across files; ``against`` keys the context and source they were found against.
    A tuple, not a dataclass: remembered for every briefing, read back every check."""

    key: str  # content_key(path, text); "" when the file could not be read (never remembered)
    claims: Claims | None
    problems: tuple[Problem, ...] | None
    against: str = ""

    def holds_for(self, context: CheckContext, full: bool) -> bool:
        """Whether this report (of the same text) is still what a check now would find:
        its claims always, its problems when ``full``."""
        if self.claims is None or not full:
            return True
        return self.problems is not None and self.against == against(context, self.claims[2])


# A remembered report, as ``cache.check_summary`` keeps it: a plain tuple, quick to read
# back by the tens of thousands, indexed by these.
ROW_STAMP, ROW_KEY, ROW_CLAIMS, ROW_PROBLEMS = 0, 1, 2, 3


def as_row(stamp: tuple | None, report: FileReport) -> tuple:
    """(stamp, key, claims, problems, against): the report of a file read at ``stamp``
    (None: not to be trusted, its text is compared next time)."""
    return (stamp, report.key, report.claims and tuple(report.claims), report.problems, report.against)


def from_row(row: tuple) -> FileReport | None:
    """The report in a row ``as_row`` made (None when it is not one: a miss)."""
    try:
        _, key, claims, problems, found_against = row
        return FileReport(key, claims and Claims._make(claims), problems, found_against)
    except (TypeError, ValueError):
        return None


def row_holds(row: tuple, context: CheckContext, full: bool) -> bool:
    """``FileReport.holds_for`` of a row (the report is made only when its problems are wanted)."""
    if not full:
        return True
    report = from_row(row)
    return report is not None and report.holds_for(context, full)


def against(context: CheckContext, source_file: str | None) -> str:
    """The key of what a briefing citing ``source_file`` is checked against; the source
    counts by its stamp (time, size, inode), taken before it is read."""
    return content_key(context.key, source_state(context, source_file) if source_file else "")


def source_state(context: CheckContext, file: str) -> str:
    if source_path_problem(file):
        return "refused"
    stamp = storage.stamps(context.root, [file]).get(file)
    if stamp is None:
        return "missing"
    return repr(settled(stamp, context.started) or ("unsettled", context.started))


def report_file(context: CheckContext, file: storage.TextFile, full: bool) -> FileReport:
    """The report of a briefing file as read: fully checked (``full``), or only parsed."""
    if file.text is None:
        return FileReport("", None, (unreadable(file),))
    key = content_key(file.path, file.text)
    if full:
        return full_report(context, key, parse_briefing_file(file.path, file.text), checked_now)
    parsed = parse_briefing(file.path, file.text)
    if isinstance(parsed, list):
        return FileReport(key, None, tuple(parsed))
    return FileReport(key, claims_of(parsed), None)


SourceCheck = Callable[[CheckContext, Briefing], list[Problem]]


def full_report(context: CheckContext, key: str, parsed: Briefing | list[Problem], checked: SourceCheck) -> FileReport:
    """The full report of a briefing of content ``key`` parsed by ``parse_briefing_file``;
    ``checked``: its ``check_briefing`` problems (made now, or as a build made them)."""
    if isinstance(parsed, list):
        return FileReport(key, None, tuple(parsed))
    found_against = against(context, parsed.source.file)  # the source's stamp, before it is read
    return FileReport(key, claims_of(parsed), tuple(own_problems(context, parsed, checked)), found_against)


def own_problems(context: CheckContext, b: Briefing, checked: SourceCheck) -> list[Problem]:
    """What ``load_archive`` finds in one parsed briefing but the rules across files."""
    return list(b.warnings) + checked(context, b) + image_warnings(b.path, b.body_line, b.body, context.settings)


def checked_now(context: CheckContext, b: Briefing) -> list[Problem]:
    """``check_briefing`` of ``b``: its names against the registry, its quotes against its source read now."""
    source = read_sources(context.root, [b]).get(b.source.file) if b.source.file else None
    return check_briefing(b, context.registry, source.text if source else None, source.error if source else None)


def remembered_or_new(context: CheckContext, path: str, known: FileReport | None, full: bool) -> FileReport:
    """The file read afresh: ``known`` when it is of the same text and still holds, else a new report."""
    file = storage.read_text(context.root, path)
    if (
        known is not None
        and file.text is not None
        and known.key == content_key(path, file.text)
        and known.holds_for(context, full)
    ):
        return known
    return report_file(context, file, full)
