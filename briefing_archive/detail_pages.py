"""What the page of one thing shows: a briefing, an issue, an actor (or an alias's redirect).

One ``context_for_<kind>`` function per page kind. Pure: index in, plain data
out (see ``page_views``). Templates only format what these functions decide.
"""

from __future__ import annotations

from .facts import ActorFacts, IssueFacts
from .index import Index
from .issue_page import POSITIONS, latest_briefing, positions, side_quotes, timeline
from .model import Briefing
from .page_descriptions import briefing_description
from .page_views import (
    Views,
    actor_quotes_url,
    actor_url,
    briefing_url,
    issue_url,
    last_changed,
    link,
    quotes_of,
    safe_url,
    web_host,
    wikidata_url,
)
from .refs import Ref
from .schema import listed_under_labels
from .site_settings import SiteSettings
from .structured_data import briefing_json_ld
from .svgchart import bar_chart

ACTOR_QUOTES = 10  # newest, on the actor's page; the rest are on its quote pages
ACTOR_BRIEFINGS = 20
ACTOR_LINKS = 12  # issues and counterparts, most first


def context_for_briefing(briefing: Briefing, views: Views, settings: SiteSettings) -> dict:
    index = views.index
    facts = index.facts[briefing.path]
    actors = [
        {"name": ref.name, "url": actor_url(ref.slug), "kind": actor.kind, "role": actor.role, "country": actor.country}
        for actor, ref in zip(briefing.actors, facts.listed, strict=True)
    ]
    return {
        "title": briefing.title,
        "url": briefing_url(briefing),
        "date": briefing.known_date.isoformat(),
        "description": briefing_description(briefing),
        "draft": briefing.status == "draft",
        "review": list(briefing.review) if briefing.status == "draft" else [],
        "source": {
            "outlet": briefing.source.outlet,
            "url": safe_url(briefing.source.url),
            "host": web_host(briefing.source.url),
            "credit": briefing.source.credit,
            "byline": list(briefing.source.byline),
        },
        "summary": briefing.summary or "",
        "details": listed_under_labels(briefing),
        "corrected": last_changed(briefing) if briefing.corrections else None,  # the latest correction's date
        "history": editorial_history(briefing),
        "issues": [link(ref, issue_url) for ref in facts.issues],
        "actors": actors,
        "quotes": [
            {"text": q.text, "speaker": link(q.speaker, actor_url), "to": link(q.to, actor_url)} for q in facts.quotes
        ],
        "related": [views.cards[path] for path in facts.related],
        "json_ld": briefing_json_ld(briefing, views, settings),
    }


def editorial_history(briefing: Briefing) -> list[dict]:
    """What the editors record of the briefing, oldest first: published (on its own date,
    the date of the report it summarises, which is what readers date a story by; never
    when a file reached the repository) and by whom it was reviewed, then each correction."""
    events = []
    if briefing.status != "draft":
        events.append(
            {
                "date": briefing.known_date.isoformat(),
                "event": "Published",
                "reviewed_by": briefing.reviewed_by,
                "text": "",
            }
        )
    events += [
        {"date": c.date.isoformat(), "event": "Corrected", "reviewed_by": None, "text": c.text}
        for c in sorted(briefing.corrections, key=lambda c: c.date)
    ]
    return events


def context_for_issue(facts: IssueFacts, views: Views) -> dict:
    """Above the fold what is latest and where each side stands; then the timeline (the
    chart's bars lead into its periods), every side's quotes, the actors most involved."""
    briefings = [views.index.by_path[path] for path in facts.briefings]
    entry = facts.entry
    chart = bar_chart([b.known_date for b in briefings], facts.ref.name)
    sides = positions(facts.sides, views)
    return {
        "title": facts.ref.name,
        "url": issue_url(facts.ref.slug),
        "feed": f"{issue_url(facts.ref.slug)}feed.xml",
        "aliases": list(entry.aliases) if entry else [],
        "wikidata": wikidata_url(entry),
        "count": len(briefings),
        "latest": latest_briefing(facts.briefings, views),
        "positions": sides[:POSITIONS],
        "more_positions": sides[POSITIONS:],
        "chart": chart,
        "timeline": timeline(facts.briefings, chart["unit"], views) if chart else [],
        "sides": side_quotes(facts.ref, facts.sides, views),
        "top_actors": [{**link(ref, actor_url), "count": count} for ref, count in facts.top_actors],
    }


def context_for_actor(facts: ActorFacts, views: Views, quote_count: int = 0) -> dict:
    """Who the actor is, then what it said (each quote dated, linked to its briefing; all of
    them on its quote pages, ``quote_count`` long: a state's include its people's); long
    lists show their first items and keep the rest collapsed."""
    entry = facts.entry
    return {
        "title": facts.ref.name,
        "url": actor_url(facts.ref.slug),
        "kind": facts.kind,
        "country": link(facts.country, actor_url),
        "aliases": list(entry.aliases) if entry else [],
        "wikidata": wikidata_url(entry),
        "count": len(facts.briefings),
        "roles": [
            {"role": span.role, "first": span.first.isoformat(), "last": span.last.isoformat(), "count": span.briefings}
            for span in facts.roles
        ],
        "quotes": quotes_of(facts.quotes[:ACTOR_QUOTES], views),
        "all_quotes": all_quotes_link(facts, quote_count),
        **shown_and_more("briefings", [views.entries[path] for path in facts.briefings], ACTOR_BRIEFINGS),
        **shown_and_more(
            "issues", [{**link(ref, issue_url), "count": count} for ref, count in facts.issues], ACTOR_LINKS
        ),
        **shown_and_more(
            "counterparts", [{**link(ref, actor_url), "count": count} for ref, count in facts.counterparts], ACTOR_LINKS
        ),
    }


def all_quotes_link(facts: ActorFacts, quote_count: int) -> dict | None:
    """A link to the actor's quote pages when they hold more than its own page shows."""
    if quote_count <= min(len(facts.quotes), ACTOR_QUOTES):
        return None
    whose = f"from {facts.ref.name} and its people" if facts.kind == "country" else f"by {facts.ref.name}"
    return {"url": actor_quotes_url(facts.ref.slug), "label": f"All {quote_count} quotes {whose}"}


def shown_and_more(name: str, items: list, shown: int) -> dict:
    """``name``: the first ``shown`` items; ``more_<name>``: the rest (collapsed on the page)."""
    return {name: items[:shown], f"more_{name}": items[shown:]}


def redirects(index: Index) -> list[tuple[str, str, Ref]]:
    """(kind, alias slug, target) of each alias slug of ``index`` that is no page of its own."""
    found = []
    for kind, canonical in (("issue", index.issues), ("actor", index.actors)):
        for alias_slug, slug in index.aliases[kind].items():
            if alias_slug not in canonical and slug in canonical:
                found.append((kind, alias_slug, canonical[slug].ref))
    return found


def redirect_url(key: tuple[str, str, Ref]) -> str:
    kind, alias_slug, _ = key
    return issue_url(alias_slug) if kind == "issue" else actor_url(alias_slug)


def context_for_redirect(kind: str, alias_slug: str, target: Ref) -> dict:
    url_of = issue_url if kind == "issue" else actor_url
    return {"title": target.name, "url": url_of(alias_slug), "target": url_of(target.slug)}
