"""Each page's meta description: one or two sentences that say what the page holds,
for search results and link previews.

A briefing: its summary. An issue or actor: the first paragraph of its registry
overview, else a sentence made from its facts. Listings: a sentence. Pure; plain
text (the template escapes it).
"""

from __future__ import annotations

from markupsafe import Markup

from .facts import ActorFacts, IssueFacts
from .index import Index
from .model import Briefing
from .safe_markdown import markdown_html
from .templating import long_date

DESCRIPTION_CHARS = 300  # search engines show about half; the rest is for link previews


def shortened(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut after its last whole sentence (or word, with "…") within ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    sentence_end = head.rfind(". ")
    if sentence_end >= limit // 3:
        return head[: sentence_end + 1]
    return head.rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"


def plain_paragraph(markdown: str) -> str:
    """The first paragraph of a Markdown text as plain text."""
    first = markdown.strip().split("\n\n", 1)[0]
    return Markup(markdown_html(first)).striptags() if first else ""


def listed(names: list[str], more: int = 0) -> str:
    """ "Japan", "Japan and Russia", "Japan, Russia and 3 more"."""
    if more:
        return f"{', '.join(names)} and {more} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def span_of(first: str, last: str) -> str:
    """Two ISO dates as a span of years ("2016–2019"; one year: "2019")."""
    return first[:4] if first[:4] == last[:4] else f"{first[:4]}–{last[:4]}"


def briefing_description(briefing: Briefing) -> str:
    if briefing.summary:
        return shortened(briefing.summary)
    return shortened(
        f"{briefing.title}. A briefing on the report by {briefing.source.outlet} of "
        f"{long_date(briefing.known_date.isoformat())}."
    )


def issue_description(facts: IssueFacts, index: Index) -> str:
    overview = plain_paragraph(facts.entry.overview) if facts.entry else ""
    if overview:
        return shortened(overview)
    if not facts.briefings:
        return f"{facts.ref.name}: no briefings yet."
    dates = [index.by_path[path].known_date.isoformat() for path in (facts.briefings[-1], facts.briefings[0])]
    sides = [side.name for side, _ in facts.sides]
    quoted = f", with quotes from {listed(sides[:3], len(sides) - 3 if len(sides) > 3 else 0)}" if sides else ""
    return shortened(f"{facts.ref.name}: {counted(len(facts.briefings), 'briefing')} ({span_of(*dates)}){quoted}.")


def actor_description(facts: ActorFacts, index: Index) -> str:
    overview = plain_paragraph(facts.entry.overview) if facts.entry else ""
    if overview:
        return shortened(overview)
    latest_role = max(facts.roles, key=lambda span: (span.last, span.first)).role if facts.roles else ""
    who = ", ".join(part for part in (facts.ref.name, latest_role, facts.country.name if facts.country else "") if part)
    if not facts.briefings:
        return f"{who}: no briefings yet."
    dates = [index.by_path[path].known_date.isoformat() for path in (facts.briefings[-1], facts.briefings[0])]
    quotes = f" and {counted(len(facts.quotes), 'quote')}" if facts.quotes else ""
    return shortened(f"{who}: {counted(len(facts.briefings), 'briefing')} ({span_of(*dates)}){quotes}.")
