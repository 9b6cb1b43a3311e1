"""The quote listings, newest first, a page at a time: every quote (/quotes/), an issue's
(/issues/<slug>/quotes/), one side's on an issue (/issues/<slug>/quotes/<side>/) and an
actor's (/actors/<slug>/quotes/; a state's holds its people's too).

Filtering by speaker, country and issue is done with these static pages rather than with
the search index: each has a stable address to link to, share and bookmark, works without
JavaScript, and costs time and space linear in the quotes (each quote is listed once per
issue it touches, once for its side there, once for its speaker and once more for its
state). Search records are briefings, and a record per quote would make every search
download a bigger index for what a link answers.

One ``context_for_<kind>`` function per page kind. Pure: index in, plain data out.
"""

from __future__ import annotations

import functools
import sys
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .facts import BriefingFacts
from .issue_page import has_own_quote_pages, side_id
from .numbered_quotes import EveryQuote, NumberedQuotes
from .page_views import Views, actor_quotes_url, actor_url, issue_quotes_url, issue_url, quotes_of, quotes_url
from .reads import ReadsLists

QUOTES_PER_PAGE = 25  # about six screens on a phone
TOP_SPEAKERS = 30  # the first page's "by speaker" list; every speaker is on the actors page
OPEN_FILTER_ITEMS = 12  # a longer list of filters starts folded
YEAR_LINKS_FROM = 3  # pages; a shorter list is paged through without jumping to a year


@dataclass(frozen=True)
class QuoteLists:
    """The lists every quote page is cut from, made once per build (a page reads its own
    slice of one, so an edit makes again only the pages showing what it changed)."""

    every: EveryQuote = field(default_factory=EveryQuote.none)  # every quote (its page_views dict), newest first
    every_years: tuple = ()  # (year, page) where each year starts in ``every``
    # The lists below hold quotes of ``every``, as their positions there (``NumberedQuotes``).
    by_actor: Mapping = field(default_factory=dict)  # actor slug → quotes spoken by it or on its side
    by_issue: Mapping = field(default_factory=dict)  # (issue slug, side slug or None) → its quote pages' quotes
    years: dict = field(default_factory=dict)  # ("actor", slug) or ("issue", slug, side) → year_pages of its list
    issue_sides: dict = field(default_factory=dict)  # issue slug → (its Ref, ((side Ref, quotes), ...))


def quote_lists(views: Views) -> QuoteLists:
    facts = views.index.facts
    paths = [briefing.path for briefing in views.index.briefings]
    every = EveryQuote.of(views.quotes, paths, (len(facts[path].quotes) for path in paths))
    by_actor: dict[str, array] = {}
    for path, start in zip(paths, every.starts[:-1], strict=True):
        for number, fact in enumerate(facts[path].quotes, start):
            by_actor.setdefault(fact.speaker.slug, array("I")).append(number)
            if fact.side != fact.speaker:
                by_actor.setdefault(fact.side.slug, array("I")).append(number)
    by_issue, issue_sides = issue_lists(views, {id(quote): number for number, quote in enumerate(every)})
    actors = {slug: NumberedQuotes(every, numbers) for slug, numbers in by_actor.items()}
    issues = {key: NumberedQuotes(every, numbers) for key, numbers in by_issue.items()}
    years = {("actor", slug): tuple(year_pages(q)) for slug, q in actors.items()}
    years.update({("issue", *key): tuple(year_pages(q)) for key, q in issues.items()})
    return QuoteLists(every, tuple(year_pages(every)), actors, issues, years, issue_sides)


def quote_lists_over(lists: QuoteLists, quotes: Mapping[str, list[dict]]) -> QuoteLists:
    """The same lists read through these quote dicts (``Views.quotes``) of views patched
    after an edit (the same briefings in the same places: their dates did not change)."""
    every = lists.every.over(quotes)
    return replace(
        lists,
        every=every,
        by_actor={slug: quotes.over(every) for slug, quotes in lists.by_actor.items()},
        by_issue={key: quotes.over(every) for key, quotes in lists.by_issue.items()},
    )


def holding(lists: QuoteLists, facts: Iterable[BriefingFacts]) -> dict[str, list[tuple[Any, NumberedQuotes]]]:
    """The actors' (``by_actor``) and issues' (``by_issue``) lists that may hold the quotes of
    briefings with these facts: their speakers' and sides', and every list of their issues."""
    facts = list(facts)
    actors = {ref.slug for fact in facts for quote in fact.quotes for ref in (quote.speaker, quote.side)}
    issues = {ref.slug for fact in facts for ref in fact.issues}
    return {
        "by_actor": [(slug, lists.by_actor[slug]) for slug in sorted(actors) if slug in lists.by_actor],
        "by_issue": [(key, quotes) for key, quotes in lists.by_issue.items() if key[0] in issues],
    }


