"""States and institutions in an article, and the state an official serves.

Mentions of states (names, demonyms, capitals as subjects) and of institutions
(gazetteer organisations, "<Demonym> <ministry>", "the ministry", acronyms); and the
rules that give an official whose state the article leaves unsaid a state: the
counterpart's other side, the role's own state, the dateline's or outlet's state.
"""

from __future__ import annotations

import re
from collections import Counter

from .cast_types import Mention, Person
from .examples import Example
from .gazetteer import load
from .institutions import back_references, named_organs
from .patterns import Patterns, base_role


def country_mentions(text: str, pats: Patterns) -> list[Mention]:
    found = [
        Mention(m.start(), m.end(), pats.countries[m.group("name")], "country") for m in pats.country.finditer(text)
    ]
    found += [
        Mention(m.start(), m.end(), load().capitals[m.group("name")], "country") for m in pats.capital.finditer(text)
    ]
    return found


def organisation_mentions(text: str, pats: Patterns) -> tuple[list[Mention], dict[str, str | None]]:
    mentions: list[Mention] = []
    homes: dict[str, str | None] = {}
    for match in pats.organisation.finditer(text):
        name = pats.organisations[match.group("name")]
        homes.setdefault(name, load().org_country.get(name))
        mentions.append(Mention(match.start(), match.end(), name, "organisation"))
    by_kind: dict[tuple[str, str], str] = {}
    for match in pats.ministry.finditer(text):
        country = pats.countries[match.group("qual")]
        key = (country, match.group("name").lower())
        name = by_kind.setdefault(key, match.group(0))
        homes.setdefault(name, country)
        mentions.append(Mention(match.start(), match.end(), name, "organisation"))
    mentions += unqualified_ministries(text, homes)
    organs = [
        m for m in named_organs(text, pats, homes) if not any(o.start < m.end and m.start < o.end for o in mentions)
    ]
    qualified = [m for m in mentions if homes.get(m.name) and m.name not in load().org_country]
    mentions += organs + back_references(text, organs + qualified)
    mentions += acronym_mentions(text, mentions)
    kinds = "".join("|" + re.escape(kind) for _, kind in by_kind)  # none found: no empty alternative
    # "the ministry", "the Russian ministry": the ministry named before
    for match in re.finditer(r"\b[Tt]he\s+(?:[A-Z][a-z]+\s+)?(?P<name>[Mm]inistry|[Ee]mbassy" + kinds + r")\b", text):
        if any(m.start <= match.end("name") - 1 < m.end for m in mentions):
            continue  # "The Chinese defence ministry" is named here, not referred back to
        previous = [
            m
            for m in mentions
            if m.end <= match.start() and m.name in homes and (homes[m.name] or m.name in UNQUALIFIED)
        ]
        if previous and "ministry" in previous[-1].name.lower() + match.group("name").lower():
            mentions.append(Mention(match.start(), match.end(), previous[-1].name, "organisation"))
    return mentions, homes


# "the Defense Ministry" with no state named: a national outlet's own government speaks.
UNQUALIFIED = tuple(m for m in load().ministries if re.search(r"Ministry|Department|Office", m))


def unqualified_ministries(text: str, homes: dict[str, str | None]) -> list[Mention]:
    found = []
    for match in re.finditer(rf"\b[Tt]he\s+(?P<name>{'|'.join(map(re.escape, UNQUALIFIED))})\b", text):
        homes.setdefault(match.group("name"), None)
        found.append(Mention(match.start("name"), match.end(), match.group("name"), "organisation"))
    return found


def settle_counterparts(people: dict[str, Person], countries: list[Mention]) -> None:
    """A counterpart with no stated state belongs to the most-mentioned other one."""
    counts = Counter(m.name for m in countries)
    order = {m.name: i for i, m in reversed(list(enumerate(countries)))}
    for person in people.values():
        if isinstance(person.country, tuple):
            others = sorted((c for c in counts if c != person.country[1]), key=lambda c: (-counts[c], order[c]))
            person.country = others[0] if others else None


