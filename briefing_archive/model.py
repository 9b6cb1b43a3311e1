"""The data of the archive: typed, frozen dataclasses shared by every stage.

parse → validate → index → render all take and return these; none of them
touches the disk (see ``storage``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

STATUSES = ("draft", "published")
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
ACTOR_KINDS = ("person", "country", "organisation")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located for the editor."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        # a control character quoted from a file is shown escaped, never sent to the terminal
        return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                               f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str  # one of ACTOR_KINDS
    role: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Quote:
    speaker: str
    text: str
    to: str | None = None


@dataclass(frozen=True)
class Source:
    outlet: str
    file: str | None = None  # repo-relative posix path of the source article
    url: str | None = None
    credit: str | None = None
    byline: tuple[str, ...] = ()


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: str


@dataclass(frozen=True)
class Briefing:
    path: str  # repo-relative posix path, e.g. briefings/2019-05-30-x.md
    title: str
    date: dt.date | None  # None only in a draft ingest could not date: parse refuses it
    status: str
    source: Source
    summary: str | None = None
    issues: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    review: tuple[str, ...] = ()
    reviewed_by: str | None = None
    corrections: tuple[Correction, ...] = ()
    body: str = ""
    body_line: int = field(default=1, compare=False, repr=False)  # the file's line where the body starts
    # front-matter key (dotted for nested: "source.file", "quotes.2.text") → line
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    # problems found while parsing that did not stop it (unknown fields, …)
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)

    @property
    def stem(self) -> str:
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".md") else name

    def line_of(self, key: str) -> int:
        """Best line for a dotted key: itself, else its nearest parent, else 1."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1


@dataclass(frozen=True)
class RegistryEntry:
    """One issue or actor of the editors' controlled vocabulary."""

    path: str
    kind: str  # "issue" | "actor"
    name: str
    slug: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    overview: str = ""  # Markdown
    actor_kind: str | None = None  # for actors: one of ACTOR_KINDS
    country: str | None = None  # for people and organisations with a home state
    role: str | None = None  # a person's usual role, a hint for ingest
    demonyms: tuple[str, ...] = ()  # for countries: "Japanese", …
    overview_line: int = field(default=1, compare=False, repr=False)  # the file's line where it starts
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class SourceText:
    """A source article as read from disk (text is None when unreadable)."""

    path: str
    text: str | None
