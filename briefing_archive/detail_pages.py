"""What the page of one thing shows: a briefing, an issue, an actor (or an alias's redirect).

One ``context_for_<kind>`` function per page kind. Pure: index in, plain data
out (see ``page_views``). Templates only format what these functions decide.
"""
from __future__ import annotations

from .facts import ActorFacts, IssueFacts
from .index import Index
from .issue_page import POSITIONS, latest_briefing, positions, side_quotes, timeline
from .model import Briefing
from .page_views import (Views, actor_url, briefing_url, issue_url, last_changed, link, quotes_of, safe_url,
                         wikidata_url)
from .refs import Ref
from .schema import listed_under_labels
from .svgchart import bar_chart

ACTOR_QUOTES = 10  # newest quotes shown on an actor's page; the rest collapsed
ACTOR_BRIEFINGS = 20
ACTOR_LINKS = 12  # issues and counterparts, most first
SCHEMA_TYPES = {"person": "Person", "country": "Country", "organisation": "Organization"}


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
        "details": listed_under_labels(briefing),
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


def context_for_issue(facts: IssueFacts, views: Views) -> dict:
    """Above the fold what is latest and where each side stands; then the timeline (the
    chart's bars lead into its periods), every side's quotes, the actors most involved."""
    briefings = [views.index.by_path[path] for path in facts.briefings]
    entry = facts.entry
    chart = bar_chart([b.date for b in briefings], facts.ref.name)
    sides = positions(facts.sides, views)
    return {
        "title": facts.ref.name, "url": issue_url(facts.ref.slug), "feed": f"{issue_url(facts.ref.slug)}feed.xml",
        "aliases": list(entry.aliases) if entry else [], "wikidata": wikidata_url(entry),
        "count": len(briefings),
        "latest": latest_briefing(facts.briefings, views),
        "positions": sides[:POSITIONS], "more_positions": sides[POSITIONS:],
        "chart": chart,
        "timeline": timeline(facts.briefings, chart["unit"], views) if chart else [],
        "sides": side_quotes(facts.sides, views),
        "top_actors": [{**link(ref, actor_url), "count": count} for ref, count in facts.top_actors],
    }


def context_for_actor(facts: ActorFacts, views: Views) -> dict:
    """Who the actor is, then what it said (each quote dated, linked to its briefing); long
    lists show their first items and keep the rest collapsed."""
    entry = facts.entry
    return {
        "title": facts.ref.name, "url": actor_url(facts.ref.slug), "kind": facts.kind,
        "country": link(facts.country, actor_url), "aliases": list(entry.aliases) if entry else [],
        "wikidata": wikidata_url(entry), "count": len(facts.briefings),
        "roles": [{"role": span.role, "first": span.first.isoformat(), "last": span.last.isoformat(),
                   "count": span.briefings} for span in facts.roles],
        **shown_and_more("quotes", quotes_of(facts.quotes, views), ACTOR_QUOTES),
        **shown_and_more("briefings", [views.entries[path] for path in facts.briefings], ACTOR_BRIEFINGS),
        **shown_and_more("issues", [{**link(ref, issue_url), "count": count} for ref, count in facts.issues],
                         ACTOR_LINKS),
        **shown_and_more("counterparts", [{**link(ref, actor_url), "count": count}
                                          for ref, count in facts.counterparts], ACTOR_LINKS),
    }


def shown_and_more(name: str, items: list, shown: int) -> dict:
    """``name``: the first ``shown`` items; ``more_<name>``: the rest (collapsed on the page)."""
    return {name: items[:shown], f"more_{name}": items[shown:]}


def context_for_redirect(kind: str, alias_slug: str, target: Ref) -> dict:
    url_of = issue_url if kind == "issue" else actor_url
    return {"title": target.name, "url": url_of(alias_slug), "target": url_of(target.slug)}