def home_state(text: str, countries: list[Mention], outlet: str | None) -> str | None:
    """The state an unqualified official most likely serves: the dateline capital's, a
    national outlet's, else the most-mentioned one."""
    fixed = fixed_home(text, outlet, countries)
    if fixed:
        return fixed
    counts = Counter(m.name for m in countries)
    return max(counts, key=lambda c: (counts[c], -min(m.start for m in countries if m.name == c))) if counts else None


def settle_home_states(people: dict[str, Person], text: str, countries: list[Mention], outlet: str | None) -> None:
    """An official with no stated state: the role's own state (of the few that have the
    role, the home state if it is one), else the home state; never for private roles."""
    home = home_state(text, countries, outlet)
    for person in people.values():
        if person.country is not None or not person.role:
            continue
        states = load().title_country.get(base_role(person.role))
        if states:
            person.country = home if home in states else states[0]
            person.country_rule = "role_held_in_few_states"
        elif not person.role.startswith("Former ") and base_role(person.role) in load().senior_titles:
            guess = story_state(person, people, text, countries, outlet)
            person.country, person.country_rule = guess, "state_the_story_is_about" if guess else None
            person.notes.append(
                f"country not stated: guessed {guess}, the state the story is about"
                if guess
                else "country not stated and not guessed for a leader or minister: fill it in"
            )
        elif home and base_role(person.role) not in load().private_titles:
            fixed = fixed_home(text, outlet, countries)
            person.country, person.country_rule = guessed_home(person, people, home, fixed)
            person.notes.append(f"country not stated: guessed {person.country}")


def guessed_home(person: Person, people: dict[str, Person], home: str, fixed: str | None) -> tuple[str, str]:
    """(state, rule) for an official the article does not place: the dateline's or national
    outlet's state, else the state of an official named just before, else the most named."""
    if fixed:
        return home, "dateline_or_outlet_state"
    nearest = nearest_official(person, people)
    return (nearest, "state_of_official_named_just_before") if nearest else (home, "most_named_state")


def story_state(
    person: Person, people: dict[str, Person], text: str, countries: list[Mention], outlet: str | None
) -> str | None:
    """A minister or leader the article never places ("Defense Minister Shinjiro Koizumi" in
    a Kyodo story): the dateline's or national outlet's state, else one the story names far
    more than any other; not when that state already has its holder of the role (then this
    one is someone else's, and only the editor knows whose)."""
    home = fixed_home(text, outlet, countries) or dominant_state(countries)
    if home in states_acted_on(person, text, countries):
        return None  # "Acting President Choi condemned North Korea's launch": not North Korea's
    role = base_role(person.role or "")  # settle_home_states asks only for people with a role
    taken = any(p is not person and p.country == home and p.role and p.role == role for p in people.values())
    return None if taken else home


# What one side does to the other: the state after such a verb is the person's adversary.
CONFRONTS = re.compile(
    r"\b(?:condemn|denounc|summon|protest|accus|criticiz|criticis|slamm?|blast|rebuk|"
    r"warn|demand|call(?:ed|s)? on|urg)\w*\s+(?:(?:the|its|a)\s+)?$"
)


def states_acted_on(person: Person, text: str, countries: list[Mention]) -> set[str]:
    """States the person's first sentence confronts after naming them ("Acting President Choi
    condemned North Korea's launch", "summoned the Russian ambassador"): not whom they serve."""
    end = min((i for i in (text.find(". ", person.start), text.find("\n", person.start)) if i >= 0), default=len(text))
    return {
        m.name
        for m in countries
        if person.start < m.start < end and CONFRONTS.search(text, max(person.start, m.start - 40), m.start)
    }


def dominant_state(countries: list[Mention]) -> str | None:
    ranked = Counter(m.name for m in countries).most_common(2)
    if not ranked or ranked[0][1] < 3:
        return None
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1] else None


def fixed_home(text: str, outlet: str | None, countries: list[Mention]) -> str | None:
    """The dateline capital's state, else a national outlet's, if the story is about it: a
    British weekly's piece on Japan names no British official without saying so."""
    dateline = re.match(r"([A-Z][A-Z .'-]{2,30})\b", text)
    own = load().outlet_country.get(outlet or "")
    return (dateline and load().capitals.get(dateline.group(1).strip().title())) or (
        own if any(m.name == own for m in countries) else None
    )


