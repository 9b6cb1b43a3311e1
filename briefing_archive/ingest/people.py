"""People found by their role: the role next to the name ("Japanese Foreign Minister Taro
Kono", "Sergei Shoigu, Russia's defense minister", "a spokesperson for China's Foreign
Ministry, Mao Ning,", "his Russian counterpart Sergei Shoigu"), with the state they serve.

A ``PeopleFinder`` collects the people of one article; the other people rules (after_name.py,
named_people.py, known_people.py) add to it, and cast.py runs them all in order.
"""

from __future__ import annotations

import re

from .cast_types import Person, take_over
from .examples import Example
from .gazetteer import load
from .names import variant_key
from .office_holders import ROLE_NOTE, holder_of
from .patterns import NOT_NAMES, Patterns, matched_role, name_tokens, trailing_name

# What follows a state's name when a role is held for it: "the Chinese Embassy".
ORGAN = re.compile(
    r"\s+(?i:(?:foreign|defen[cs]e|interior)\s+(?:ministry|office)|ministry|embassy|consulate|"
    r"government|military|navy|army|air force|coast guard|mission|delegation|cabinet)\b"
)
# A state's named command or service ("U.S. Indo-Pacific Command", "U.S. Forces Japan",
# "Japan Coast Guard"): its officer serves that state. "German Marshall Fund" names no organ.
NAMED_ORGAN = re.compile(
    r"(?:\s+[A-Z][\w-]*){0,3}?\s+(?:Command|Fleet|Forces|Force|Army|Navy|Corps|Guard|Agency|"
    r"Ministry|Department|Embassy)\b"
)


NO_STATE = ""  # an international organisation's official: no state to guess


def country_of(qual: str | None, pats: Patterns) -> str | None:
    if not qual:
        return None
    if qual in pats.countries:
        return pats.countries[qual]
    return load().org_country.get(pats.organisations.get(qual, ""), NO_STATE)


