"""The articles ``build.py ingest`` is given: which files, their text, and which of them are
copies of one another or of an article the archive already keeps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..archive import MAX_SOURCE_BYTES

KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}
ARTICLES = "content/articles"
DUPLICATE = "same text as"


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
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in KINDS
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
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
    text, problem = storage.decode_text(data, MAX_SOURCE_BYTES)
    return Job(path, kept_path(root, path), kind, text, problem, data)


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
    return {
        digest(p.read_bytes()): p.relative_to(root).as_posix()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


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
            result.append(
                Job(job.path, job.source_file, job.kind, None, f"{DUPLICATE} {first}: not drafted again", job.data)
            )
        else:
            seen[key] = str(job.path)
            result.append(job)
    return result
