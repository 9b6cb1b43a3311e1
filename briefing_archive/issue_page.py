"""What an issue page shows besides its facts: the latest briefing, where each side stands
(its latest quote), the timeline cut into the chart's periods, and each side's newest quotes.

Pure, like every page module: facts in, plain data out (see ``page_views``). A busy
issue's page stays a few screens long: older periods of the timeline and every side's
list of quotes are collapsed (``<details>``), and the chart's bars and the sides'
quote counts link to them (a browser opens a collapsed section a link leads into).
"""

from __future__ import annotations

from .facts import QuoteFact
from .page_views import Views, actor_url, issue_quotes_url, last_changed, link, quotes_of
from .refs import Ref
from .svgchart import period_key, period_name

POSITIONS = 6  # sides whose latest quote shows at once (more would not fit one screen)
OPEN_BRIEFINGS = 10  # newest periods shown open until this many briefings are, older ones collapsed;
# only these briefings show their summary (10,000 briefings: an issue's would weigh 150 KB and 20 screens)
SIDE_QUOTES = 5  # per side in "who said what", newest; a side with more has its own quote pages


def latest_briefing(paths: tuple[str, ...], views: Views) -> dict | None:
    """The newest briefing's card, and when the issue last changed (a correction counts)."""
    if not paths:
        return None
    updated = max(last_changed(views.index.by_path[path]) for path in paths)
    return {**views.cards[paths[0]], "updated": updated}


def has_own_quote_pages(quotes: int) -> bool:
    """Whether a side quoted ``quotes`` times on an issue has quote pages of its own: only
    when the issue page shows fewer (at 10,000 briefings, every side's would be 9,000 pages)."""
    return quotes > SIDE_QUOTES


def side_id(side: Ref) -> str:
    """The id of a side's list of quotes on the page."""
    return f"quotes-{side.slug}"


def positions(sides: tuple[tuple[Ref, tuple[QuoteFact, ...]], ...], views: Views) -> list[dict]:
    """Each side, most quoted first, with its latest quote (the facts list them newest first)."""
    return [
        {
            "side": link(side, actor_url),
            "count": len(quotes),
            "list": side_id(side),
            "latest": quotes_of(quotes[:1], views)[0],
        }
        for side, quotes in sides
    ]


def side_quotes(issue: Ref, sides: tuple[tuple[Ref, tuple[QuoteFact, ...]], ...], views: Views) -> list[dict]:
    """Every side's newest SIDE_QUOTES quotes on the issue, how many there are, and where
    all of them are listed (a side with no more than these has no pages of its own)."""
    return [
        {
            "side": link(side, actor_url),
            "id": side_id(side),
            "count": len(quotes),
            "quotes": quotes_of(quotes[:SIDE_QUOTES], views),
            "all": issue_quotes_url(issue.slug, side.slug) if has_own_quote_pages(len(quotes)) else None,
        }
        for side, quotes in sides
    ]


def timeline(paths: tuple[str, ...], unit: str, views: Views) -> list[dict]:
    """The briefings (newest first) in the chart's periods, each with the id its bar links to;
    the newest periods open until OPEN_BRIEFINGS briefings show, the older ones collapsed.
    Only the newest OPEN_BRIEFINGS come with their summary, the rest with their title."""
    groups: dict[str, list[dict]] = {}
    for number, path in enumerate(paths):
        # The older ones' list entries, not their cards: a kept state's cards are each
        # unpickled when read (~1,000 for a busy issue's page at 30,000 briefings).
        entry = views.cards[path] if number < OPEN_BRIEFINGS else {**views.entries[path], "summary": ""}
        groups.setdefault(period_key(views.index.by_path[path].known_date, unit), []).append(entry)
    shown, result = 0, []
    for key, entries in groups.items():
        result.append({"id": f"p{key}", "name": period_name(key), "open": shown < OPEN_BRIEFINGS, "entries": entries})
        shown += len(entries)
    return result