def issue_lists(views: Views, position: dict[int, int]) -> tuple[dict, dict]:
    """Each issue's quotes, and each of its sides' that ``has_own_quote_pages``, as their
    positions in the list of every quote (``position``: by the id of each quote's dict);
    each issue's sides."""
    by_issue: dict[tuple, array] = {}
    issue_sides = {}
    for slug, facts in views.index.issues.items():
        by_issue[(slug, None)] = array("I", (position[id(quote)] for quote in issue_quotes(facts, views)))
        for side, quotes in facts.sides:
            if has_own_quote_pages(len(quotes)):
                by_issue[(slug, side.slug)] = array("I", (position[id(quote)] for quote in quotes_of(quotes, views)))
        issue_sides[slug] = (facts.ref, tuple((side, len(quotes)) for side, quotes in facts.sides))
    return by_issue, issue_sides


def page_count(quotes: int) -> int:
    return max(1, -(-quotes // QUOTES_PER_PAGE))


def year_pages(quotes: Sequence) -> list[tuple[str, int]]:
    """(year, the page its newest quote is on), newest year first."""
    found: dict[str, int] = {}
    for number, quote in enumerate(quotes):
        found.setdefault(sys.intern(quote["date"][:4]), number // QUOTES_PER_PAGE + 1)
    return [year_page(year, page) for year, page in found.items()]


@functools.lru_cache(maxsize=1 << 14)
def year_page(year: str, page: int) -> tuple[str, int]:
    """The one (year, page) pair of every list whose year starts on that page: at 30,000
    briefings the quote lists hold ~88,000 pairs, ~330 of them different, and the kept
    state pickles (and the next build unpickles) each once."""
    return (year, page)


def listing(quotes: Sequence, page: int, url_of, heading: str, years=None) -> dict:
    """One page of ``quotes``, with its pager (``url_of(page)``: each page's URL)."""
    pages = page_count(len(quotes))
    start = (page - 1) * QUOTES_PER_PAGE
    years = year_pages(quotes) if years is None else years
    return {
        "title": heading if page == 1 else f"{heading}, page {page}",
        "heading": heading,
        "url": url_of(page),
        "count": len(quotes),
        "quotes": quotes[start : start + QUOTES_PER_PAGE],
        "page": page,
        "pages": pages,
        "previous": url_of(page - 1) if page > 1 else None,
        "next": url_of(page + 1) if page < pages else None,
        "years": year_links(years, quotes[start]["date"][:4], url_of)
        if pages >= YEAR_LINKS_FROM and len(years) > 1
        else [],
        "filters": [],
        "links": [],
    }


def year_links(years: list[tuple[str, int]], current: str, url_of) -> list[dict]:
    """Each year's first page; ``current``: the year this page starts in."""
    return [{"year": year, "url": url_of(number), "current": year == current} for year, number in years]


def described(context: dict, what: str) -> dict:
    page = f" Page {context['page']} of {context['pages']}." if context["pages"] > 1 else ""
    return {**context, "description": f"{what}, newest first: {context['count']} quotes.{page}"}


def context_for_quotes(views: Views, lists: QuoteLists, page: int = 1) -> dict:
    context = listing(lists.every, page, quotes_url, "Quotes", lists.every_years)
    context["intro"] = "Every quote in the archive, each checked against its source article"
    if page == 1:
        context["filters"] = quote_filters(views, lists)
    else:
        context["links"] = [{"name": "By issue, country or speaker", "url": f"{quotes_url()}#filters"}]
    return described(context, "Every quote in the briefing archive")


def quote_filters(views: Views, lists: QuoteLists) -> list[dict]:
    """The first page's ways to narrow the list: by issue, by country, by speaker."""
    index = views.index
    issues = [
        counted_link(facts.ref.name, issue_quotes_url(slug), sum(len(q) for _, q in facts.sides))
        for slug, facts in index.issues.items()
    ]
    countries = [
        counted_link(facts.ref.name, actor_quotes_url(slug), len(lists.by_actor[slug]))
        for slug, facts in index.actors.items()
        if facts.kind == "country" and slug in lists.by_actor
    ]
    speakers = sorted(
        (
            counted_link(facts.ref.name, actor_quotes_url(slug), len(facts.quotes))
            for slug, facts in index.actors.items()
            if facts.kind != "country" and facts.quotes
        ),
        key=lambda row: (-row["count"], row["name"].casefold()),
    )
    return [
        group
        for group in (
            filter_group("by-issue", "By issue", by_name(issues)),
            filter_group("by-country", "By country", by_name(countries)),
            filter_group(
                "by-speaker",
                "By speaker",
                speakers[:TOP_SPEAKERS],
                {"url": "/actors/", "label": "Every person and organisation"} if len(speakers) > TOP_SPEAKERS else None,
            ),
        )
        if group["items"]
    ]


def counted_link(name: str, url: str, count: int) -> dict[str, Any]:
    return {"name": name, "url": url, "count": count}


def by_name(rows) -> list[dict]:
    return sorted((row for row in rows if row["count"]), key=lambda row: (row["name"].casefold(), row["url"]))


def filter_group(anchor: str, label: str, items: list[dict], more: dict | None = None) -> dict:
    """A list of narrower quote pages, open at first when short."""
    return {"id": anchor, "label": label, "items": items, "more": more, "open": len(items) <= OPEN_FILTER_ITEMS}


def issue_quote_keys(lists: QuoteLists) -> list[tuple[str, str | None, int]]:
    """(issue slug, side slug or None, page) of every issue's quote pages: each issue has one,
    quotes or not (its page links there), and each side that ``has_own_quote_pages``."""
    return [(slug, side, page) for (slug, side), count in list_counts(lists.by_issue) for page in page_numbers(count)]


def list_counts(lists: Mapping) -> Iterable[tuple[Any, int]]:
    """(key, how many quotes) of each list, none read when they record their reads (``ReadsLists``)."""
    return lists.counts() if isinstance(lists, ReadsLists) else ((key, len(quotes)) for key, quotes in lists.items())


def page_numbers(count: int) -> range:
    """The numbers of the pages of a list of ``count`` quotes."""
    return range(1, page_count(count) + 1)


def side_quotes_url(slug: str, side, count: int) -> str:
    """A side's own quote pages, or (a side quoted no more than the issue page shows) its
    list on the issue page."""
    return issue_quotes_url(slug, side.slug) if has_own_quote_pages(count) else f"{issue_url(slug)}#{side_id(side)}"


def context_for_issue_quotes(key: tuple, lists: QuoteLists) -> dict:
    slug, side_slug, page = key
    ref, sides = lists.issue_sides[slug]
    quotes, years = lists.by_issue[(slug, side_slug)], lists.years[("issue", slug, side_slug)]
    issue = {"name": f"Issue page: {ref.name}", "url": issue_url(slug)}
    if side_slug is None:
        context = listing(quotes, page, lambda n: issue_quotes_url(slug, None, n), f"Quotes on {ref.name}", years)
        context["intro"] = f"Every quote in the briefings on {ref.name}"
        context["links"] = [issue]
        if page > 1 and sides:
            context["links"].append({"name": "By side", "url": f"{issue_quotes_url(slug)}#filters"})
        if page == 1 and sides:
            context["filters"] = [
                filter_group(
                    "by-side",
                    "By side",
                    [counted_link(side.name, side_quotes_url(slug, side, count), count) for side, count in sides],
                )
            ]
        return described(context, f"Quotes on {ref.name}")
    side = next(side for side, _ in sides if side.slug == side_slug)
    heading = f"Quotes from {side.name} on {ref.name}"
    context = listing(quotes, page, lambda n: issue_quotes_url(slug, side_slug, n), heading, years)
    context["intro"] = f"What {side.name} said on {ref.name}, in its own name or its people's"
    context["links"] = [
        issue,
        {"name": f"Every side on {ref.name}", "url": issue_quotes_url(slug)},
        {"name": f"Every quote from {side.name}", "url": actor_quotes_url(side.slug)},
    ]
    return described(context, heading)


def issue_quotes(facts, views: Views) -> list[dict]:
    """The quotes in an issue's briefings, newest first."""
    return [quote for path in facts.briefings for quote in views.quotes[path]]


def actor_quote_keys(lists: QuoteLists) -> list[tuple[str, int]]:
    return [(slug, page) for slug, count in sorted(list_counts(lists.by_actor)) for page in page_numbers(count)]


def context_for_actor_quotes(key: tuple, views: Views, lists: QuoteLists) -> dict:
    slug, page = key
    ref, kind, _ = views.actor_heads[slug]
    state = kind == "country"
    heading = f"Quotes from {ref.name}" if state else f"Quotes by {ref.name}"
    quotes, years = lists.by_actor[slug], lists.years[("actor", slug)]
    context = listing(quotes, page, lambda n: actor_quotes_url(slug, n), heading, years)
    context["intro"] = f"What {ref.name} said, in its own name or its people's" if state else f"What {ref.name} said"
    context["links"] = [{"name": f"{'State' if state else 'Actor'} page: {ref.name}", "url": actor_url(slug)}]
    return described(context, heading)
