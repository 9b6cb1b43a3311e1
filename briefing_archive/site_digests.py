"""The shared data of a site as the pages see it (recorded, see ``reads``) and a digest of
every part a page can read, so a rebuild knows which pages' reads changed.

A briefing's own parts (its ``Briefing``, list entry, card and quote dicts) are made
from its file and the registry only, so their digest is the file's content key; the
registry, settings and templates are in the key every page shares instead. Parts
made across briefings (an issue's or actor's facts, the timeline, related
briefings, the quote lists) are digested from their data.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from .cache.kept_quotes import briefings_of
from .cache.memo import identity_free_pickle
from .facts import ActorFacts, IssueFacts
from .kinds import Site
from .model import Briefing
from .quote_pages import QUOTES_PER_PAGE, QuoteLists
from .reads import LENGTH, WHOLE, ReadsDict, ReadsEvery, ReadsLists, ReadsMapping, ReadsTuple
from .refs import Ref

Digests = dict[str, Mapping[Any, str]]  # part name → key (or position, LENGTH, WHOLE) → digest
# A briefing's own parts, made from its file and the registry: digested by the file's content key.
OWN_PARTS = ("by_path", "entries", "cards", "quotes")


def recorded_site(site: Site) -> Site:
    """``site`` with every shared part wrapped to record what each page reads."""
    index, views, quotes = site.views.index, site.views, site.quotes
    index = replace(
        index,
        briefings=ReadsTuple("briefings", index.briefings),
        by_path=ReadsDict("by_path", index.by_path),
        facts=recorded("facts", index.facts),
        issues=ReadsDict("issues", index.issues),
        actors=ReadsDict("actors", index.actors),
        timeline=ReadsTuple("timeline", index.timeline),
        aliases=ReadsDict("aliases", index.aliases),
    )
    views = replace(
        views,
        index=index,
        entries=recorded("entries", views.entries),
        cards=recorded("cards", views.cards),
        quotes=ReadsMapping("quotes", views.quotes),
        issue_entries=ReadsDict("issue_entries", views.issue_entries),
        actor_heads=ReadsDict("actor_heads", views.actor_heads),
        filters=recorded("filters", views.filters),
    )
    quotes = replace(
        quotes,
        every=ReadsEvery("every", quotes.every, chunk=QUOTES_PER_PAGE),
        every_years=ReadsTuple("every_years", quotes.every_years),
        # A list is found by its key (digest: that it is there) and read through its own
        # positions, so an edit makes again only the pages of a list showing it.
        by_actor=ReadsLists("by_actor", quotes.by_actor, "actor", QUOTES_PER_PAGE),
        by_issue=ReadsLists("by_issue", quotes.by_issue, "issue", QUOTES_PER_PAGE),
        years=ReadsDict("quote_years", quotes.years),
        issue_sides=ReadsDict("issue_sides", quotes.issue_sides),
    )
    return replace(site, views=views, quotes=quotes)


def recorded(name: str, data: Mapping) -> Mapping:
    """A dict as a recording copy; a mapping of values read when asked for (a kept state's,
    ``cache.packed_values``) wrapped, not copied (a copy would read every value)."""
    return ReadsDict(name, data) if type(data) is dict else ReadsMapping(name, data)


def digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def data_digest(value: Any) -> str:
    return hashlib.blake2b(identity_free_pickle(value), digest_size=12).hexdigest()


# The last registry digested and its digest: a kept state keeps its registry's, told when
# read (``registry_known``); digesting it took ~6 ms of an edit's build at 30,000 briefings.
_REGISTRY: list[tuple[Any, str]] = []


def registry_digest(registry: Any) -> str:
    """``data_digest`` of ``registry``, made once for the object."""
    if not _REGISTRY or _REGISTRY[0][0] is not registry:
        registry_known(registry, data_digest(registry))
    return _REGISTRY[0][1]


def registry_known(registry: Any, digest: object) -> None:
    """``registry``'s ``data_digest``, as a kept state made with it holds it."""
    if isinstance(digest, str):
        _REGISTRY[:] = [(registry, digest)]


def keyed(digests: dict) -> dict:
    """A dict part's digests, with WHOLE for its keys and their order."""
    return {**digests, WHOLE: whole(digests)}


