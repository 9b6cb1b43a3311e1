"""``build.py ingest PATH...``: articles in, draft briefings out.

Everything is read first, drafts are made in worker processes (pure work), and
all writes happen in this process at the end, through ``storage.write_atomic``.
A briefing on disk is only replaced when it is exactly what ingest wrote before
for the same source (an untouched draft) or with ``force``.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import hashlib
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..archive import BRIEFINGS, MAX_SOURCE_BYTES
from ..frontmatter import Document, load_document
from ..model import Briefing
from ..parse import parse_briefing
from ..registry import Registry
from ..serialize import dump_briefing
from .draft import draft_briefing

KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
ARTICLES = "content/articles"
DUPLICATE = "same text as"
SMALL_BATCH = 8  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class Job:
    path: Path  # as given
    source_file: str  # repo-relative path of the kept copy
    kind: str
    text: str | None
    error: str | None
    data: bytes


def article_paths(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named and articles inside folders named (DISK: lists folders).

    Hidden files and folders *inside* a named folder are skipped; the named
    folder's own path may hold dots (``../articles``, ``~/.local/…``).
    """
    found, errors = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in KINDS and p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not inside:
                errors.append(f"{name}: no articles in this folder (looked for {', '.join(sorted(KINDS))})")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            errors.append(f"{name}: no such file or folder")
    return found, errors


def kept_path(root: Path, path: Path) -> str:
    """Where the source lives in the archive: itself if already there, else a copy."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"{ARTICLES}/{path.name}"


def read_job(root: Path, path: Path) -> Job:
    """The article's bytes and text, or why not. A file too big to keep as a
    source (``check`` reads sources up to MAX_SOURCE_BYTES) is refused from its
    size, before it is read."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        return Job(path, "", "txt", None, f"not an article (use {', '.join(sorted(KINDS))})", b"")
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            return Job(path, "", kind, None, storage.size_problem(size, MAX_SOURCE_BYTES), b"")
        data = storage.read_bytes(path)
    except OSError as error:
        return Job(path, "", kind, None, f"cannot read: {error.strerror or error}", b"")
    text, error = storage.decode_text(data, MAX_SOURCE_BYTES)
    return Job(path, kept_path(root, path), kind, text, error, data)


def make_draft(args: tuple[str, str, str, str, Registry, dt.date | None]) -> Briefing | str:
    text, filename, kind, source_file, registry, date = args
    try:
        return draft_briefing(text, filename=filename, kind=kind, registry=registry,
                              source_file=source_file, date=date)
    except Exception as error:  # one bad article must not stop the batch
        return f"could not draft: {type(error).__name__}: {error}"


