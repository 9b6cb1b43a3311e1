"""Who is in the article: the cast of people, states and organisations, and every mention of
them, found by the people rules in turn (``find_cast``).

The order of the passes matters: each may use what the ones before found (a surname joins
the full name found earlier, a predecessor takes the role of a person already placed).
"""

from __future__ import annotations

from .after_name import add_introduced, add_predecessors, add_roles_after_names
from .cast_types import Cast, Mention, Person
from .examples import Example
from .known_people import add_caption_roles, add_registry_people, merge_registry_spellings
from .named_people import add_named_people, add_speaking_names
from .names import merge_variants, person_mentions
from .office_holders import apply_office_holders
from .patterns import DOCUMENTS, PERSON_NOUNS, PRONOUNS, Patterns
from .people import PeopleFinder, country_of
from .states import country_mentions, organisation_mentions, settle_counterparts, settle_home_states


def within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def find_people(text: str, pats: Patterns, verbs: str, known_people=(), captions=()) -> PeopleFinder:
    """The people passes, in order: roles next to names, then after them; the registry's
    people; names beside reporting verbs; caption roles; the office-holders list;
    predecessors and people introduced by an apposition; names with a known first name."""
    finder = PeopleFinder(text, pats)
    finder.find()
    add_roles_after_names(finder)
    finder.merge_surnames()
    merge_variants(finder.people)
    add_registry_people(finder, known_people)
    add_speaking_names(finder, verbs)
    add_caption_roles(finder, captions)
    apply_office_holders(
        finder.people,
        text,
        lambda name, start: Person(name, start=start),
        {name for names, *_ in known_people for name in names},
    )
    finder.merge_surnames()  # "Mr. Jaishankar" joins "S. Jaishankar" the list found
    add_predecessors(finder)
    add_introduced(finder)  # once the people it may tie a newcomer to have their states
    add_named_people(finder)  # last: every pass that finds a role has had its turn
    merge_registry_spellings(finder, known_people)
    finder.merge_surnames()  # "Gorka said" joins the "Sebastian Gorka" just found
    add_caption_roles(finder, captions)
    return finder


def pronoun_mentions(text: str) -> list[Mention]:
    """Pronouns, "the nominee" and "the statement": mentions of someone named elsewhere."""
    pronouns = [Mention(m.start(), m.end(), m.group(0).lower(), "pronoun") for m in PRONOUNS.finditer(text)]
    pronouns += [
        Mention(m.start(), m.end(), "the " + m.group("noun").lower(), "pronoun") for m in PERSON_NOUNS.finditer(text)
    ]
    pronouns += [Mention(m.start(), m.end(), "document", "pronoun") for m in DOCUMENTS.finditer(text)]
    return pronouns


def find_cast(text: str, pats: Patterns, verbs: str, known_people=(), outlet: str | None = None, captions=()) -> Cast:
    finder = find_people(text, pats, verbs, known_people, captions)
    countries = country_mentions(text, pats)
    settle_counterparts(finder.people, countries)
    settle_home_states(finder.people, text, countries, outlet)
    organisations, homes = organisation_mentions(text, pats)
    people = dict(sorted(finder.people.items(), key=lambda item: item[1].start))
    named = person_mentions(text, people, pats, country_of, finder.spellings)
    states = [m for m in countries + organisations if not within(m, finder.spans)]
    # ties (a state's name also read as a surname) broken by kind, states first: deterministic
    mentions = sorted(set(named + states + pronoun_mentions(text)), key=lambda m: (m.start, -m.end, m.kind, m.name))
    return Cast(people, actor_states(countries, finder.spans, people), homes, drop_nested(mentions))


def actor_states(countries: list[Mention], spans: list[tuple[int, int]], people: dict[str, Person]) -> list[str]:
    """States in order of first mention. One named only inside a person's role phrase
    ("a fellow at the German Marshall Fund of the United States") is no actor, unless
    it is whose official the person is."""
    served = {p.country for p in people.values() if isinstance(p.country, str)}
    order = []
    for mention in sorted(countries, key=lambda m: m.start):
        if mention.name not in order and (mention.name in served or not within(mention, spans)):
            order.append(mention.name)
    # a state whose officials speak is an actor even if only its capital or outlet names it
    stated = [p.country for p in people.values() if isinstance(p.country, str) and p.country]
    return order + [state for state in dict.fromkeys(stated) if state not in order]


def drop_nested(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


EXAMPLES = (
    # a surname alone is the person named in full before
    Example(
        'Japanese Foreign Minister Kenji Watanabe met the envoys in Tokyo on Tuesday.\n\n"The door stays open," '
        "Watanabe said.",
        'quote 1 "The door stays open": speaker Kenji Watanabe ← rule said_after_quote',
    ),
    # a person named once in passing is no actor of the story
    Example(
        "Defence Minister Anna Kowalski said on Tuesday that she had always admired Margaret Thatcher and her resolve.",
        absent=("person Margaret Thatcher",),
    ),
)