# A part's WHOLE is the digest of its keys in order and a polynomial of their digests
# modulo a prime (the digests, hexadecimal numbers, written one after the other), so that
# an edit of a few keys' digests brings it up to date (``rewhole``) instead of digesting
# 30,000 keys and digests again (``digest_update``).
WHOLE_PRIME = (1 << 128) - 159
HASHED = "h"  # in place of the digests' length: they were not all hexadecimal of one length, each was hashed


def whole(digests: dict) -> str:
    """The WHOLE of a dict part's digests (``digests`` without it): order counts, and a key
    is spelled as text (``3`` as ``"3"``)."""
    try:  # string keys (most parts, the largest ones): joined at once
        keys = "\0".join(digests)
    except TypeError:
        keys = "\0".join(map(str, digests))
    return whole_of(digest(keys), list(digests.values()))


@functools.cache
def positions_digest(count: int) -> str:
    """The digest of the keys of a sequence part's runs (their positions), as ``whole`` spells them."""
    return digest("\0".join(map(str, range(count))))


def whole_of(keys: str, values: list[str]) -> str:
    """The WHOLE of a part whose keys digest as ``keys`` and hold these digests in order."""
    width = len(values[0]) if values else 0
    number = hexadecimal("".join(values)) if set(map(len, values)) <= {width} else None
    if number is None:  # digests of other lengths or letters (no part has them)
        return f"{keys}:{HASHED}:{int.from_bytes(b''.join(map(hashed, values)), 'big') % WHOLE_PRIME:032x}"
    return f"{keys}:{width}:{number % WHOLE_PRIME:032x}"


def hexadecimal(text: str) -> int | None:
    """``text`` as a hexadecimal number of an even count of digits and nothing else, or None."""
    try:
        data = bytes.fromhex(text)
    except ValueError:
        return None
    return int.from_bytes(data, "big") if 2 * len(data) == len(text) else None


def hashed(value: str) -> bytes:
    return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def rewhole(before: str, size: int, swaps: Iterable[tuple[int, str, str]]) -> str | None:
    """``before``, the WHOLE of a part of ``size`` keys, with the digest at each swap's
    position (position, old digest, new digest) replaced, its keys as they were; None when a
    digest is not one ``whole`` wrote as it is (the WHOLE is to be made again)."""
    keys, width, summed = before.split(":")
    if width == HASHED:
        return None
    total, digits = int(summed, 16), int(width)
    for position, old, new in swaps:
        numbers = [hexadecimal(digest) if len(digest) == digits else None for digest in (old, new)]
        if numbers[0] is None or numbers[1] is None:
            return None
        total += (numbers[1] - numbers[0]) * pow(16, digits * (size - 1 - position), WHOLE_PRIME)
    return f"{keys}:{width}:{total % WHOLE_PRIME:032x}"


def positioned(digests: list[str], chunk: int = 1) -> dict:
    """A sequence part's digests by position (or by run of ``chunk`` positions, as
    ``ReadsSequence`` reads them), with LENGTH and WHOLE (that of the runs by position: an
    edit remakes the runs holding it, and WHOLE from them, see ``digest_update``)."""
    runs = digests if chunk == 1 else [digest(*digests[at : at + chunk]) for at in range(0, len(digests), chunk)]
    return {**dict(enumerate(runs)), LENGTH: str(len(digests)), WHOLE: whole_of(positions_digest(len(runs)), runs)}


