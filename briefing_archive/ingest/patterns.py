"""Regular expressions built from the gazetteers and the registry, once per registry.

People are found by their role ("Japanese Foreign Minister Taro Kono", "Sergei
Shoigu, Russia's defense minister", "his Russian counterpart Sergei Shoigu");
states by name, demonym or abbreviation; institutions by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import alternation, literal_alternation, load, phrase_list, word_list

# Latin Extended letters too: "Nausėda", "Erdoğan" are one word, not "Naus" + junk.
# A capital with an accent opens a name too ("Éamon", "Ó Laoghaire", "Åsa").
TOKEN = r"(?:(?:[A-Z]\.){2,3}|[A-ZÀ-ÖØ-ÞḀ-Ỿ][A-Za-zÀ-ɏḀ-ỿ]*(?:[-'’][A-Za-zÀ-ɏḀ-ỿ]+)*\.?)"  # "G.K." too
# Irish particles of one or two letters ("Donnchadh Ó Laoghaire", "Máire Ní Bhriain"): a word
# of the name, though shorter than any other
SHORT_PARTICLES = frozenset(word_list("name_particles"))
PARTICLE = r"(?:(?:al|el|bin|ibn|de|da|van|von|der|den|le|la|di)[- ]){0,2}"  # "von der Leyen"
# Words of a name are on one line: a paragraph break never joins two names.
NAME = rf"(?P<name>{TOKEN}(?:[ ]+{PARTICLE}{TOKEN}){{0,3}})"
NAME2 = rf"(?P<name>{TOKEN}(?:[ ]+{PARTICLE}{TOKEN}){{1,3}})"  # at least two words
# Capitalised words that end a name or are never one.
NOT_NAMES = frozenset(word_list("not_names"))
NAME_SUFFIXES = frozenset(word_list("name_suffixes"))  # "Teodoro Locsin Jr." is Mr Locsin
# "It said" opening a sentence: an institution named as the last sentence's subject
PRONOUNS = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ww]ho|It(?=\s+(?:also\s+)?(?:[a-z]+ed|said|says|told)\b))\b")
# A person called by what they are, as a pronoun would ("said the Democratic nominee", "the
# billionaire businessman says"): whoever was named last before. Office titles are read by
# role (``role_reference``); "the official" names someone else, unnamed.
PERSON_NOUNS = re.compile(
    r"\b[Tt]he\s+(?:(?:[A-Z][\w.-]*|[a-z][\w-]*)\s+){0,3}?"
    rf"(?P<noun>{literal_alternation(word_list('person_nouns'))})\b(?!\s+[A-Z])"
)
# A document that speaks for whoever issued it: "the statement said", "the email went on".
DOCUMENTS = re.compile(rf"\b[Tt]he\s+(?P<noun>{literal_alternation(phrase_list('document_nouns', 'issued'))})\b")


@dataclass(frozen=True)
class Patterns:
    country: re.Pattern  # a state's name, abbreviation or demonym
    capital: re.Pattern  # a capital used for its state ("Beijing said")
    organisation: re.Pattern
    ministry: re.Pattern  # "Russian Defense Ministry", "Japan's Foreign Ministry"
    role_name: re.Pattern  # [qualifier] role Name
    name_role: re.Pattern  # Name, [the] [qualifier] role [of …]
    counterpart: re.Pattern  # his [demonym] counterpart Name
    role_for_name: re.Pattern  # a spokesperson for China's Foreign Ministry, Name,
    role_reference: re.Pattern  # "the Russian president" (no name)
    possessive_reference: re.Pattern  # "China's ambassador says" (no name; a summary box)
    countries: dict[str, str]
    organisations: dict[str, str]


# The fixed parts of the role patterns.
# "former" is kept in the role ("Former Prime Minister"); "now" opens a current role
MODIFIER = r"(?:(?P<mod>former|then|acting|new|outgoing|top|incoming|now)[- ])?(?:(?P<mod2>acting)[- ])?"
# "President-elect Yoon", "defense minister nominee Lee": a role not yet held
PENDING = r"(?P<pending>-elect|-designate|\s+nominee|\s+designate)?"
EARLIER = r"(?i:(?P<mod0>former|then)\s+)?"  # "former Japanese prime minister X"
# "U.S. Marine Lt. Gen. X", "Chinese Navy spokesman X": the service between state and role
SERVICE = r"(?:(?:Marine|Army|Navy|Air Force|Coast Guard|Space Force)\s+)?"
EDGE = r"(?<![\w.])"  # a name starts no word and follows no abbreviation's dot


def qualifier(countries: str, organisations: str) -> str:
    return rf"(?:(?P<qual>{countries}|{organisations})(?:'s|’s)?\s+)"


def build(country_names: dict[str, str], organisation_names: dict[str, str]) -> Patterns:
    gaz = load()
    countries = alternation(country_names)
    organisations = alternation(organisation_names)
    ministries = alternation(gaz.ministries, "i")
    roles = alternation(gaz.titles, "i")
    qual = qualifier(countries, organisations)
    role_name, name_role = role_and_name(countries, organisations, ministries, roles)
    return Patterns(
        # "South China Sea", "Philippine Sea": seas, not states
        # "Latin America", "North America": continents, not "America" the state
        country=re.compile(
            rf"{EDGE}(?<!South )(?<!East )(?<!Latin )(?<!North )(?<!Central )"
            rf"(?P<name>{countries})(?![\w])(?!\s+Sea\b)"
        ),
        capital=re.compile(
            rf"(?<!\b[Ii]n )(?<!\b[Tt]o )(?<!\b[Aa]t )(?<!\b[Oo]f )(?<!\b[Ff]rom )"
            rf"\b(?P<name>{alternation(gaz.capitals)})(?=(?:'s|’s)\s|\s+(?:has|have|had|is|"
            r"was|will|would|says?|said|accused|warned|urged|called|insisted|responded)\b)"
        ),
        organisation=re.compile(rf"{EDGE}(?P<name>{organisations})(?![\w])"),
        ministry=re.compile(rf"{EDGE}(?P<qual>{countries})(?:'s|’s)?\s+(?P<name>{ministries})\b"),
        role_name=role_name,
        name_role=name_role,
        counterpart=re.compile(
            rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?P<qual>{countries})\s+)?"
            rf"counterparts?,?\s+{NAME}"
        ),
        role_for_name=re.compile(
            rf"\b(?:[Aa]n?|[Tt]he)\s+(?P<role>{roles})\s+(?:for|of|at)\s+"
            rf"(?:the\s+)?(?P<tail>[^,.;]{{2,50}}),\s+{NAME2},"
        ),
        role_reference=re.compile(rf"\b[Tt]he\s+{qual}?(?P<role>{roles})\b(?!\s+[A-Z])"),
        possessive_reference=re.compile(
            rf"{EDGE}(?P<qual>{countries})(?:'s|’s)\s+(?P<role>{roles})\b"
            rf"(?!\s+[A-Z]|,)"
        ),
        countries=country_names,
        organisations=organisation_names,
    )


def role_and_name(
    countries: str, organisations: str, ministries: str, roles: str
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of a role then a name ("Japanese Foreign Minister Taro Kono") and of a
    name then its role ("Sergei Shoigu, Russia's defense minister")."""
    qual = qualifier(countries, organisations)
    # "Russian Ambassador to Japan Mikhail Galuzin": the host state between role and name
    posted = rf"(?:\s+to\s+(?:the\s+)?(?:{countries}|{organisations}))?"  # "US ambassador to Nato Julianne Smith"
    org_part = rf"(?:(?:{ministries}|{organisations})\s+)?"
    # "PLA Eastern Theater Command spokesman Shi Yi": the body's own name between qualifier and role
    role_name = re.compile(
        rf"{EDGE}{EARLIER}{qual}?(?:(?<=\s)(?:[A-Z][\w-]+\s+){{1,3}}?)??{SERVICE}"
        rf"(?i:{MODIFIER}){org_part}(?P<role>{roles})"
        rf"(?i:{PENDING})(?:\s+and\s+(?P<role2>{roles}))?{posted},?\s+{NAME}"
    )
    # "X, the Labour MEP for Dublin", "Y, a Democratic senator": a party or body before the role
    name_role = re.compile(
        rf"{NAME2},\s+(?:who\s+is\s+)?(?:(?:the|a|an)\s+)?{qual}?"
        rf"(?:[A-Z][\w-]+\s+){{0,2}}?(?i:{MODIFIER}){org_part}"
        rf"(?P<role>{roles})\b(?i:{PENDING})(?:\s+and\s+(?P<role2>{roles})\b)?"
        rf"(?:\s+(?:of|for|at|to|in)\s+(?:the\s+)?"
        rf"(?P<tail>[\w'’ .-]{{2,80}}))?"
    )
    return role_name, name_role


