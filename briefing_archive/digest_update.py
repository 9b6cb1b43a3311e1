"""The site's digests (``site_digests``) after briefings were edited in their own parts only
(``index_update.patched_views``: the index's tallies as they were), from the digests before.

Such an edit changes the digests of what is made from the edited briefings' files: their
own parts, their place in the briefing list, their facts, the issues and actors that list
or quote them, and the runs of the quote lists that hold their quotes. Only those are
computed again; every other digest is the one before. The result equals what
``site_digests`` makes of the patched site.
"""

from __future__ import annotations

import contextlib
from array import array
from collections.abc import Mapping

from .cache.digest_columns import with_changes_applied, with_digests
from .cache.journal import Changes as JournalChanges
from .facts import BriefingFacts
from .page_views import Views
from .quote_pages import QUOTES_PER_PAGE, QuoteLists, holding
from .reads import LENGTH, WHOLE
from .site_digests import (
    OWN_PARTS,
    Digests,
    actor_digest,
    data_digest,
    digest,
    facts_digest,
    issue_digest,
    order_digests,
    quote_digest,
    rewhole,
    whole,
)


def patched_digests(
    before: Digests, views: Views, quotes: QuoteLists, content_keys: dict[str, str], paths: list[str]
) -> Digests:
    """``before`` with the digests that the edits of the briefings at ``paths`` changed."""
    index = views.index
    edited = [path for path in paths if path in index.by_path]
    facts = [index.facts[path] for path in edited]
    own = changed(before["by_path"], {path: content_keys[path] for path in edited})
    moved = quotes.every.positions_of(edited)

    def digest_at(position: int) -> str:
        path, number = quotes.every.place(position)
        return quote_digest(content_keys[path], number)

    return {
        **before,
        "briefings": reordered(before["briefings"], index, content_keys, edited),
        **dict.fromkeys(OWN_PARTS, own),
        "facts": changed(
            before["facts"], {path: facts_digest(path, index.facts[path].related, content_keys) for path in edited}
        ),
        "issues": changed(
            before["issues"],
            {slug: issue_digest(index.issues[slug], content_keys) for slug in issue_slugs(facts)},
        ),
        "actors": changed(
            before["actors"],
            {slug: actor_digest(index.actors[slug], content_keys) for slug in actor_slugs(facts)},
        ),
        "filters": changed(before["filters"], {path: data_digest(views.filters[path]) for path in edited}),
        "every": with_digests(
            before["every"], rerun(range(len(quotes.every)), moved, digest_at, before["every"].__getitem__)
        ),
        "quote_list": patched_lists(before["quote_list"], quotes, moved, digest_at, facts),
    }


def patch_base(
    kept: Digests, since_kept: dict[str, JournalChanges] | None, content_keys: dict[str, str], edited: list[str]
) -> tuple[Digests, list[str]]:
    """What ``patched_digests`` brings up to date, and for which briefings: the last build's
    digests (``kept``, the kept state's, with the changes ``since_kept`` that build's page
    reads keep) and the briefings changed since that build, when those changes are known;
    else ``kept`` and every briefing ``edited`` since the state was kept (at 30,000
    briefings each of those added ~4.5 ms to every build until the state was kept anew)."""
    if since_kept is None:
        return kept, edited
    last, applied = dict(kept), {}
    for part, changes in since_kept.items():  # a briefing's own parts share one dict and its changes: one copy
        base = kept.get(part, {})
        pair = (id(base), id(changes))
        if pair not in applied:
            applied[pair] = with_changes_applied(base, changes)
        last[part] = applied[pair]
    own = since_kept.get("by_path", JournalChanges())
    read = last.get("by_path", {})
    candidates = set(edited) | own.changed.keys() | own.removed
    return last, sorted(path for path in candidates if path in content_keys and read.get(path) != content_keys[path])


def changed(part: Mapping, new: dict) -> Mapping:
    """A keyed part with these keys' digests replaced, and its WHOLE brought up to date (as
    ``keyed`` makes it: last, over the others in order), copied once (30,000 entries)."""
    if not new:
        return part
    if WHOLE in part and part.keys() >= new.keys():
        keys = list(part)
        patched = swapped(part, new, len(part) - 1, [(keys.index(key), part[key], value) for key, value in new.items()])
        if patched is not None:
            return patched
    patched = {key: value for key, value in part.items() if key != WHOLE} | new  # WHOLE made again, last
    return patched | {WHOLE: whole(patched)}


