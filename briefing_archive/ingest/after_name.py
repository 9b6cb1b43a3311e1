"""Roles written after a name in forms the appositive pattern (``patterns.name_role``) misses.

- a possessive of anything, not only of a state: "Rear Adm. X, the strike group's commander",
  "Dmitry Peskov, Vladimir Putin's spokesman", "Xue Jian, its consul-general";
- a relative clause: "X, who became prime minister in October" (current), "X, who was prime
  minister from 2001 to 2006" / "who served as digital minister" (former), "Mr Koizumi, who
  took over Japan's defence ministry" (the ministry's minister);
- "until <when>" after the role: "the LDP's secretary-general until October" is a former one;
- "Her predecessor, X": X held the role of the person "her" refers to, and no longer does.

The article's own wording is what counts: these run after the role-before-name patterns,
and ``PeopleFinder.add`` keeps a current role over a former one and a function over a rank.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .examples import Example
from .gazetteer import alternation, load, marked_phrase_list, word_list
from .office_holders import holder_of
from .patterns import NAME, role_of, trailing_name

HONORIFIC = r"(?P<hon>(?:Mr|Mrs|Ms|Dr)\.?\s+)?"
ENDED = re.compile(r"\s+(?:until|till|from\s+\d{4}\s+(?:to|until)\b)")  # "until January"
CURRENT_VERBS = marked_phrase_list("role_clause_verbs", "current")  # "X, who became prime minister"
FORMER_VERBS = marked_phrase_list("role_clause_verbs", "former")  # "X, who served as prime minister"


@lru_cache(maxsize=4)
def clause_patterns(countries: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    roles = alternation(load().titles, "i")
    states = alternation(countries)
    lead = rf"(?<![\w.]){HONORIFIC}{NAME},\s+"
    verbs = alternation(CURRENT_VERBS + FORMER_VERBS)
    possessive = re.compile(
        rf"{lead}(?:(?:the\s+)?(?P<owner>(?:[\w.-]+\s+){{0,2}}[\w.-]+)(?:'s|’s)|its|their)\s+"
        rf"(?P<role>{roles})\b(?P<rest>[^,.;]{{0,40}})"
    )
    clause = re.compile(
        rf"{lead}who\s+(?P<verb>{verbs})\s+(?:the\s+)?(?:(?P<qual>{states})(?:'s|’s)?\s+)?"
        rf"(?P<role>{roles})\b(?P<rest>[^,.;]{{0,40}})"
    )
    ministry = re.compile(
        rf"{lead}who\s+(?:took over|heads|runs|leads|took charge of)\s+(?:the\s+)?"
        rf"(?:(?P<qual>{states})(?:'s|’s)?\s+)?(?P<portfolio>[a-z]+(?:\s+[a-z]+)?)\s+ministry\b"
    )
    predecessor = re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+predecessor,?\s+(?P<hon>){NAME}")
    # "its spokesperson, Navy Senior Col. Xu Chenghua, said": the role before the name, a
    # possessive for whose; a service and rank may stand between (the name's last words count)
    owned = re.compile(
        rf"(?<![\w.])(?:[Ii]ts|[Tt]heir)\s+(?P<hon>)(?P<role>{roles}),\s+"
        rf"(?:[A-Z][\w.]*\s+){{0,3}}?{NAME},"
    )
    return possessive, clause, ministry, predecessor, owned


def add_found(finder, match: re.Match, role: str, country: str | None, rule: str) -> None:
    """The name the clause follows: its last name words ("Former President Dmitry Medvedev,
    who …" is Medvedev); a surname alone only after "Mr"/"Ms" ("Mr Koizumi, who …")."""
    name = trailing_name(match.group("name"))
    surname = re.search(r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+([A-Z][\w'’-]+),\s+$", finder.text[: match.start("name")])
    if len(name.split()) == 1 and surname and not match.group("hon"):
        name = f"{name} {surname.group(1)}"  # "The elder Mr Koizumi, Junichiro, who …"
    if len(name.split()) > 1 or (name and match.group("hon")):
        finder.add_match(match, role, country, name=name, rule=rule)


def titled(role: str) -> str:
    canonical = role_of(role)
    return canonical if canonical != role else " ".join(w[:1].upper() + w[1:] for w in role.split())


def owner_state(owner: str, finder) -> str | None:
    """The state of a possessive's owner: a state itself, a known office-holder, or a person
    the article has already given a state."""
    found = finder.country_in(owner)
    if found:
        return found
    holder = holder_of(owner)
    if holder is not None and holder.country:
        return holder.country
    person = finder.people.get(owner)
    return person.country if person is not None and isinstance(person.country, str) else None


# A state's body named by its kind: "the ministry's spokesman" speaks for the ministry's state.
INSTITUTION_NOUNS = frozenset(word_list("institution_nouns"))


def add_possessive(finder, match: re.Match) -> None:
    role, rest, owner = match.group("role"), match.group("rest"), match.group("owner")
    if owner and (
        owner.lower() in ("his", "her", "their")
        or owner[:1].islower()
        and " " not in owner
        and owner.lower() not in INSTITUTION_NOUNS
    ):
        return  # "his party's …" names a party, not whose official; "the ministry's spokesman" does
    country = (
        owner_state(owner, finder)
        if owner and owner.lower() not in INSTITUTION_NOUNS
        else institution_state(finder, owner, match.start())
        if owner
        else state_before(finder, match.start())
    )
    former = "Former " if ENDED.match(rest) else ""
    add_found(finder, match, former + titled(role), country, "possessive_role_after_name")


def institution_state(finder, noun: str | None, position: int) -> str | None:
    """ "Kim, the ministry's spokesman": the state of the ministry named last before."""
    named = [
        m
        for m in finder.pats.ministry.finditer(finder.text, 0, position)
        if noun and noun.lower() in m.group("name").lower()
    ]
    return finder.pats.countries[named[-1].group("qual")] if named else None


def state_before(finder, position: int, reach: int = 200) -> str | None:
    """What "its" refers to in "Xue Jian, its consul-general": the state named last before."""
    found = list(finder.pats.country.finditer(finder.text, max(0, position - 3 * reach), position))
    # "its" refers to a sentence's subject: the state opening a sentence ("China's … Command,
    # which oversees the waters around Taiwan, said …; its spokesperson") beats one named later
    opening = [m for m in found if re.search(r"(?:^|[.!?]\s+|\n)(?:The\s+)?$", finder.text[: m.start()])]
    found = opening or [m for m in found if m.start() >= position - reach]
    return finder.pats.countries[found[-1].group("name")] if found else None


def add_owned(finder, match: re.Match) -> None:
    """ "its spokesperson, X": the organ or state named last before owns the role."""
    add_found(finder, match, titled(match.group("role")), state_before(finder, match.start()), "its_role_then_name")


def add_clause(finder, match: re.Match) -> None:
    verb, rest = match.group("verb").lower(), match.group("rest")
    former = verb in FORMER_VERBS or bool(ENDED.match(rest))
    country = finder.pats.countries.get(match.group("qual") or "")
    add_found(
        finder, match, ("Former " if former else "") + titled(match.group("role")), country, "relative_clause_role"
    )


def add_ministry(finder, match: re.Match) -> None:
    country = finder.pats.countries.get(match.group("qual") or "")
    add_found(finder, match, titled(f"{match.group('portfolio')} minister"), country, "heads_ministry")


def add_predecessor(finder, match: re.Match) -> None:
    pronoun = finder.text[match.start() : match.start() + 3].lower()
    referent = nearest_person(finder, match.start(), {"her": ("Ms", "Mrs"), "his": ("Mr",)}.get(pronoun, ()))
    if referent is None or not referent.role or referent.role.startswith("Former "):
        return
    country = referent.country if isinstance(referent.country, str) else None
    add_found(finder, match, f"Former {referent.role}", country, "predecessor_of")


def nearest_person(finder, position: int, titles: tuple[str, ...] = (), reach: int = 600):
    """The person named last before ``position`` (by surname), within reach; one the article
    calls by the pronoun's title ("her": "Ms Takaichi") beats a nearer one it never does."""
    best: dict[bool, tuple[int, object]] = {}
    window = finder.text[max(0, position - reach) : position]
    for person in finder.people.values():
        surname = re.escape(person.name.split()[-1])
        titled_so = bool(titles) and re.search(rf"\b(?:{'|'.join(titles)})\.?\s+{surname}\b", finder.text)
        for found in re.finditer(rf"(?<![\w-]){surname}(?![\w-])", window):
            if found.start() > best.get(bool(titled_so), (-1, None))[0]:
                best[bool(titled_so)] = (found.start(), person)
    return (best.get(True) or best.get(False) or (0, None))[1]


def add_roles_after_names(finder) -> None:
    possessive, clause, ministry, _, owned = clause_patterns(tuple(finder.pats.countries))
    for pattern, adder in (
        (clause, add_clause),
        (ministry, add_ministry),
        (possessive, add_possessive),
        (owned, add_owned),
    ):
        for match in pattern.finditer(finder.text):
            adder(finder, match)


# "Victor Cha, a Korea expert at …", "Kim's sister, Kim Yo Jong, a senior official …": a
# full name opening a sentence (or after a kinship phrase) with an apposition is a person,
# though the role in it is no listed one; later "Cha said" is then this person.
WORD = r"[A-ZÀ-ÖØ-Þ][a-zà-ɏ'’]+(?:-[A-Za-zà-ɏ'’]+)*"
INTRODUCED = re.compile(
    rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\s))(?P<name>{WORD}(?:\s+{WORD}){{1,2}}),"
    rf"\s+(?:a|an|the)\s+(?:former\s+)?[\w-]+",
    re.MULTILINE,
)


def add_introduced(finder) -> None:
    for match in INTRODUCED.finditer(finder.text):
        name = match.group("name")
        if (
            before_kinship(finder.text, match.start()) is False
            or finder.known(name)
            or finder.pats.country.search(name)
            or finder.pats.organisation.search(name)
        ):
            continue
        finder.add(
            name, match.start("name"), None, relative_state(finder, match), "role not found", rule="kin_or_aide_of"
        )


def relative_state(finder, match: re.Match) -> str | None:
    """ "Kim's sister, X" or "X, the powerful sister of leader Kim Jong Un": the state of the
    person the apposition ties X to (kin and aides serve their principal's state)."""
    tail = re.split(r"[,.;]", finder.text[match.end() :], maxsplit=1)[0]
    context = finder.text[max(0, match.start() - 40) : match.start()] + " " + match.group(0) + tail
    for person in finder.people.values():
        surname = person.name.split()[-1] if len(person.name.split()) > 1 else person.name
        if (
            isinstance(person.country, str)
            and person.country
            and person.name != match.group("name")
            and re.search(rf"\b{re.escape(surname)}\b", context.replace(match.group("name"), ""))
        ):
            return person.country
    return None


def before_kinship(text: str, start: int) -> bool | None:
    """None at a sentence start; else whether "X's sister, " (a possessive and a lower-case
    noun) stands before, as a name after any other comma is a list's item, not a subject."""
    head = text[max(0, start - 40) : start]
    if not head.endswith(", "):
        return None
    return bool(re.search(r"(?:'s|’s)\s+[a-z]{3,12},\s$", head))


def add_predecessors(finder) -> None:
    """Once everyone else is known (the referent may be named only by "Ms X said")."""
    for match in clause_patterns(tuple(finder.pats.countries))[3].finditer(finder.text):
        add_predecessor(finder, match)


EXAMPLES = (
    Example(
        "Rear Admiral Tom Fields, the strike group's commander, said the drills were routine.",
        "person Tom Fields: role Commander ← rule possessive_role_after_name",
    ),
    Example(
        "Kenji Watanabe, who became prime minister in October, said the drills were routine.",
        "person Kenji Watanabe: role Prime Minister ← rule relative_clause_role",
    ),
    Example(
        "Kenji Watanabe, who was prime minister from 2001 to 2006, said the drills were routine.",
        "person Kenji Watanabe: role Former Prime Minister ← rule relative_clause_role",
    ),
    Example(
        "Mr Watanabe, who took over Japan's defence ministry last year, said the drills were routine.",
        "person Watanabe: role Defence Minister ← rule heads_ministry; country Japan ← rule heads_ministry",
    ),
    Example(
        "Polish Defence Minister Anna Kowalski spoke on Tuesday. Her predecessor, Maria Lenz, said the drills "
        "were routine.",
        "person Maria Lenz: role Former Defence Minister ← rule predecessor_of; country Poland ← rule predecessor_of",
    ),
    Example(
        "The Chinese Embassy issued a statement on Tuesday. Its spokesperson, Li Wen, said the drills were "
        "routine and planned months ago.",
        "person Li Wen: role Spokesperson ← rule role_before_name; country China ← rule its_role_then_name",
    ),
    Example(
        "North Korean leader Kim Jong Un watched the launch. Kim's sister, Kim Yo Jong, a senior party official, "
        "said the drills were a provocation.",
        "person Kim Yo Jong: role (none); country North Korea ← rule kin_or_aide_of",
    ),
)