def is_name_word(token: str) -> bool:
    bare = token.rstrip(".")
    return bare in SHORT_PARTICLES or not (
        bare in NOT_NAMES or (bare.isupper() and len(bare) > 1) or len(bare) < 2 or re.search(r"(?:'s|’s)$", bare)
    )


def trailing_name(name: str) -> str:
    """The name words that end ``name``: "February. Yoshihide Suga" → "Yoshihide Suga"
    (a match before ", Japan's prime minister" may start too early)."""
    kept: list[str] = []
    for token in reversed(name.split()):
        suffix = not kept and token.rstrip(".") in NAME_SUFFIXES
        if not suffix and (not is_name_word(token) or (kept and token.endswith("."))):
            break  # "February." ends the sentence before the name
        kept.insert(0, token)
    return " ".join(kept)


def name_tokens(name: str) -> list[str]:
    """``name`` cut at the first word that cannot be part of a person's name."""
    tokens: list[str] = []
    words = name.split()
    for index, token in enumerate(words):
        if (
            re.fullmatch(r"[A-Z]\.", token)
            and tokens
            and index + 1 < len(words)
            or re.fullmatch(r"(?:[A-Z]\.){2,3}", token)
            and index + 1 < len(words)
        ):
            tokens.append(token)  # initials: "George W. Bush", "G.K. Butterfield"
            continue
        if token.rstrip(".") in NAME_SUFFIXES and tokens:
            tokens.append(token.rstrip("."))
            continue
        bare = re.sub(r"(?:'s|’s)$", "", token).rstrip(".")
        if bare not in SHORT_PARTICLES and (bare in NOT_NAMES or (bare.isupper() and len(bare) > 1) or len(bare) < 2):
            break
        tokens.append(bare)
        if bare != token.rstrip("."):
            break  # a possessive ends the name
        if token.endswith(".") and len(bare) > 2 and not bare.isupper():
            break  # "President Obama.  Trump avoids …": a full stop ends the sentence and the name
    return tokens


def role_of(phrase: str) -> str:
    return load().titles.get(phrase.lower(), phrase)


def base_role(role: str) -> str:
    """The office itself: "Former Acting President" and "President-elect" are the President's."""
    role = re.sub(r"^(?:Former\s+)?(?:Acting\s+)?", "", role)
    return re.sub(r"(?:-elect|-designate|\s+Nominee|\s+Designate)$", "", role)


def matched_role(match: re.Match) -> str:
    """The role a pattern found: "Deputy Prime Minister and Defence Minister" when two are
    joined, "Former Prime Minister" when the person no longer holds it."""
    groups = match.groupdict()
    role = role_of(groups["role"])
    if groups.get("role2"):
        role = f"{role} and {role_of(groups['role2'])}"
    modifiers = " ".join(groups.get(key) or "" for key in ("mod", "mod0", "mod2")).lower()
    pending = (groups.get("pending") or "").strip().lower()
    if pending:
        role = f"{role}-{pending.lstrip('-')}" if pending.startswith("-") else f"{role} {pending.title()}"
    role = f"Acting {role}" if "acting" in modifiers else role
    return f"Former {role}" if "former" in modifiers else role
