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

from .facts import BriefingFacts
from .page_views import Views
from .quote_pages import QUOTES_PER_PAGE, QuoteLists, holding
from .reads import WHOLE
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
        "briefings": order_digests(index, content_keys),
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
        "every": before["every"] | rerun(range(len(quotes.every)), moved, digest_at, before["every"].__getitem__),
        "quote_list": patched_lists(before["quote_list"], quotes, moved, digest_at, facts),
    }


def changed(part: dict, new: dict) -> dict:
    """A keyed part with these keys' digests replaced, and its WHOLE made again (as
    ``keyed`` makes it: last, over the others in order), copied once (30,000 entries)."""
    if not new:
        return part
    patched = dict(part)
    patched.pop(WHOLE, None)
    patched.update(new)
    patched[WHOLE] = whole(patched)
    return patched


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
    others' as before (``runs_before(key)``), and WHOLE; {} when none changed."""
    runs = {at // QUOTES_PER_PAGE for at in positions_of(numbers, moved)}
    if not runs:
        return {}

    def key(of):
        return (name, of) if name else of

    new = {}
    for run in runs:
        chunk = numbers[run * QUOTES_PER_PAGE : (run + 1) * QUOTES_PER_PAGE]
        new[key(run)] = digest(*(digest_at(number) for number in chunk))
    every_run = range(-(-len(numbers) // QUOTES_PER_PAGE))
    new[key(WHOLE)] = digest(*(new.get(key(run)) or runs_before(key(run)) for run in every_run))
    return new


def patched_lists(part: dict, quotes: QuoteLists, moved: set[int], digest_at, facts: list[BriefingFacts]) -> dict:
    """The actors' and issues' quote lists' digests (``site_digests.quote_list_digests``),
    those of the runs holding a quote in ``moved`` (of briefings with these ``facts``) made again."""
    lists = holding(quotes, facts)
    named = [(("actor", slug), listed) for slug, listed in lists["by_actor"]]
    named += [(("issue", *key), listed) for key, listed in lists["by_issue"]]
    new: dict = {}
    for name, listed in named:
        new.update(rerun(listed.numbers, moved, digest_at, part.__getitem__, name))
    return part | new if new else part