def draft_all(jobs: list[Job], registry: Registry, progress: bool,
              date: dt.date | None = None) -> list[Briefing | str]:
    work = [(j.text, j.path.name, j.kind, j.source_file, registry, date) for j in jobs]
    if len(work) < SMALL_BATCH:
        return [make_draft(item) for item in work]
    from tqdm import tqdm

    with ProcessPoolExecutor(max_workers=2) as pool:
        results = pool.map(make_draft, work, chunksize=max(1, len(work) // 16))
        return list(tqdm(results, total=len(work), desc="ingest", unit="article",
                         disable=not progress, file=sys.stderr))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def existing_sources(root: Path) -> dict[str, str]:
    """Content hash → repo path of the articles already kept (DISK: lists the folder).

    Hidden files are not articles: a ``.name.XXXX.tmp`` left by a killed run
    must not make its article a "duplicate" of itself.
    """
    folder = root / ARTICLES
    if not folder.is_dir():
        return {}
    return {digest(p.read_bytes()): p.relative_to(root).as_posix()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


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
        return (f"{total} article(s): {self.drafted} drafted{notes}, {self.skipped} skipped, "
                f"{self.unreadable} unreadable")


def run_ingest(paths: list[str], *, root: Path, out: str = "briefings", force: bool = False,
               registry: Registry, progress: bool = True, date: dt.date | None = None) -> int:
    """Draft every article under ``paths``, printing one line per file and a summary. Exit
    status 1 only when a file could not be read (or a draft could not be written)."""
    files, failures = article_paths(paths)
    for line in failures:
        print(line, file=sys.stderr)
    jobs = unique_jobs([read_job(root, path) for path in files], existing_sources(root))
    readable = [job for job in jobs if job.text is not None]
    tally = Tally(unreadable=len(failures))
    for job in jobs:
        if job.text is None and job.error.startswith(DUPLICATE):
            print(f"{job.path}: skipped, {job.error}")
            tally.skipped += 1
        elif job.text is None:
            print(f"{job.path}: {job.error}", file=sys.stderr)
            tally.unreadable += 1
    drafts = draft_all(readable, registry, progress and len(readable) > 1, date)
    targets: dict[str, Path] = {}
    sources = SourceCopies(root)
    for job, drafted in zip(readable, drafts):
        if isinstance(drafted, Briefing):
            drafted = sources.free_path(drafted, job, out, targets)
            targets[f"{out.rstrip('/')}/{drafted.path.rsplit('/', 1)[-1]}"] = job.path
            outcome = write_or_say_why(root, out, job, drafted, force, registry, sources, date)
        else:
            outcome = f"{job.path}: {drafted}"
        if outcome.startswith(f"{job.path}: drafted"):
            tally.drafted += 1
            tally.with_notes += bool(isinstance(drafted, Briefing) and drafted.review)
        elif outcome.startswith(f"{job.path}: skipped"):
            tally.skipped += 1
        else:
            tally.unreadable += 1
        print(outcome, file=sys.stdout if ": skipped" in outcome or ": drafted" in outcome else sys.stderr)
    print(tally.summary())
    return 1 if tally.unreadable else 0


def write_or_say_why(root, out, job, drafted, force, registry, sources, date) -> str:
    try:
        return write_draft(root, out, job, drafted, force, registry, sources, date)
    except OSError as error:  # a full disk, a folder in the way: say so, go on
        return f"{job.path}: cannot write {error.filename or job.path}: {error.strerror or error}"


class SourceCopies:
    """Where each article is kept, so that a copy never replaces another article.

    ``content/articles/<name>`` comes from the file's name. When a different
    article already sits there, it is replaced only for its own draft (the
    briefing being written cites it and no other briefing does: re-ingesting
    an updated article, and ``write_draft`` still refuses an edited draft).
    Otherwise, and when another file of this run was kept there, the copy
    gets a free name (``<stem>-2<suffix>``, …) and the draft cites that.
    """

    def __init__(self, root: Path):
        self.root = root
        self.claimed: dict[str, str] = {}  # kept path → digest of what this run put there
        self._cited: dict[str, set[str]] | None = None
        self._unparsed: dict[str, str] = {}  # briefings that do not parse: path → text

    def citations(self) -> dict[str, set[str]]:
        """Source file → the briefings citing it (read lazily: only a name clash needs them)."""
        if self._cited is None:
            self._cited = {}
            for path in storage.list_markdown(self.root, BRIEFINGS):
                file = storage.read_text(self.root, path)
                parsed = parse_briefing(path, file.text) if file.text is not None else []
                if isinstance(parsed, Briefing):
                    if parsed.source.file:
                        self._cited.setdefault(parsed.source.file, set()).add(path)
                else:
                    self._unparsed[path] = file.text or ""
        return self._cited

    def cited_only_by(self, source_file: str, target: str) -> bool:
        """Whether ``target`` cites ``source_file`` and no other briefing may."""
        return self.citations().get(source_file, set()) == {target} and not any(
            source_file in text for path, text in self._unparsed.items() if path != target)

    def place(self, job: Job, target: str) -> str:
        """The kept path for ``job``'s article when its briefing goes to ``target``."""
        wanted = job.source_file
        if not wanted.startswith(ARTICLES + "/"):
            return wanted  # the article already lives in the archive: cited where it is
        key = digest(job.data)
        candidate, number = wanted, 1
        while True:
            if self.claimed.get(candidate, key) == key:
                existing = self.root / candidate
                if not existing.exists() or storage.read_bytes(existing) == job.data:
                    return candidate
                if candidate == wanted and candidate not in self.claimed \
                        and self.cited_only_by(candidate, target):
                    return candidate
            number += 1
            stem, dot, suffix = wanted.rpartition(".")
            candidate = f"{stem}-{number}.{suffix}" if dot and "/" not in suffix else f"{wanted}-{number}"

    def free_path(self, briefing: Briefing, job: Job, out: str, taken: dict[str, Path]) -> Briefing:
        """The draft under its own name, or ``<name>-2.md``, … when that name is another
        article's briefing (same date and headline, another source) or another file's of this
        run: a clash is never an "edited draft" to overwrite."""
        stem, number = briefing.path.rsplit("/", 1)[-1][:-len(".md")], 1
        name = f"{stem}.md"
        while f"{out.rstrip('/')}/{name}" in taken or self.cites_another_article(f"{out.rstrip('/')}/{name}", job):
            number += 1
            name = f"{stem}-{number}.md"
        return briefing if number == 1 else dataclasses.replace(briefing, path=f"{BRIEFINGS}/{name}")

    def cites_another_article(self, target: str, job: Job) -> bool:
        """Whether the briefing at ``target`` was drafted from an article other than ``job``'s
        (its front matter read as it is: an undated draft does not parse yet)."""
        file = storage.read_text(self.root, target)
        document = load_document(target, file.text) if file.text is not None else None
        source = document.data.get("source") if isinstance(document, Document) \
            and isinstance(document.data, dict) else None
        cited = source.get("file") if isinstance(source, dict) else None
        if not isinstance(cited, str) or cited == job.source_file:
            return False
        kept = storage.read_text(self.root, cited)
        return kept.text is None or storage.read_bytes(self.root / cited) != job.data

    def claim(self, source_file: str, data: bytes) -> None:
        self.claimed[source_file] = digest(data)


def unique_jobs(jobs: list[Job], kept: dict[str, str]) -> list[Job]:
    """Jobs whose text is new; the others become errors naming the first copy."""
    seen: dict[str, str] = {}
    result = []
    for job in jobs:
        if job.text is None:
            result.append(job)
            continue
        key = digest(job.data)
        first = seen.get(key) or (kept.get(key) if kept.get(key) != job.source_file else None)
        if first:
            result.append(Job(job.path, job.source_file, job.kind, None,
                              f"{DUPLICATE} {first}: not drafted again", job.data))
        else:
            seen[key] = str(job.path)
            result.append(job)
    return result


def write_draft(root: Path, out: str, job: Job, briefing: Briefing, force: bool,
                registry: Registry, sources: SourceCopies | None = None, date: dt.date | None = None) -> str:
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