def reordered(part: Mapping, index, content_keys: dict[str, str], edited: list[str]) -> Mapping:
    """``order_digests`` of an ``index`` in the order of ``part``'s (its digests before the
    ``edited`` briefings' content keys changed, each in the index): their positions' digests replaced."""
    paths = list(index.by_path)  # in the briefings' order, without a look at each of 30,000
    at = {path: paths.index(path) for path in edited}
    placed = all(index.briefings[where].path == path for path, where in at.items())
    new = {where: content_keys[path] for path, where in at.items()}
    swaps = [(where, part[where], key) for where, key in new.items()]
    fits = placed and WHOLE in part and part.get(LENGTH) == str(len(paths))
    patched = swapped(part, new, len(paths), swaps) if fits else None
    return patched if patched is not None else order_digests(index, content_keys)


def swapped(part: Mapping, new: dict, size: int, swaps: list[tuple]) -> Mapping | None:
    """``part`` (of ``size`` keys) with ``new``'s digests in place and its WHOLE (last) brought
    up to date by ``swaps`` (``site_digests.rewhole``); None when it must be made again."""
    brought = rewhole(part[WHOLE], size, swaps)
    if brought is None:
        return None
    return with_digests(part, {**new, WHOLE: brought})


def issue_slugs(facts: list[BriefingFacts]) -> set[str]:
    return {ref.slug for fact in facts for ref in fact.issues}


def actor_slugs(facts: list[BriefingFacts]) -> set[str]:
    """The actors whose facts list or quote these briefings (and, to be safe, those spoken to
    and spoken for)."""
    found = {ref.slug for fact in facts for ref in fact.actors}
    for fact in facts:
        for quote in fact.quotes:
            found.update(ref.slug for ref in (quote.speaker, quote.to, quote.side) if ref is not None)
    return found


def positions_of(numbers: range | array, wanted: set[int]) -> list[int]:
    """Where each of ``wanted`` is in ``numbers`` (a range, or an array): the array passed
    over once, in C, for those of ``wanted`` it holds, then each found by ``index``. The
    build patches every briefing edited since the state was kept (~80 quotes after 20
    edits), in each of ~3,700 lists: a search per wanted number took ~0.2 s at 30,000."""
    if isinstance(numbers, range):
        return [numbers.index(number) for number in wanted if number in numbers]
    found = []
    for number in wanted.intersection(numbers):
        at = numbers.index(number)
        found.append(at)
        with contextlib.suppress(ValueError):  # no more of it
            while True:
                at = numbers.index(number, at + 1)
                found.append(at)
    return found


def rerun(numbers: range | array, moved: set[int], digest_at, runs_before, name: tuple = ()) -> dict:
    """The positioned digests (``site_digests.positioned``; keyed ``(name, key)`` when
    ``name`` is given) of a quote list (its quotes' ``numbers``, positions in the list of
    every quote) that changed: its runs holding a quote in ``moved`` made again, the
    others' as before (``runs_before(key)``), and WHOLE from theirs (an edit that comes
    here keeps every list's length); {} when none changed."""
    runs = {at // QUOTES_PER_PAGE for at in positions_of(numbers, moved)}
    if not runs:
        return {}

    def key(of):
        return (name, of) if name else of

    new = {}
    for run in runs:
        chunk = numbers[run * QUOTES_PER_PAGE : (run + 1) * QUOTES_PER_PAGE]
        new[key(run)] = digest(*(digest_at(number) for number in chunk))
    count = -(-len(numbers) // QUOTES_PER_PAGE)
    brought = rewhole(runs_before(key(WHOLE)), count, [(run, runs_before(key(run)), new[key(run)]) for run in runs])
    if brought is None:  # digests ``whole`` hashed: made again of every run's
        brought = whole({run: new.get(key(run)) or runs_before(key(run)) for run in range(count)})
    new[key(WHOLE)] = brought
    return new


def patched_lists(part: Mapping, quotes: QuoteLists, moved: set[int], digest_at, facts: list[BriefingFacts]) -> Mapping:
    """The actors' and issues' quote lists' digests (``site_digests.quote_list_digests``),
    those of the runs holding a quote in ``moved`` (of briefings with these ``facts``) made again."""
    lists = holding(quotes, facts)
    named = [(("actor", slug), listed) for slug, listed in lists["by_actor"]]
    named += [(("issue", *key), listed) for key, listed in lists["by_issue"]]
    new: dict = {}
    for name, listed in named:
        new.update(rerun(listed.numbers, moved, digest_at, part.__getitem__, name))
    return with_digests(part, new)
