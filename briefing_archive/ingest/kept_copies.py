"""Where each article's copy is kept in the archive, so that a copy never replaces another
article (``SourceCopies``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .. import storage
from ..archive import BRIEFINGS
from ..frontmatter import Document, load_document
from ..model import Briefing
from ..parse import parse_briefing
from .articles import ARTICLES, Job, digest


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
            source_file in text for path, text in self._unparsed.items() if path != target
        )

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
                if candidate == wanted and candidate not in self.claimed and self.cited_only_by(candidate, target):
                    return candidate
            number += 1
            stem, dot, suffix = wanted.rpartition(".")
            candidate = f"{stem}-{number}.{suffix}" if dot and "/" not in suffix else f"{wanted}-{number}"

    def free_path(self, briefing: Briefing, job: Job, out: str, taken: dict[str, Path]) -> Briefing:
        """The draft under its own name, or ``<name>-2.md``, … when that name is another
        article's briefing (same date and headline, another source) or another file's of this
        run: a clash is never an "edited draft" to overwrite."""
        stem, number = briefing.path.rsplit("/", 1)[-1][: -len(".md")], 1
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
        source = (
            document.data.get("source") if isinstance(document, Document) and isinstance(document.data, dict) else None
        )
        cited = source.get("file") if isinstance(source, dict) else None
        if not isinstance(cited, str) or cited == job.source_file:
            return False
        kept = storage.read_text(self.root, cited)
        return kept.text is None or storage.read_bytes(self.root / cited) != job.data

    def claim(self, source_file: str, data: bytes) -> None:
        self.claimed[source_file] = digest(data)
