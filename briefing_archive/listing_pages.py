"""What the pages that list briefings show: home, indexes, timeline, corrections,
Atom feeds and ``briefings.json`` (the quote listings: ``quote_pages``).

One ``context_for_<kind>`` function per page kind. Pure: index in, plain data
out (see ``page_views``). Templates only format what these functions decide.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from .index import Index
from .model import Briefing
from .page_descriptions import counted
from .page_outputs import index_paths
from .page_views import Views, actor_url, briefing_url, issue_url, last_changed, link
from .schema import empty, plain_data, specs
from .templating import MONTHS

HOME_LATEST = 10
HOME_ISSUES = 15
FEED_ENTRIES = 20
EPOCH = "1970-01-01T00:00:00Z"  # "updated" of a feed with no entries: never the build time


def issue_rows(index: Index) -> list[dict]:
    rows = []
    for facts in index.issues.values():
        latest = index.by_path[facts.briefings[0]].known_date.isoformat() if facts.briefings else None
        rows.append(
            {
                **link(facts.ref, issue_url),
                "count": len(facts.briefings),
                "latest": latest,
                "aliases": list(facts.entry.aliases) if facts.entry else [],
            }
        )
    return rows


def context_for_home(views: Views, site_name: str, site_description: str = "") -> dict:
    index = views.index
    busiest = sorted(issue_rows(index), key=lambda row: (-row["count"], row["name"].casefold()))
    told = (
        f"Short, sourced briefings on security politics: {counted(len(index.briefings), 'briefing')} "
        f"on {counted(len(index.issues), 'issue')}, with who said what."
    )
    return {
        "title": site_name,
        "url": "/",
        "description": site_description or told,
        "latest": [views.cards[b.path] for b in index.briefings[:HOME_LATEST]],
        "issues": [row for row in busiest if row["count"]][:HOME_ISSUES],
        "issue_total": len(index.issues),
        "briefing_total": len(index.briefings),
    }


def context_for_issues_index(index: Index) -> dict:
    return {
        "title": "Issues",
        "url": "/issues/",
        "description": f"The {len(index.issues)} issues the archive follows, each with its briefings, "
        "who said what, and when it last moved.",
        "issues": sorted(issue_rows(index), key=lambda row: (row["name"].casefold(), row["url"])),
    }


def context_for_actors_index(index: Index) -> dict:
    groups: dict[str, list[dict]] = {"country": [], "person": [], "organisation": []}
    for facts in sorted(index.actors.values(), key=lambda f: (f.ref.name.casefold(), f.ref.slug)):
        groups.setdefault(facts.kind, []).append(
            {
                **link(facts.ref, actor_url),
                "count": len(facts.briefings),
                "country": facts.country.name if facts.country else None,
            }
        )
    headings = {"country": "States", "person": "People", "organisation": "Organisations"}
    return {
        "title": "Actors",
        "url": "/actors/",
        "description": f"The {len(index.actors)} states, people and organisations in the briefings, "
        "with their roles, quotes and issues.",
        "groups": [
            {"kind": kind, "heading": headings.get(kind, kind.title()), "actors": actors}
            for kind, actors in groups.items()
            if actors
        ],
    }


def timeline_url(year: int | None = None) -> str:
    return f"/timeline/{year}/" if year is not None else "/timeline/"


def timeline_years(views: Views) -> list[dict]:
    """Every year with its months and counts (the overview on every timeline page)."""
    return [
        {
            "year": year,
            "url": timeline_url(year),
            "count": sum(len(paths) for _, paths in months),
            "months": [
                {"name": MONTHS[month - 1], "id": f"{year}-{month:02d}", "count": len(paths)} for month, paths in months
            ],
        }
        for year, months in views.index.timeline
    ]


def context_for_timeline(views: Views, year: int | None = None) -> dict:
    """The timeline's front page (``year`` None: the overview plus the latest year) or one year.

    One page per year rather than one for the whole archive: a page that grows
    with the archive would grow without bound (10,000 briefings: 2 MB).
    """
    timeline = dict(views.index.timeline)
    shown = year if year is not None else next(iter(timeline), None)
    shown_months = timeline.get(shown, ()) if shown is not None else ()  # None: an empty archive
    months = [
        {"name": MONTHS[month - 1], "id": f"{shown}-{month:02d}", "entries": [views.entries[p] for p in paths]}
        for month, paths in shown_months
    ]
    return {
        "title": "Timeline" if year is None else f"Timeline {year}",
        "url": timeline_url(year),
        "description": f"Every briefing by date: {counted(len(views.index.briefings), 'briefing')}."
        if year is None
        else f"The briefings of {year}, month by month.",
        "years": timeline_years(views),
        "year": shown,
        "months": months,
    }


def context_for_corrections(views: Views) -> dict:
    # The corrected briefings found in C: a loop over every briefing took ~10 ms of each
    # edit's build at 30,000 (the page reads them all, so every edit makes it again).
    rows: list[dict] = [
        {"date": c.date.isoformat(), "text": c.text, "briefing": views.entries[b.path]}
        for b in filter(attrgetter("corrections"), views.index.briefings)
        for c in b.corrections
    ]
    rows.sort(key=lambda row: (row["date"], row["briefing"]["url"]), reverse=True)
    return {
        "title": "Corrections",
        "url": "/corrections/",
        "corrections": rows,
        "description": "Every correction made to a published briefing, newest first.",
    }


def atom_id(path: str) -> str:
    """A stable Atom id from a site path (the site's host is not known at build time)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'briefing-archive:' + path)}"


def atom_time(iso_date: str) -> str:
    return f"{iso_date}T00:00:00Z"


def context_for_feed(title: str, page_url: str, briefings: list[Briefing], index: Index) -> dict:
    """An Atom feed of the newest briefings; "updated" comes from the data, never the clock."""
    entries: list[dict] = [
        {
            "title": b.title,
            "url": briefing_url(b),
            "id": atom_id(briefing_url(b)),
            "published": atom_time(b.known_date.isoformat()),
            "updated": atom_time(last_changed(b)),
            "summary": b.summary or "",
            "outlet": b.source.outlet,
            "categories": [ref.name for ref in index.facts[b.path].issues],
            "corrections": [{"date": c.date.isoformat(), "text": c.text} for c in b.corrections],
        }
        for b in briefings[:FEED_ENTRIES]
    ]
    return {
        "title": title,
        "page": page_url,
        "self_url": f"{page_url}feed.xml",
        "id": atom_id(f"{page_url}feed.xml"),
        "updated": max((e["updated"] for e in entries), default=EPOCH),
        "entries": entries,
    }


def front_matter_data(briefing: Briefing) -> dict:
    """A briefing's front matter as plain data (for briefings.json: the fields the schema
    exports, when they hold a value), with its URL."""
    exported = ((key, getattr(briefing, key)) for key, spec in specs(Briefing) if spec.export)
    data = {key: plain_data(value) for key, value in exported if not empty(value)}
    return {**data, "url": briefing_url(briefing), "path": briefing.path}


def briefings_data(index: Index) -> list[dict]:
    """Every briefing shown on the site, newest first (ties by path)."""
    return [front_matter_data(briefing) for briefing in index.briefings]


@dataclass(frozen=True)
class ListItems:
    """The items of a JSON list page, made one at a time (the site writer streams the file):
    each one's key, a function of what makes it (None or "": none), and what makes item n.
    The keys come as one list: a build after an edit compares 30,000 of them with the last
    file's, in bulk."""

    keys: list[str | None]
    make: Callable[[int], dict]


def briefing_items(index: Index, content_keys: dict[str, str]) -> ListItems:
    """``briefings_data`` as ``ListItems``, each keyed by its briefing's content key: an
    item is made from its briefing's file alone."""
    briefings = index.briefings
    paths = index_paths(index) or list(map(attrgetter("path"), briefings))
    return ListItems(list(map(content_keys.get, paths)), lambda number: front_matter_data(briefings[number]))