def site_digests(site: Site, content_keys: dict[str, str]) -> Digests:
    """A digest of every part ``recorded_site`` lets a page read (``content_keys``: each
    briefing's file content key, as the load remembered it)."""
    index, views = site.views.index, site.views
    own = keyed({path: content_keys[path] for path in index.by_path})
    quote_digests = {
        id(quote): quote_digest(content_keys[path], number)
        for path, quotes in views.quotes.items()
        for number, quote in enumerate(quotes)
    }
    return {
        "briefings": order_digests(index, content_keys),
        **dict.fromkeys(OWN_PARTS, own),
        "facts": keyed({path: facts_digest(path, facts.related, content_keys) for path, facts in index.facts.items()}),
        "issues": keyed({slug: issue_digest(facts, content_keys) for slug, facts in index.issues.items()}),
        "actors": keyed({slug: actor_digest(facts, content_keys) for slug, facts in index.actors.items()}),
        "issue_entries": keyed({slug: data_digest(entry) for slug, entry in views.issue_entries.items()}),
        "actor_heads": keyed({slug: data_digest(head) for slug, head in views.actor_heads.items()}),
        "filters": keyed({path: data_digest(filters) for path, filters in views.filters.items()}),
        "timeline": positioned([data_digest(year) for year in index.timeline]),
        "aliases": keyed({kind: data_digest(slugs) for kind, slugs in index.aliases.items()}),
        "every": positioned([quote_digests[id(quote)] for quote in site.quotes.every], QUOTES_PER_PAGE),
        "every_years": positioned([data_digest(year) for year in site.quotes.every_years]),
        "by_actor": keyed(dict.fromkeys(site.quotes.by_actor, "1")),
        "by_issue": keyed(dict.fromkeys(site.quotes.by_issue, "1")),
        "quote_list": quote_list_digests(site.quotes, quote_digests),
        "quote_years": keyed({key: data_digest(years) for key, years in site.quotes.years.items()}),
        "issue_sides": keyed({slug: data_digest(sides) for slug, sides in site.quotes.issue_sides.items()}),
    }


def order_digests(index, content_keys: dict[str, str]) -> dict:
    """The briefings' order, newest first, by their files' content keys."""
    return positioned([content_keys[b.path] for b in index.briefings])


def quote_digest(content_key: str, number: int) -> str:
    """A briefing's quote (its ``number``-th), made from its file alone."""
    return digest(content_key, str(number))


def facts_digest(path: str, related: tuple[str, ...], content_keys: dict[str, str]) -> str:
    """A briefing's facts: made from its file, but for its related briefings."""
    return digest(content_keys[path], *related)


def quote_list_digests(lists: QuoteLists, quote_digests: dict[int, str]) -> dict:
    """Each actor's and issue's quote list by (list, position), with its LENGTH and WHOLE."""
    found: dict = {}
    named = [(("actor", slug), quotes) for slug, quotes in lists.by_actor.items()]
    named += [(("issue", *key), quotes) for key, quotes in lists.by_issue.items()]
    for name, quotes in named:
        runs = positioned([quote_digests[id(q)] for q in quotes], QUOTES_PER_PAGE)
        found.update({(name, key): value for key, value in runs.items()})
    return found


def issue_digest(facts: IssueFacts, content_keys: dict[str, str]) -> str:
    """An issue's facts are tallied from its briefings alone, newest first (and the registry's
    entry): their content keys in that order stand for them."""
    return digest(facts.ref.slug, facts.ref.name, *(content_keys[path] for path in facts.briefings))


def actor_digest(facts: ActorFacts, content_keys: dict[str, str]) -> str:
    """An actor's facts come from the briefings listing it and those quoting it (content
    keys), and from what others' quotes and briefings say of it (its kind, country and
    counterparts, put in as they are)."""
    quoted = (content_keys[path] for path in briefings_of(facts.quotes))
    counterparts = (f"{ref.slug}\0{ref.name}\0{count}" for ref, count in facts.counterparts)
    country = f"{facts.country.slug}\0{facts.country.name}" if facts.country else ""
    listed = (content_keys[path] for path in facts.briefings)
    return digest(facts.ref.slug, facts.ref.name, facts.kind, country, *listed, "quoted", *quoted, "to", *counterparts)


def key_reads(key: Any) -> frozenset | None:
    """What a page reads through its own key (a briefing page is handed its ``Briefing``,
    an issue's page its facts); None when the key is data of another kind, so the page
    cannot be known unchanged and is always made again."""
    if isinstance(key, Briefing):
        return frozenset({("by_path", key.path)})
    if isinstance(key, IssueFacts):
        return frozenset({("issues", key.ref.slug)})
    if isinstance(key, ActorFacts):
        return frozenset({("actors", key.ref.slug)})
    return frozenset() if plain(key) else None


def plain(key: Any) -> bool:
    if key is None or isinstance(key, (str, int, Ref)):
        return True
    return isinstance(key, tuple) and all(plain(part) for part in key)