class PeopleFinder:
    """The people of one article as the rules find them; ``spans`` are the role phrases
    matched, which hide the states named inside them."""

    def __init__(self, text: str, pats: Patterns):
        self.text, self.pats = text, pats
        self.people: dict[str, Person] = {}
        self.spellings: dict[str, str] = {}  # the article's spelling → the registry's name
        self.spans: list[tuple[int, int]] = []  # role phrases, which hide the states inside them

    def add(
        self,
        raw: str,
        start: int,
        role: str | None,
        country: str | None,
        note: str | None = None,
        *,
        rule: str | None = None,
    ):
        """Add or complete the person ``raw`` names; ``rule`` is the rule that found role and country."""
        tokens = name_tokens(self.without_titles(raw))  # "Senior Colonel Shi Yi" is Shi Yi
        if not tokens:
            return None
        name = " ".join(tokens)
        if name in self.pats.countries or name in self.pats.organisations or name in load().capitals:
            return None
        person = self.people.setdefault(name, Person(name, start=start))
        person.start = min(person.start, start)
        if (
            person.role is None
            or (role and ROLE_NOTE in person.notes)
            or (role and person.role in load().rank_titles and role not in load().rank_titles)
            or (role and person.role.startswith("Former ") and not role.startswith("Former "))
        ):
            person.role, person.role_rule = role, rule if role else None
            # "Senior Colonel Shi Yi, spokesman for …": the function is the role;
            # "former prime minister Taro Aso, now vice president of …": the current one is;
            # the office-holders list only fills a gap the article leaves
            person.notes = [n for n in person.notes if n != ROLE_NOTE]
        if person.country is None:
            person.country, person.country_rule = country, rule if country is not None else None
        if note and note not in person.notes:
            person.notes.append(note)
        return person

    def add_match(
        self,
        match: re.Match,
        role: str | None,
        country: str | None,
        note=None,
        name: str | None = None,
        *,
        rule: str | None = None,
    ):
        name = match.group("name") if name is None else name
        start = match.start("name") + len(match.group("name")) - len(name)
        person = self.add(name, start, role, country, note, rule=rule)
        if person is not None:
            self.spans.append((match.start(), match.end()))
        return person

    def find(self) -> None:
        """The role-and-name patterns: role before name, name then role, "a spokesperson for
        X, Name,", "his counterpart Name"."""
        for match in self.pats.role_name.finditer(self.text):
            # "Japan's top government spokesman, Chief Cabinet Secretary X": the role by the name
            inner = self.pats.role_name.match(self.text, match.start("name"))
            country = country_of(match.group("qual"), self.pats)
            role = matched_role(match)
            if inner:
                match, country = inner, country_of(inner.group("qual"), self.pats) or country
                # "press secretary Brig. Gen. X": the function is the role, not the rank
                inner_role = matched_role(inner)
                role = role if inner_role in load().rank_titles and role not in load().rank_titles else inner_role
            self.add_match(match, role, country, rule="role_before_name")
        for match in self.pats.name_role.finditer(self.text):
            country = country_of(match.group("qual"), self.pats) or self.country_in(match.group("tail"))
            name = trailing_name(match.group("name"))
            if len(name.split()) > 1:  # "In Beijing, Chinese … spokesman Zhao" names nobody
                self.add_match(match, matched_role(match), country, name=name, rule="role_after_name")
        for match in self.pats.role_for_name.finditer(self.text):
            self.add_match(
                match, matched_role(match), self.country_in(match.group("tail")), rule="role_for_body_then_name"
            )
        for match in self.pats.counterpart.finditer(self.text):
            self.add_counterpart(match)

    def country_in(self, tail: str | None) -> str | None:
        """The state a role is held for: "of Russia", "at China's Foreign Ministry", "for the
        Chinese Embassy", "for the PLA", but not the German of "the German Marshall Fund"."""
        tail = (tail or "").strip(" .")
        for found in self.pats.country.finditer(tail):
            after = tail[found.end() :]
            if (
                re.fullmatch(r"(?:the\s+)?", tail[: found.start()])
                and not after
                or re.match(r"(?:'s|’s)\s", after)
                or ORGAN.match(after)
                or (not tail[: found.start()].strip() and NAMED_ORGAN.match(after))
            ):
                return self.pats.countries[found.group("name")]
        organisation = self.pats.organisation.search(tail)
        return load().org_country.get(self.pats.organisations[organisation.group("name")]) if organisation else None

    def add_counterpart(self, match: re.Match) -> None:
        """ "his Russian counterpart X": X holds the role of the person "his" refers to."""
        referent = self.last_person_before(match.start())
        country = country_of(match.group("qual"), self.pats)
        note = None if country else "country guessed as the other side's"
        role = referent.role if referent else None
        person = self.add_match(match, role, country, note, rule="counterpart")
        if person is not None and person.country is None and referent is not None:
            person.country = ("?other", referent.country)  # settled once all states are known
            person.country_rule = "counterpart_other_side"

    def last_person_before(self, position: int) -> Person | None:
        sentence_start = max(self.text.rfind(". ", 0, position), self.text.rfind("\n", 0, position))
        best = None
        for person in self.people.values():
            for match in re.finditer(re.escape(person.name.split()[-1]), self.text[sentence_start:position]):
                if best is None or match.start() + sentence_start > best[0]:
                    best = (match.start() + sentence_start, person)
        return best[1] if best else None

    def merge_surnames(self) -> None:
        """ "Abe" found with a role joins "Shinzo Abe" found elsewhere."""
        full = [p for p in self.people.values() if len(p.name.split()) > 1]
        for short in [p for p in self.people.values() if len(p.name.split()) == 1]:
            owners = [p for p in full if short.name in (p.name.split()[0], p.name.split()[-1])]
            if len(owners) > 1 and short.role:  # "North Korean leader Kim": the Kim who leads
                owners = [p for p in owners if p.role == short.role and p.country == short.country]
            if len(owners) == 1:
                owner = owners[0]
                take_over(owner, short)
                owner.start = min(owner.start, short.start)
                del self.people[short.name]

    def is_entity(self, word: str) -> bool:
        return (
            bool(self.pats.country.fullmatch(word) or self.pats.organisation.fullmatch(word)) or word in load().capitals
        )

    def known_word(self, word: str) -> bool:
        """A capitalised word that is an entity, a known person's name or not a name."""
        return (
            any(word in p.name.split() for p in self.people.values())
            or word in NOT_NAMES
            or bool(self.pats.country.fullmatch(word) or self.pats.organisation.fullmatch(word))
            or word in load().capitals
            or word.lower() in load().titles
            or word.lower() + "." in load().titles
        )

    def without_titles(self, name: str) -> str:
        """ "Spokesman Dmitry Peskov" → "Dmitry Peskov": role words are not names."""
        if holder_of(name) is not None:
            return name  # a listed name whose first word reads as a rank: "Gen Nakatani"
        role_words = {w for title in load().titles for w in title.split()}
        tokens = name.split()
        while tokens and (
            tokens[0].lower() in role_words or tokens[0] in self.pats.countries or tokens[0] in self.pats.organisations
        ):
            tokens.pop(0)
        return " ".join(tokens)

    def known(self, name: str) -> bool:
        """A person already found under these name words (hyphens and spellings aside), an
        outlet ("The Korea Herald asked"), or no full name at all."""
        if re.sub(r"^(?:The|the)\s+", "", name).lower() in load().outlets:
            return True
        tokens = set(variant_key(" ".join(name_tokens(name)).replace("-", " ")).split())
        return (
            any(tokens <= set(variant_key(p.name.replace("-", " ")).split()) for p in self.people.values())
            or len(tokens) < 2
            or bool(self.pats.country.search(name) or self.pats.organisation.search(name))
        )


EXAMPLES = (
    Example(
        "Japanese Foreign Minister Kenji Watanabe said the drills were routine and planned months ago.",
        "person Kenji Watanabe: role Foreign Minister ← rule role_before_name; country Japan ← rule role_before_name",
    ),
    Example(
        "Kenji Watanabe, Japan's foreign minister, said the drills were routine and planned months ago.",
        "person Kenji Watanabe: role Foreign Minister ← rule role_after_name; country Japan ← rule role_after_name",
    ),
    Example(
        "A spokesperson for China's Foreign Ministry, Li Wen, said the drills were routine.",
        "person Li Wen: role Spokesperson ← rule role_for_body_then_name; country China ← rule role_for_body_then_name",
    ),
    Example(
        "The talks lasted three hours.\n\nJapanese Foreign Minister Kenji Watanabe met his Chinese counterpart "
        "Li Wen in Tokyo on Tuesday.",
        "person Li Wen: role Foreign Minister ← rule counterpart; country China ← rule counterpart",
    ),
    # a counterpart of no stated state serves the other side the story names most
    Example(
        "The talks lasted three hours.\n\nJapanese Foreign Minister Kenji Watanabe met his counterpart Li Wen in "
        "Tokyo on Tuesday.\n\nChina has sent warships near the islands. China says the drills are routine.",
        "person Li Wen: role Foreign Minister ← rule counterpart; country China ← rule counterpart_other_side",
    ),
    # a capital city as a subject is its state speaking, and no person
    Example(
        '"The drills must stop," Beijing said on Tuesday.',
        'quote 1 "The drills must stop": speaker China ← rule said_after_quote',
        absent=("person Beijing",),
    ),
)
