"""What pages share: URLs, links, and each briefing's list entry, card and quotes.

Pure, like every page module: index in, plain data out (strings, numbers,
lists, dicts — ISO dates as strings), so a page job can be pickled to another
process and hashed to key a cache. ``Views`` makes the shared dicts once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload
from urllib.parse import quote, urlsplit

from .facts import BriefingFacts, QuoteFact
from .index import Index
from .model import Briefing, stem_of
from .refs import Ref

SAFE_SCHEMES = ("http://", "https://")


# The URLs and dates below are made once per slug, file name and day, and the one string
# shared by every list, card and quote showing it: hundreds of thousands fewer objects
# to keep, pickle and unpickle at 30,000 briefings.


def briefing_url(briefing: Briefing) -> str:
    """Percent-encoded: a file name may hold "?", "#" or non-ASCII letters."""
    url = _URLS.get(briefing.path)
    return url if url is not None else _URLS.setdefault(briefing.path, url_of_path(briefing.path))


def url_of_path(path: str) -> str:
    stem = stem_of(path)
    return f"/briefings/{stem if UNRESERVED.fullmatch(stem) else quote(stem, safe='')}/"


# Each briefing's URL by its path, made once in a process or known from a kept state
# (``urls_known``): an edit's build at 30,000 briefings made all of them again (~40 ms)
# to plan its search shards and pages.
_URLS: dict[str, str] = {}


def urls_known(paths: Sequence[str], urls: Sequence[str]) -> None:
    """The URLs ``briefing_url`` gave the briefings at ``paths`` (in a process of the same
    code); none taken when they are not as many."""
    if len(paths) == len(urls):
        _URLS.update(zip(paths, urls, strict=True))


# What ``quote`` leaves as it is: most file names, checked far faster than quoted (each
# build names all 30,000 briefings' pages to plan the site and its search shards).
UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


@functools.cache
def issue_url(slug: str) -> str:
    return f"/issues/{slug}/"


@functools.cache
def actor_url(slug: str) -> str:
    return f"/actors/{slug}/"


@functools.cache
def iso_date(day: dt.date) -> str:
    return day.isoformat()


def paged(first: str, page: int) -> str:
    """The URL of a listing's page: its first page's URL, then ".../page/2/" and on."""
    return first if page == 1 else f"{first}page/{page}/"


def quotes_url(page: int = 1) -> str:
    """Every quote in the archive, newest first."""
    return paged("/quotes/", page)


def issue_quotes_url(slug: str, side: str | None = None, page: int = 1) -> str:
    """The quotes in an issue's briefings; with ``side`` (an actor's slug: a country, or a
    speaker with none) only those spoken for that side, e.g. /issues/kuril-islands/quotes/japan/.
    Every issue has the first, and every side in its ``IssueFacts.sides`` the second."""
    return paged(f"/issues/{slug}/quotes/" + (f"{side}/" if side else ""), page)


def actor_quotes_url(slug: str, page: int = 1) -> str:
    """The quotes of an actor: spoken by it, or for a state also by the people speaking for it."""
    return paged(f"/actors/{slug}/quotes/", page)


@overload
def link(ref: Ref, url_of: Callable[[str], str]) -> dict: ...
@overload
def link(ref: Ref | None, url_of: Callable[[str], str]) -> dict | None: ...
def link(ref: Ref | None, url_of: Callable[[str], str]) -> dict | None:
    """A name and its page's URL; no ref, no link. One dict per name and URL, shared by
    every card and quote showing it (pages only read what they are given)."""
    return shared_link(ref.name, url_of(ref.slug)) if ref else None


@functools.cache
def shared_link(name: str, url: str) -> dict:
    return {"name": name, "url": url}


def safe_url(url: str | None) -> str | None:
    """Only web links become links: no javascript:, data: or file: from a briefing."""
    return url if url and url.lower().startswith(SAFE_SCHEMES) else None


def web_host(url: str | None) -> str | None:
    """The site a web link leads to ("https://www.dw.com/en/…" → "dw.com"), shown beside the link."""
    safe = safe_url(url)
    try:
        host = urlsplit(safe).hostname if safe else None
    except ValueError:  # "http://[broken": shown without its host
        return None
    return host.removeprefix("www.") if host else None


def wikidata_url(entry) -> str | None:
    return f"https://www.wikidata.org/wiki/{entry.wikidata}" if entry and entry.wikidata else None


def last_changed(briefing: Briefing) -> str:
    """The briefing's date, or its latest correction's when corrected."""
    return iso_date(max([briefing.known_date] + [c.date for c in briefing.corrections]))


def entry_of(briefing: Briefing, index: Index) -> dict:
    """A briefing in a list: enough to show and link it."""
    return {
        "url": briefing_url(briefing),
        "title": briefing.title,
        "date": iso_date(briefing.known_date),
        "draft": briefing.status == "draft",
        "corrected": bool(briefing.corrections),
    }


def card_of(briefing: Briefing, index: Index) -> dict:
    """A briefing in a list where readers choose what to read: with summary and issues."""
    return {
        **entry_of(briefing, index),
        "summary": briefing.summary or "",
        "outlet": briefing.source.outlet,
        "issues": [link(ref, issue_url) for ref in index.facts[briefing.path].issues],
    }


def card_read_back(card: dict) -> dict:
    """A card unpickled, of the keys and links this process shares (``cache.packed_values``)."""
    shared = {sys.intern(key): value for key, value in card.items()}
    shared["issues"] = [shared_link(issue["name"], issue["url"]) for issue in card["issues"]]
    return shared


@dataclass(frozen=True)
class Views:
    """The index plus each briefing's list entry, card and quotes, made once:
    a briefing appears on many pages, and at 10,000 briefings rebuilding these
    dicts for every page was the largest cost of planning."""

    index: Index
    entries: Mapping[str, dict]
    cards: Mapping[str, dict]  # this and ``filters`` (and the index's facts): a kept state's are
    # ``cache.packed_values``, each value read when asked for
    quotes: Mapping[str, list[dict]]  # ``QuoteDicts``
    # What a page naming an issue or actor needs of it, apart from all its facts (so a
    # briefing's page does not depend on every other briefing of its issues and actors).
    issue_entries: dict = field(default_factory=dict)  # issue slug → its registry entry or None
    actor_heads: dict = field(default_factory=dict)  # actor slug → (its Ref, kind, registry entry or None)
    # Each briefing's search filter values (``records.filters_view``): what the search
    # page's filter list is made of, so a briefing's edit that keeps them keeps that list.
    filters: Mapping = field(default_factory=dict)


def views_of(index: Index) -> Views:
    entries = {b.path: entry_of(b, index) for b in index.briefings}
    return Views(
        index,
        entries=entries,
        cards={b.path: card_of(b, index) for b in index.briefings},
        quotes=QuoteDicts(index.facts, entries),
        issue_entries={slug: facts.entry for slug, facts in index.issues.items()},
        actor_heads={slug: (facts.ref, facts.kind, facts.entry) for slug, facts in index.actors.items()},
    )


class QuoteDicts(Mapping):
    """Each briefing's quote dicts by path, made from its facts and its list entry when
    first read (each sharing the dict of the briefing it links to), the same dicts after.
    Kept between builds as what they are made of: the ~90,000 dicts of 30,000 briefings
    took ~90 ms of every edit's build to unpickle, and such a build reads those of the
    few pages it makes."""

    def __init__(self, facts: Mapping[str, BriefingFacts], entries: Mapping[str, dict]):
        self.facts, self.entries = facts, entries
        self.made: dict[str, list[dict]] = {}

    def __getitem__(self, path: str) -> list[dict]:
        found = self.made.get(path)
        if found is None:
            entry = self.entries[path]
            source = {"url": entry["url"], "title": entry["title"]}
            found = self.made[path] = [quote_of(quote, source) for quote in self.facts[path].quotes]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def __contains__(self, path: object) -> bool:
        return path in self.facts

    def __reduce__(self) -> tuple:
        return (QuoteDicts, (self.facts, self.entries))


def quotes_of(facts: tuple[QuoteFact, ...], views: Views) -> list[dict]:
    """The shared dicts of these quotes (each found by its briefing and text)."""
    found = []
    for fact in facts:
        briefing_quotes = views.index.facts[fact.briefing].quotes
        found.append(views.quotes[fact.briefing][briefing_quotes.index(fact)])
    return found


def quote_of(quote: QuoteFact, source: dict) -> dict:
    return {
        "text": quote.text,
        "date": iso_date(quote.date),
        "speaker": link(quote.speaker, actor_url),
        "to": link(quote.to, actor_url),
        "briefing": source,
    }
