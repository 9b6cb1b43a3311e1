"""``build.py ingest PATH...``: articles in, draft briefings out.

Everything is read first, drafts are made in worker processes (pure work), and
all writes happen in this process at the end, through ``storage.write_atomic``.
A briefing on disk is only replaced when it is exactly what ingest wrote before
for the same source (an untouched draft) or with ``force``. With ``explain``,
each drafted file's line is followed by which rule found its title, date, people's
roles and states and quotes' speakers (the drafts are the same).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import storage
from ..model import Briefing
from ..registry import Registry
from ..serialize import dump_briefing
from .articles import DUPLICATE, Job, article_paths, existing_sources, read_job, unique_jobs
from .draft import draft_briefing, draft_explained
from .kept_copies import SourceCopies

SMALL_BATCH = 8  # below this, starting worker processes costs more than it saves


def make_draft(args: tuple[str, str, str, str, Registry, dt.date | None]) -> Briefing | str:
    text, filename, kind, source_file, registry, date = args
    try:
        return draft_briefing(text, filename=filename, kind=kind, registry=registry, source_file=source_file, date=date)
    except Exception as error:  # one bad article must not stop the batch
        return f"could not draft: {type(error).__name__}: {error}"


def make_explained_draft(args: tuple[str, str, str, str, Registry, dt.date | None]):
    """The draft and the lines explaining it (none when there is no draft)."""
    text, filename, kind, source_file, registry, date = args
    try:
        return draft_explained(
            text, filename=filename, kind=kind, registry=registry, source_file=source_file, date=date
        )
    except Exception as error:  # one bad article must not stop the batch
        return f"could not draft: {type(error).__name__}: {error}", ()


def draft_all(
    jobs: list[Job], registry: Registry, progress: bool, date: dt.date | None = None, explain: bool = False
) -> list[tuple[Briefing | str, tuple[str, ...]]]:
    """(draft or why not, lines explaining it) of each job; explained only if ``explain``."""
    work = [(j.text or "", j.path.name, j.kind, j.source_file, registry, date) for j in jobs]
    worker = make_explained_draft if explain else make_draft
    results: list[Any]  # drafts, or (draft, explanation) pairs when explained
    if len(work) < SMALL_BATCH:
        results = [worker(item) for item in work]
    else:
        from tqdm import tqdm

        with ProcessPoolExecutor(max_workers=2) as pool:
            mapped = pool.map(worker, work, chunksize=max(1, len(work) // 16))
            results = list(
                tqdm(mapped, total=len(work), desc="ingest", unit="article", disable=not progress, file=sys.stderr)
            )
    return results if explain else [(result, ()) for result in results]


def remove_stale_temporaries(path: Path) -> None:
    """Delete ``.<name>.*.tmp`` beside ``path``: what a killed ``write_atomic`` of it left."""
    try:
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # only tidying


def refusal(root: Path, target: str, new_text: str, previous_draft: str | None) -> str | None:
    """None if ``target`` may be written; else why not ("unchanged" or "edited").

    An untouched draft is one whose text is exactly what ingest makes of the
    source it was drafted from (the kept copy, before it is replaced).
    """
    current = storage.read_text(root, target)
    if current.text is None:
        return None
    if current.text == new_text:
        return "unchanged"
    return None if previous_draft is not None and current.text == previous_draft else "edited"


def previous_draft(root: Path, job: Job, registry: Registry, date: dt.date | None = None) -> str | None:
    """The draft ingest makes of the copy already kept for this source, if any."""
    kept = storage.read_text(root, job.source_file)
    if kept.text is None:
        return None
    drafted = make_draft((kept.text, job.path.name, job.kind, job.source_file, registry, date))
    return dump_briefing(drafted) if isinstance(drafted, Briefing) else None


@dataclass
class Tally:
    """What a batch did, file by file: one line each, then the summary."""

    drafted: int = 0
    with_notes: int = 0
    skipped: int = 0
    unreadable: int = 0

    def summary(self) -> str:
        total = self.drafted + self.skipped + self.unreadable
        notes = f" ({self.with_notes} with notes to review)" if self.with_notes else ""
        return (
            f"{total} article(s): {self.drafted} drafted{notes}, {self.skipped} skipped, {self.unreadable} unreadable"
        )

    def count(self, outcome: str, path: Path, drafted: Briefing | str) -> None:
        if outcome.startswith(f"{path}: drafted"):
            self.drafted += 1
            self.with_notes += bool(isinstance(drafted, Briefing) and drafted.review)
        elif outcome.startswith(f"{path}: skipped"):
            self.skipped += 1
        else:
            self.unreadable += 1


def report_unread(jobs: list[Job], tally: Tally) -> None:
    """A line for each article not drafted: a duplicate (skipped) or unreadable."""
    for job in jobs:
        if job.text is None and (job.error or "").startswith(DUPLICATE):
            print(f"{job.path}: skipped, {job.error}")
            tally.skipped += 1
        elif job.text is None:
            print(f"{job.path}: {job.error}", file=sys.stderr)
            tally.unreadable += 1


def run_ingest(
    paths: list[str],
    *,
    root: Path,
    out: str = "briefings",
    force: bool = False,
    registry: Registry,
    progress: bool = True,
    date: dt.date | None = None,
    explain: bool = False,
) -> int:
    """Draft every article under ``paths``, printing one line per file and a summary. Exit
    status 1 only when a file could not be read (or a draft could not be written)."""
    files, failures = article_paths(paths)
    for line in failures:
        print(line, file=sys.stderr)
    jobs = unique_jobs([read_job(root, path) for path in files], existing_sources(root))
    readable = [job for job in jobs if job.text is not None]
    tally = Tally(unreadable=len(failures))
    report_unread(jobs, tally)
    drafts = draft_all(readable, registry, progress and len(readable) > 1, date, explain)
    targets: dict[str, Path] = {}
    sources = SourceCopies(root)
    for job, (drafted, explanation) in zip(readable, drafts, strict=True):
        if isinstance(drafted, Briefing):
            drafted = sources.free_path(drafted, job, out, targets)
            targets[f"{out.rstrip('/')}/{drafted.path.rsplit('/', 1)[-1]}"] = job.path
            outcome = write_or_say_why(root, out, job, drafted, force, registry, sources, date)
        else:
            outcome = f"{job.path}: {drafted}"
        tally.count(outcome, job.path, drafted)
        print(outcome, file=sys.stdout if ": skipped" in outcome or ": drafted" in outcome else sys.stderr)
        for line in explanation:
            print(f"  {line}")
    print(tally.summary())
    return 1 if tally.unreadable else 0


def write_or_say_why(root, out, job, drafted, force, registry, sources, date) -> str:
    try:
        return write_draft(root, out, job, drafted, force, registry, sources, date)
    except OSError as error:  # a full disk, a folder in the way: say so, go on
        return f"{job.path}: cannot write {error.filename or job.path}: {error.strerror or error}"


def write_draft(
    root: Path,
    out: str,
    job: Job,
    briefing: Briefing,
    force: bool,
    registry: Registry,
    sources: SourceCopies | None = None,
    date: dt.date | None = None,
) -> str:
    """Write the draft unless it would replace an editor's work; the line saying what happened."""
    name = briefing.path.rsplit("/", 1)[-1]
    target = f"{out.rstrip('/')}/{name}"
    sources = sources or SourceCopies(root)
    kept = sources.place(job, target)
    if kept != job.source_file:
        print(f"{job.path}: {job.source_file} holds another article; kept as {kept}", file=sys.stderr)
        job = dataclasses.replace(job, source_file=kept)
        briefing = dataclasses.replace(briefing, source=dataclasses.replace(briefing.source, file=kept))
    text = dump_briefing(briefing)
    old_draft = None if force else previous_draft(root, job, registry, date)
    why_not = None if force else refusal(root, target, text, old_draft)
    if why_not == "unchanged":
        for path in (root / job.source_file, root / target):
            remove_stale_temporaries(path)
        return f"{job.path}: skipped, {target} is unchanged"
    if why_not == "edited":
        return f"{job.path}: skipped, {target} was edited since it was drafted (--force replaces it)"
    if not storage.exists(root, job.source_file) or storage.read_bytes(root / job.source_file) != job.data:
        storage.write_atomic(root / job.source_file, job.data)
    sources.claim(job.source_file, job.data)
    storage.write_atomic(root / target, text)
    for path in (root / job.source_file, root / target):
        remove_stale_temporaries(path)
    notes = len(briefing.review)
    return f"{job.path}: drafted {target}" + (f", {notes} note(s) to review" if notes else "")
