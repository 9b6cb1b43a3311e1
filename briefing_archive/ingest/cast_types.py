"""What the cast rules hand on: mentions of actors, the people found, the whole cast.

Shared by the rules that find people (people.py, after_name.py, names.py), states and
institutions (states.py, institutions.py) and the quote rules, so none of them imports
another for its types.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str  # canonical actor name, or the pronoun itself for kind "pronoun"
    kind: str  # person | country | organisation | pronoun


@dataclass
class Person:
    """A person as the cast rules build it up: several passes each add what they find, so
    this one record is filled in place rather than rebuilt."""

    name: str
    role: str | None = None
    country: str | None = None
    start: int = 0  # first mention
    notes: list[str] = field(default_factory=list)
    by_name_only: bool = False  # found by a first name alone: no role, no verb beside it
    # the rules that gave the role and the country (for --explain; never in the briefing)
    role_rule: str | None = field(default=None, compare=False)
    country_rule: str | None = field(default=None, compare=False)


def take_over(owner: Person, other: Person) -> None:
    """``owner``, the same person as ``other``, takes the role and state it lacks from it."""
    if not owner.role:
        owner.role_rule = other.role_rule
    if not owner.country:
        owner.country_rule = other.country_rule
    owner.role, owner.country = owner.role or other.role, owner.country or other.country


@dataclass
class Cast:
    people: dict[str, Person]
    countries: list[str]  # in order of first mention
    organisations: dict[str, str | None]  # name → home state
    mentions: list[Mention]
