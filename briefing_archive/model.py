"""The data of the archive: typed, frozen dataclasses shared by every stage.

parse → validate → index → render all take and return these; none of them
touches the disk (see ``storage``).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import ClassVar

from .schema import declared

STATUSES = ("draft", "published")
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
ACTOR_KINDS = ("person", "country", "organisation")
MAX_TITLE = 300  # a headline; anything longer is a pasted paragraph (and breaks page layouts)


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
        return UNPRINTABLE.sub(
            lambda m: f"\\u{ord(m.group()):04x}", f"{self.path}:{self.line}: {self.field}: {prefix}{self.message}"
        )

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


# The front matter's fields, each declared once (see ``schema``): in the canonical order
# fmt writes them, with how every stage reads, writes, exports, shows and searches them.


@dataclass(frozen=True)
class Actor:
    name: str = declared("text", required=True, strip=True, shared=True)
    kind: str = declared("choice", required=True, choices=ACTOR_KINDS, shared=True)  # one of ACTOR_KINDS
    role: str | None = declared("text", None, strip=True, shared=True)
    country: str | None = declared("text", None, strip=True, shared=True)


@dataclass(frozen=True)
class Quote:
    WRITTEN_ORDER: ClassVar = ("speaker", "to", "text")

    speaker: str = declared("text", required=True, strip=True, shared=True)
    text: str = declared("text", required=True, strip=True, quoted=True)
    to: str | None = declared("text", None, strip=True, shared=True)


@dataclass(frozen=True)
class Source:
    outlet: str = declared("text", required=True, strip=True, shared=True, when_empty="write")
    file: str | None = declared("text", None)  # repo-relative posix path of the source article
    url: str | None = declared("text", None)
    credit: str | None = declared("text", None, shared=True)
    byline: tuple[str, ...] = declared("names", ())


@dataclass(frozen=True)
class Correction:
    date: dt.date = declared("date", required=True)
    text: str = declared("text", required=True, strip=True, quoted=True)


def stem_of(path: str) -> str:
    """A briefing file's name without ".md": its page's name."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".md") else name


@dataclass(frozen=True, kw_only=True)
class Briefing:
    path: str  # repo-relative posix path, e.g. briefings/2019-05-30-x.md
    title: str = declared(
        "text", required=True, strip=True, max_length=MAX_TITLE, too_long="a headline; longer text belongs in summary:"
    )
    date: dt.date | None = declared("date", required=True, when_empty="write")  # None: a draft ingest could not date
    status: str = declared("choice", required=True, choices=STATUSES, shared=True)
    reviewed_by: str | None = declared("text", None, shared=True)
    source: Source = declared("mapping", required=True, part=Source, unknown="warning")
    location: str | None = declared("text", None, strip=True, shared=True, label="Location", filter="Location")
    summary: str | None = declared("text", None, quoted=True)
    issues: tuple[str, ...] = declared("names", (), shared=True, when_empty="[]")
    actors: tuple[Actor, ...] = declared("items", (), part=Actor, when_empty="[]")
    quotes: tuple[Quote, ...] = declared("items", (), part=Quote, when_empty="[]")
    corrections: tuple[Correction, ...] = declared("items", (), part=Correction)
    review: tuple[str, ...] = declared("names", (), one_per_line=True, export=False)  # drafts: notes for the editor
    body: str = ""
    body_line: int = field(default=1, compare=False, repr=False)  # the file's line where the body starts
    # front-matter key (dotted for nested: "source.file", "quotes.2.text") → line
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    # problems found while parsing that did not stop it (unknown fields, …)
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)

    @property
    def stem(self) -> str:
        return stem_of(self.path)

    @property
    def known_date(self) -> dt.date:
        """The date of a parsed briefing: parsing requires one, only an ingest draft may lack it."""
        if self.date is None:
            raise ValueError(f"{self.path}: an undated draft has no date to show")
        return self.date

    def line_of(self, key: str) -> int:
        return nearest_line(self.lines, key)


def nearest_line(lines: Mapping[str, int], key: str) -> int:
    """Best line for a dotted key: itself, else its nearest parent, else 1."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return 1


def place_of(briefings: Sequence[Briefing], path: str) -> int | None:
    """Where the briefing at ``path`` is among ``briefings`` (sorted by path), found by
    bisection (a pass over 30,000 briefings to find an edit's few took ~5 ms); None: not there."""
    at = bisect_left(briefings, path, key=attrgetter("path"))
    return at if at < len(briefings) and briefings[at].path == path else None


def at_paths(briefings: Sequence[Briefing], paths: Iterable[str]) -> dict[str, Briefing]:
    """Those of ``briefings`` (sorted by path) at ``paths``, by path."""
    places = {path: place_of(briefings, path) for path in paths}
    return {path: briefings[at] for path, at in places.items() if at is not None}


def visible(briefings: Iterable[Briefing], include_drafts: bool) -> list[Briefing]:
    """The briefings a site shows: drafts only in the preview."""
    return [b for b in briefings if is_visible(b, include_drafts)]


def is_visible(briefing: Briefing | None, include_drafts: bool) -> bool:
    """Whether a site shows this briefing (None: there is none to show)."""
    return briefing is not None and (include_drafts or briefing.status != "draft")


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
