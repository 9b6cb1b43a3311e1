"""What each page shows: one ``context_for_<kind>`` function per page kind.

Pure: index in, plain data out (strings, numbers, lists, dicts — ISO dates as
strings), so a page job can be pickled to another process and hashed to key
a cache. Templates only format what these functions decide.
"""
from __future__ import annotations

import uuid
from urllib.parse import quote
from dataclasses import dataclass

from .index import ActorFacts, Index, IssueFacts, QuoteFact, Ref, Resolver
from .model import Briefing
from .svgchart import bar_chart

HOME_LATEST = 10
HOME_ISSUES = 15
FEED_ENTRIES = 20
SIDE_QUOTES = 5  # per country in "who said what", newest; the rest are in the briefings
SIDES = 6  # countries side by side; more would not read as a comparison
SAFE_SCHEMES = ("http://", "https://")
SCHEMA_TYPES = {"person": "Person", "country": "Country", "organisation": "Organization"}
EPOCH = "1970-01-01T00:00:00Z"  # "updated" of a feed with no entries: never the build time


def briefing_url(briefing: Briefing) -> str:
    """Percent-encoded: a file name may hold "?", "#" or non-ASCII letters."""
    return f"/briefings/{quote(briefing.stem, safe='')}/"


def issue_url(slug: str) -> str:
    return f"/issues/{slug}/"


def actor_url(slug: str) -> str:
    return f"/actors/{slug}/"


def link(ref: Ref | None, url_of) -> dict | None:
    return {"name": ref.name, "url": url_of(ref.slug)} if ref else None


def safe_url(url: str | None) -> str | None:
    """Only web links become links: no javascript:, data: or file: from a briefing."""
    return url if url and url.lower().startswith(SAFE_SCHEMES) else None


def wikidata_url(entry) -> str | None:
    return f"https://www.wikidata.org/wiki/{entry.wikidata}" if entry and entry.wikidata else None


def last_changed(briefing: Briefing) -> str:
    """The briefing's date, or its latest correction's when corrected."""
    return max([briefing.date] + [c.date for c in briefing.corrections]).isoformat()


def entry_of(briefing: Briefing, index: Index) -> dict:
    """A briefing in a list: enough to show and link it."""
    return {"url": briefing_url(briefing), "title": briefing.title, "date": briefing.date.isoformat(),
            "draft": briefing.status == "draft", "corrected": bool(briefing.corrections)}


def card_of(briefing: Briefing, index: Index) -> dict:
    """A briefing in a list where readers choose what to read: with summary and issues."""
    return {**entry_of(briefing, index), "summary": briefing.summary or "",
            "outlet": briefing.source.outlet,
            "issues": [link(ref, issue_url) for ref in index.facts[briefing.path].issues]}


@dataclass(frozen=True)
class Views:
    """The index plus each briefing's list entry, card and quotes, made once:
    a briefing appears on many pages, and at 10,000 briefings rebuilding these
    dicts for every page was the largest cost of planning."""

    index: Index
    entries: dict[str, dict]
    cards: dict[str, dict]
    quotes: dict[str, list[dict]]


def views_of(index: Index) -> Views:
    return Views(index,
                 entries={b.path: entry_of(b, index) for b in index.briefings},
                 cards={b.path: card_of(b, index) for b in index.briefings},
                 quotes={b.path: [quote_of(q, index) for q in index.facts[b.path].quotes] for b in index.briefings})


def quotes_of(facts: tuple[QuoteFact, ...], views: Views) -> list[dict]:
    """The shared dicts of these quotes (each found by its briefing and text)."""
    found = []
    for quote in facts:
        briefing_quotes = views.index.facts[quote.briefing].quotes
        found.append(views.quotes[quote.briefing][briefing_quotes.index(quote)])
    return found


def quote_of(quote: QuoteFact, index: Index) -> dict:
    briefing = index.by_path[quote.briefing]
    return {"text": quote.text, "date": quote.date.isoformat(),
            "speaker": link(quote.speaker, actor_url), "to": link(quote.to, actor_url),
            "briefing": {"url": briefing_url(briefing), "title": briefing.title}}