def nearest_official(person: Person, people: dict[str, Person], reach: int = 400) -> str | None:
    """With no home state to go by, "Prime Minister X" just after a Japanese minister spoke
    is most likely Japan's too: stories run one side's officials together."""
    before = [
        p
        for p in people.values()
        if isinstance(p.country, str) and p.country and person.start - reach <= p.start < person.start
    ]
    return max(before, key=lambda p: p.start).country if before else None


def acronym_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """An institution introduced with its acronym, "(JCS)", is later called by it."""
    found = []
    for mention in [m for m in mentions if m.kind == "organisation"]:
        acronym = re.match(r"\s*\((?P<abbr>[A-Z]{2,6})\)", text[mention.end :])
        if acronym:
            later = re.finditer(rf"(?<![\w(]){acronym.group('abbr')}(?![\w)])", text[mention.end :])
            found += [
                Mention(mention.end + m.start(), mention.end + m.end(), mention.name, "organisation") for m in later
            ]
    return found


def opening_institution(text: str, mentions: list[Mention], start: int, end: int) -> str | None:
    """The institution that opens ``text[start:end]`` as its subject ("The Russian Defense
    Ministry denied …"): what a following "It said" stands for."""
    first = next((m for m in mentions if m.start >= start), None)
    if (
        first
        and first.kind == "organisation"
        and first.end <= end
        and re.fullmatch(r"\s*(?:[Tt]he\s+)?", text[start : first.start])
    ):
        return first.name
    return None


EXAMPLES = (
    Example(
        "Chief Cabinet Secretary Kenji Watanabe said the drills were routine and planned months ago.",
        "person Kenji Watanabe: role Chief Cabinet Secretary ← rule role_before_name; "
        "country Japan ← rule role_held_in_few_states",
    ),
    Example(
        "Defense Minister Kenji Watanabe said Japan would protest. Japan has lodged protests with China before, "
        "and Japan will again, officials said. Japan sent a note on Tuesday.",
        "person Kenji Watanabe: role Defense Minister ← rule role_before_name; "
        "country Japan ← rule state_the_story_is_about",
    ),
    # a leader who confronts the state the story is about does not serve it
    Example(
        "Acting President Choi Min-ho condemned North Korea's launch on Tuesday. North Korea fired two missiles. "
        "North Korea said the test was a success, and North Korea will go on.",
        "person Choi Min-ho: role Acting President ← rule role_before_name; country (none)",
    ),
    Example(
        "TOKYO — Ambassador Kenji Watanabe said the drills near the border were routine and planned months ago.",
        "person Kenji Watanabe: role Ambassador ← rule role_before_name; country Japan ← rule dateline_or_outlet_state",
    ),
    Example(
        "Japanese Foreign Minister Kenji Watanabe spoke first. Ambassador Hiro Sato said the drills were routine "
        "and planned months ago, and China and Russia have been told.",
        "person Hiro Sato: role Ambassador ← rule role_before_name; "
        "country Japan ← rule state_of_official_named_just_before",
    ),
    Example(
        "Ambassador Hiro Sato said the drills were routine. China protested. China and Russia held talks, and "
        "China sent ships.",
        "person Hiro Sato: role Ambassador ← rule role_before_name; country China ← rule most_named_state",
    ),
    # an institution introduced with its acronym is later called by it; "the ministry" is the one named before
    Example(
        "South Korea's Joint Chiefs of Staff (JCS) said the North fired two missiles. \"The missiles flew about "
        '600 km," the JCS said.',
        'quote 1 "The missiles flew about 600 km": speaker South Korea\'s Joint Chiefs of Staff '
        "← rule said_after_quote",
    ),
    Example(
        'The Russian Defence Ministry said the drills were routine. "The exercises are planned months ahead," the '
        "ministry said.",
        'quote 1 "The exercises are planned months ahead": speaker Russian Defence Ministry ← rule said_after_quote',
    ),
)
