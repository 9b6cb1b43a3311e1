"""``build.py ingest --explain``: which rule found a draft's title, date and place, each person's
role and state, and each quote's speaker.

The rules carry their names beside what they find (``Header.title_rule``,
``Person.role_rule``, ``Attribution.rule``, …); nothing of it goes into the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Briefing
from .cast_types import Person
from .meta import Header
from .quote_types import Found


@dataclass(frozen=True)
class Sources:
    people: dict[str, Person]  # person actor's name → the person the rules found
    quotes: tuple[Found, ...]  # the found quote behind each of the briefing's quotes


@dataclass(frozen=True)
class Drafted:
    """A draft with what made it."""

    briefing: Briefing
    header: Header
    sources: Sources
    location_rule: str | None = None


def first_words(text: str, count: int = 6) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def found_by(value, rule: str | None) -> str:
    """ "<value> ← rule <name>", "(none)" for a value not found."""
    if value is None or value == "":
        return "(none)"
    return f"{value} ← rule {rule or '(not recorded)'}"


def explanation(made: Drafted) -> tuple[str, ...]:
    """One line for the title, the date, the place, each person actor and each quote."""
    briefing, header = made.briefing, made.header
    lines = [
        f"title {found_by(briefing.title and repr_text(briefing.title), header.title_rule)}",
        f"date {found_by(briefing.date and briefing.date.isoformat(), header.date_rule)}",
        f"location {found_by(briefing.location, made.location_rule)}",
    ]
    for actor in (a for a in briefing.actors if a.kind == "person"):
        person = made.sources.people.get(actor.name)
        role_rule, country_rule = (person.role_rule, person.country_rule) if person else (None, None)
        lines.append(
            f"person {actor.name}: role {found_by(actor.role, role_rule)}; "
            f"country {found_by(actor.country, country_rule)}"
        )
    for number, (quote, found) in enumerate(zip(briefing.quotes, made.sources.quotes, strict=True), start=1):
        rule = found.attribution.rule if found.attribution else None
        lines.append(
            f"quote {number} {repr_text(first_words(quote.text))}: speaker {quote.speaker} "
            f"← rule {rule or '(not recorded)'} (paragraph {found.paragraph + 1})"
        )
    return tuple(lines)


def repr_text(text: str) -> str:
    return f'"{text}"'