def context_for_briefing(briefing: Briefing, views: Views, history: list | None) -> dict:
    index = views.index
    facts = index.facts[briefing.path]
    actors = [{"name": ref.name, "url": actor_url(ref.slug), "kind": actor.kind,
               "role": actor.role, "country": actor.country}
              for actor, ref in zip(briefing.actors, facts.listed)]
    return {
        "title": briefing.title, "url": briefing_url(briefing), "date": briefing.date.isoformat(),
        "draft": briefing.status == "draft", "reviewed_by": briefing.reviewed_by,
        "review": list(briefing.review) if briefing.status == "draft" else [],
        "source": {"outlet": briefing.source.outlet, "url": safe_url(briefing.source.url),
                   "credit": briefing.source.credit, "byline": list(briefing.source.byline)},
        "summary": briefing.summary or "",
        "corrections": [{"date": c.date.isoformat(), "text": c.text}
                        for c in sorted(briefing.corrections, key=lambda c: c.date, reverse=True)],
        "issues": [link(ref, issue_url) for ref in facts.issues],
        "actors": actors,
        "quotes": [{"text": q.text, "speaker": link(q.speaker, actor_url), "to": link(q.to, actor_url)}
                   for q in facts.quotes],
        "related": [views.cards[path] for path in facts.related],
        "history": history_of(history),
        "json_ld": json_ld(briefing, index),
    }


def history_of(changes: list | None) -> dict | None:
    """First and last change and the list, newest first, from git (None outside git)."""
    if not changes:
        return None
    rows = [{"date": str(c["date"])[:10], "subject": str(c["subject"]), "commit": str(c["commit"])[:10]}
            for c in changes]
    return {"first": rows[-1]["date"], "last": rows[0]["date"], "changes": rows}


def json_ld(briefing: Briefing, index: Index) -> dict:
    """schema.org NewsArticle: ``about`` its issues, ``mentions`` its actors."""
    facts = index.facts[briefing.path]
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": briefing.title,
            "datePublished": briefing.date.isoformat(), "dateModified": last_changed(briefing),
            "about": [thing("Thing", ref, index.issues[ref.slug].entry) for ref in facts.issues],
            "mentions": [thing(SCHEMA_TYPES.get(index.actors[ref.slug].kind, "Thing"), ref,
                               index.actors[ref.slug].entry) for ref in facts.actors],
            "publisher": {"@type": "Organization", "name": briefing.source.outlet}}
    if briefing.summary:
        data["description"] = briefing.summary
    if safe_url(briefing.source.url):
        data["isBasedOn"] = briefing.source.url
    return data


def thing(kind: str, ref: Ref, entry) -> dict:
    data = {"@type": kind, "name": ref.name}
    if wikidata_url(entry):
        data["sameAs"] = wikidata_url(entry)
    return data


def by_year(entries: list[dict]) -> list[dict]:
    """Entries (newest first) grouped under their year."""
    years: dict[str, list[dict]] = {}
    for entry in entries:
        years.setdefault(entry["date"][:4], []).append(entry)
    return [{"year": year, "entries": items} for year, items in years.items()]


def context_for_issue(facts: IssueFacts, views: Views) -> dict:
    briefings = [views.index.by_path[path] for path in facts.briefings]
    entry = facts.entry
    return {
        "title": facts.ref.name, "url": issue_url(facts.ref.slug), "feed": f"{issue_url(facts.ref.slug)}feed.xml",
        "aliases": list(entry.aliases) if entry else [], "wikidata": wikidata_url(entry),
        "count": len(briefings),
        "chart": bar_chart([b.date for b in briefings], facts.ref.name),
        "timeline": by_year([views.cards[path] for path in facts.briefings]),
        "top_actors": [{**link(ref, actor_url), "count": count} for ref, count in facts.top_actors],
        "sides": [{**link(side, actor_url), "count": len(quotes),
                   "quotes": quotes_of(quotes[:SIDE_QUOTES], views)}
                  for side, quotes in facts.sides[:SIDES]],
        "more_sides": max(0, len(facts.sides) - SIDES),
    }


