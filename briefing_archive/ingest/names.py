"""Where the text names a person already in the cast: full name, a surname or given name,
"Mr X", "the Russian president".

A surname two people share ("Kim", "Lee") names the bearer named last, close by, as an
editor reads it (left out, "Kim said" would take an earlier paragraph's speaker); and
transliterations vary inside one page ("Zelensky" / "Zelenskyy", "Sergey" / "Sergei"), so a
variant spelling is the same person.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .cast_types import Mention, Person, take_over
from .examples import Example
from .gazetteer import literal_alternation, phrase_list
from .patterns import NAME_SUFFIXES, Patterns, role_of

HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?"
LEADERS = phrase_list("leader_roles")  # whoever holds one is "the <state's> leader"


# Official releases write the family name first, in capitals: "Mr. HAYASHI Yoshimasa".
CAPS_FAMILY = re.compile(
    r"\b(?P<hon>(?:Mr|Mrs|Ms|Dr)\.?\s+)(?P<family>[A-Z]{2,})"
    r"\s+(?P<given>[A-Z][a-z]+(?:-[a-z]+)?)\b"
)


def family_first(text: str) -> str:
    """Names in the order the page's English prose uses: a one-syllable family name (Korean,
    Chinese: "KIM Gunn") stays first, "Kim Gunn"; a longer one (Japanese: "HAYASHI
    Yoshimasa") goes last, "Yoshimasa Hayashi". Lengths are kept, so offsets still hold."""

    def reorder(match: re.Match) -> str:
        family, given = match.group("family").title(), match.group("given")
        single = len(re.findall(r"[aeiouy]+", family.lower())) == 1
        return match.group("hon") + (f"{family} {given}" if single else f"{given} {family}")

    return CAPS_FAMILY.sub(reorder, text)


# Malaysian and Bruneian honorifics stand before a name ("Defence Minister Datuk Seri Mohamed
# Khaled Nordin", "Admiral Tan Sri Zulhelmy Ithnain") but are no part of it.
HONORIFICS = re.compile(rf"\b{literal_alternation(phrase_list('honorifics'))}\s+(?=[A-Z][a-z])")


def without_honorifics(text: str) -> str:
    """Honorifics outside quotes blanked, lengths kept (offsets hold, as for family_first)."""

    def blank(match: re.Match) -> str:
        before = text[: match.start()]
        inside = before.count('"') % 2 == 1 or before.count("“") > before.count("”")
        return match.group(0) if inside else " " * len(match.group(0))

    return HONORIFICS.sub(blank, text)


def spelling(token: str) -> str:
    """A regex for ``token`` and its usual romanisation variants: -y/-yy/-i endings and
    ey/ei inside ("Dmitry"/"Dmitri", "Zelensky"/"Zelenskyy", "Sergey"/"Sergei")."""
    stem = re.sub(r"(?:yy|y|i)$", "", token) if len(token) > 4 else token
    ending = r"(?:yy|y|i)" if stem != token else ""
    return re.sub(r"e[yi](?=.)", "e[yi]", re.escape(stem)) + ending


@lru_cache(maxsize=4096)
def variant_key(name: str) -> str:
    """Equal for two spellings of one name ("Sergey Lavrov", "Sergei Lavrov", "Sergej Lavrov")."""
    return " ".join(
        re.sub(r"e[yij]", "ei", re.sub(r"(?:yy|y|i|j)$", "i", t.lower())) if len(t) > 4 else t.lower()
        for t in name.split()
    )


def merge_variants(people: dict[str, Person]) -> None:
    """One person found under two spellings keeps the first, with what either had."""
    first: dict[str, Person] = {}
    for name in list(people):
        person = people[name]
        owner = first.setdefault(variant_key(name), person)
        if owner is not person:
            take_over(owner, person)
            owner.start = min(owner.start, person.start)
            del people[name]


def short_forms(name: str) -> list[str]:
    tokens = [t for t in name.split() if t.rstrip(".") not in NAME_SUFFIXES] or name.split()
    # an initial ("S." of "S. Jaishankar") would match inside "U.S."
    return [t for t in dict.fromkeys((tokens[0], tokens[-1])) if len(t.rstrip(".")) > 1] if len(tokens) > 1 else []


def form_pattern(forms) -> re.Pattern:
    alternatives = "|".join(
        spelling(f) if " " not in f else r"\s+".join(spelling(t) for t in f.split())
        for f in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"(?<![\w-]){HONORIFIC}(?:{alternatives})(?![\w-])")


def person_mentions(text: str, people: dict, pats: Patterns, country_of, spellings=None) -> list[Mention]:
    """Full names (and the article's own spellings of registry names), unambiguous short forms,
    shared surnames by proximity, role references."""
    shared = Counter(form for name in people for form in short_forms(name))
    mentions = []
    for person in people.values():
        # "SANAE TAKAICHI has never hidden …": a magazine's capitalised opening words name her too
        forms = [person.name, person.name.upper()] + [f for f in short_forms(person.name) if shared[f] == 1]
        forms += [spelling for spelling, name in (spellings or {}).items() if name == person.name]
        mentions += [Mention(m.start(), m.end(), person.name, "person") for m in form_pattern(forms).finditer(text)]
    mentions += shared_surnames(text, people, {f for f, n in shared.items() if n > 1}, mentions)
    for match in pats.role_reference.finditer(text):
        holder = role_holder(people, role_of(match.group("role")), country_of(match.group("qual"), pats), match.start())
        if holder:
            mentions.append(Mention(match.start(), match.end(), holder.name, "person"))
    for match in pats.possessive_reference.finditer(text):
        # A key-points box ("China's ambassador says …") comes before the body names the holder.
        holder = role_holder(
            people, role_of(match.group("role")), country_of(match.group("qual"), pats), len(text), unique=True
        )
        if holder:
            mentions.append(Mention(match.start(), match.end(), holder.name, "person"))
    return mentions


def shared_surnames(text: str, people: dict, forms: set[str], named: list[Mention]) -> list[Mention]:
    """ "Kim said" two paragraphs after "Kim Yo-jong" and one after "Kim Jong-un" is Kim
    Jong-un: the bearer named last, if that was in this paragraph or the one before;
    further away it stays ambiguous and names nobody. When that sentence names two bearers
    ("Vice Minister Kim Hong-kyun summoned … after leader Kim Jong-un …"), its subject. Further
    away, the bearer the story named first."""
    found = []
    for form in sorted(forms):
        bearers = {p.name for p in people.values() if form in short_forms(p.name)}
        for match in form_pattern([form]).finditer(text):
            if any(m.start <= match.start() < m.end for m in named):
                continue  # part of a full name
            earlier = [m for m in named if m.name in bearers and m.end <= match.start()]
            before = max(earlier, key=lambda m: m.end, default=None)
            if before:  # two bearers in that sentence: its subject, named first, is the topic
                opening = max(text.rfind(". ", 0, before.start), text.rfind("\n", 0, before.start))
                before = min((m for m in earlier if m.start > opening), key=lambda m: m.start)
            if before and text.count("\n\n", before.end, match.start()) <= 1:
                found.append(Mention(match.start(), match.end(), before.name, "person"))
            elif earlier:  # further away: the story's principal bearer, named first ("Cruz" is Ted Cruz,
                # not the wife and father the story names later)
                first = min(earlier, key=lambda m: m.start)
                found.append(Mention(match.start(), match.end(), first.name, "person"))
    return found


def role_holder(people: dict, role: str, country: str | None, before: int, unique: bool = False):
    """Who "the Russian president" is. "The Japanese leader" is whoever leads Japan. With
    ``unique``, only a role one person holds in the article, and its state must be named."""
    if unique and country is None:
        return None
    fits = (lambda r: any(w in r for w in LEADERS)) if role.lower() == "leader" else (lambda r: role.lower() in r)
    fitting = [
        p
        for p in people.values()
        if p.role and p.start < before and fits(p.role.lower()) and (country is None or p.country == country)
    ]
    if unique:
        return fitting[0] if len(fitting) == 1 else None
    return max(fitting, key=lambda p: p.start) if fitting else None


EXAMPLES = (
    # an official release's "Mr. FAMILY Given" is the prose's "Given Family"
    Example(
        "Mr. HAYASHI Yoshimasa, Chief Cabinet Secretary, said the drills were routine and planned months ago.",
        "person Yoshimasa Hayashi: role Chief Cabinet Secretary ← rule role_after_name",
    ),
    # a shared surname names the bearer named last
    Example(
        "North Korean leader Kim Jong Un watched a launch on Monday. South Korean Foreign Minister Kim Sung-han "
        'met envoys on Tuesday. "We will respond," Kim said.',
        'quote 1 "We will respond": speaker Kim Sung-han ← rule said_after_quote',
    ),
    # a variant spelling is the same person
    Example(
        'Russian Foreign Minister Sergey Lavrov met envoys on Tuesday. "We will respond," Sergei Lavrov said.',
        'quote 1 "We will respond": speaker Sergey Lavrov ← rule said_after_quote',
        absent=("person Sergei",),
    ),
)