def context_for_actor(facts: ActorFacts, views: Views) -> dict:
    entry = facts.entry
    return {
        "title": facts.ref.name, "url": actor_url(facts.ref.slug), "kind": facts.kind,
        "country": link(facts.country, actor_url), "aliases": list(entry.aliases) if entry else [],
        "wikidata": wikidata_url(entry),
        "roles": [{"role": span.role, "first": span.first.isoformat(), "last": span.last.isoformat(),
                   "count": span.briefings} for span in facts.roles],
        "quotes": quotes_of(facts.quotes, views),
        "briefings": [views.entries[path] for path in facts.briefings],
        "issues": [{**link(ref, issue_url), "count": count} for ref, count in facts.issues],
        "counterparts": [{**link(ref, actor_url), "count": count} for ref, count in facts.counterparts],
    }


def issue_rows(index: Index) -> list[dict]:
    rows = []
    for facts in index.issues.values():
        latest = index.by_path[facts.briefings[0]].date.isoformat() if facts.briefings else None
        rows.append({**link(facts.ref, issue_url), "count": len(facts.briefings), "latest": latest,
                     "aliases": list(facts.entry.aliases) if facts.entry else []})
    return rows


def context_for_home(views: Views) -> dict:
    index = views.index
    busiest = sorted(issue_rows(index), key=lambda row: (-row["count"], row["name"].casefold()))
    return {"title": "Briefing archive", "url": "/",
            "latest": [views.cards[b.path] for b in index.briefings[:HOME_LATEST]],
            "issues": [row for row in busiest if row["count"]][:HOME_ISSUES],
            "issue_total": len(index.issues), "briefing_total": len(index.briefings)}


def context_for_issues_index(index: Index) -> dict:
    return {"title": "Issues", "url": "/issues/",
            "issues": sorted(issue_rows(index), key=lambda row: (row["name"].casefold(), row["url"]))}


def context_for_actors_index(index: Index) -> dict:
    groups = {"country": [], "person": [], "organisation": []}
    for facts in sorted(index.actors.values(), key=lambda f: (f.ref.name.casefold(), f.ref.slug)):
        groups.setdefault(facts.kind, []).append(
            {**link(facts.ref, actor_url), "count": len(facts.briefings),
             "country": facts.country.name if facts.country else None})
    headings = {"country": "States", "person": "People", "organisation": "Organisations"}
    return {"title": "Actors", "url": "/actors/",
            "groups": [{"kind": kind, "heading": headings.get(kind, kind.title()), "actors": actors}
                       for kind, actors in groups.items() if actors]}


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def timeline_url(year: int | None = None) -> str:
    return f"/timeline/{year}/" if year is not None else "/timeline/"


def timeline_years(views: Views) -> list[dict]:
    """Every year with its months and counts (the overview on every timeline page)."""
    return [{"year": year, "url": timeline_url(year), "count": sum(len(paths) for _, paths in months),
             "months": [{"name": MONTHS[month - 1], "id": f"{year}-{month:02d}", "count": len(paths)}
                        for month, paths in months]}
            for year, months in views.index.timeline]


def context_for_timeline(views: Views, year: int | None = None) -> dict:
    """The timeline's front page (``year`` None: the overview plus the latest year) or one year.

    One page per year rather than one for the whole archive: a page that grows
    with the archive would grow without bound (10,000 briefings: 2 MB).
    """
    timeline = dict(views.index.timeline)
    shown = year if year is not None else next(iter(timeline), None)
    months = [{"name": MONTHS[month - 1], "id": f"{shown}-{month:02d}",
               "entries": [views.entries[p] for p in paths]} for month, paths in timeline.get(shown, ())]
    return {"title": "Timeline" if year is None else f"Timeline {year}", "url": timeline_url(year),
            "years": timeline_years(views), "year": shown, "months": months}


QUOTES_PER_PAGE = 200


def every_quote(views: Views) -> list[dict]:
    return [q for b in views.index.briefings for q in views.quotes[b.path]]


def quote_pages(every: list[dict]) -> int:
    return max(1, -(-len(every) // QUOTES_PER_PAGE))


def quotes_url(page: int) -> str:
    return "/quotes/" if page == 1 else f"/quotes/page/{page}/"


def context_for_quotes(views: Views, page: int = 1, every: list[dict] | None = None) -> dict:
    """One page of every quote, newest first (QUOTES_PER_PAGE each: 10,000 briefings
    have ~30,000 quotes, too many for one page). ``every``: ``every_quote(views)``,
    made once by a caller that plans all the pages."""
    every = every_quote(views) if every is None else every
    start, pages = (page - 1) * QUOTES_PER_PAGE, quote_pages(every)
    quotes = every[start:start + QUOTES_PER_PAGE]
    return {"title": "Quotes" if page == 1 else f"Quotes, page {page}", "url": quotes_url(page),
            "quotes": quotes, "page": page, "pages": pages,
            "previous": quotes_url(page - 1) if page > 1 else None,
            "next": quotes_url(page + 1) if page < pages else None}


def context_for_corrections(views: Views) -> dict:
    rows = [{"date": c.date.isoformat(), "text": c.text, "briefing": views.entries[b.path]}
            for b in views.index.briefings for c in b.corrections]
    rows.sort(key=lambda row: (row["date"], row["briefing"]["url"]), reverse=True)
    return {"title": "Corrections", "url": "/corrections/", "corrections": rows}


def context_for_redirect(kind: str, alias_slug: str, target: Ref) -> dict:
    url_of = issue_url if kind == "issue" else actor_url
    return {"title": target.name, "url": url_of(alias_slug), "target": url_of(target.slug)}


def atom_id(path: str) -> str:
    """A stable Atom id from a site path (the site's host is not known at build time)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefing-archive:' + path)}"


def atom_time(iso_date: str) -> str:
    return f"{iso_date}T00:00:00Z"


def context_for_feed(title: str, page_url: str, briefings: list[Briefing], index: Index) -> dict:
    """An Atom feed of the newest briefings; "updated" comes from the data, never the clock."""
    entries = [{"title": b.title, "url": briefing_url(b), "id": atom_id(briefing_url(b)),
                "published": atom_time(b.date.isoformat()), "updated": atom_time(last_changed(b)),
                "summary": b.summary or "", "outlet": b.source.outlet,
                "categories": [ref.name for ref in index.facts[b.path].issues],
                "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in b.corrections]}
               for b in briefings[:FEED_ENTRIES]]
    return {"title": title, "page": page_url, "self": f"{page_url}feed.xml", "id": atom_id(f"{page_url}feed.xml"),
            "updated": max((e["updated"] for e in entries), default=EPOCH), "entries": entries}


def front_matter_data(briefing: Briefing) -> dict:
    """A briefing's front matter as plain data (for briefings.json), with its URL."""
    source = {key: value for key, value in (("outlet", briefing.source.outlet), ("file", briefing.source.file),
                                            ("url", briefing.source.url), ("credit", briefing.source.credit))
              if value}
    if briefing.source.byline:
        source["byline"] = list(briefing.source.byline)
    data = {"title": briefing.title, "date": briefing.date.isoformat(), "status": briefing.status,
            "source": source, "summary": briefing.summary, "reviewed_by": briefing.reviewed_by,
            "issues": list(briefing.issues),
            "actors": [{k: v for k, v in vars(a).items() if v is not None} for a in briefing.actors],
            "quotes": [{k: v for k, v in vars(q).items() if v is not None} for q in briefing.quotes],
            "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in briefing.corrections],
            "url": briefing_url(briefing), "path": briefing.path}
    return {key: value for key, value in data.items() if value not in (None, [])}


def briefings_data(index: Index) -> list[dict]:
    """Every briefing shown on the site, newest first (ties by path)."""
    return [front_matter_data(b) for b in index.briefings]
