"""Who is in the article: people with role and country, states, organisations.

Also every *mention* of them (full name, surname, "the Russian president",
"the Japanese", "Beijing said", a pronoun) with its position, so that quotes can
be attributed to the nearest subject.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .after_name import add_introduced, add_predecessors, add_roles_after_names
from .cast_types import Cast, Mention, Person
from .gazetteer import is_given_name, load, word_list
from .marks import quote_spans
from .meta import is_title_case
from .names import merge_variants, person_mentions, variant_key
from .office_holders import ROLE_NOTE, apply_office_holders, holder_of
from .patterns import (DOCUMENTS, NAME_SUFFIXES, NOT_NAMES, PERSON_NOUNS, PRONOUNS, Patterns, matched_role, name_tokens, role_of,
                       trailing_name)
from .states import country_mentions, organisation_mentions, settle_counterparts, settle_home_states

# What follows a state's name when a role is held for it: "the Chinese Embassy".
ORGAN = re.compile(r"\s+(?i:(?:foreign|defen[cs]e|interior)\s+(?:ministry|office)|ministry|embassy|consulate|"
                   r"government|military|navy|army|air force|coast guard|mission|delegation|cabinet)\b")
# A state's named command or service ("U.S. Indo-Pacific Command", "U.S. Forces Japan",
# "Japan Coast Guard"): its officer serves that state. "German Marshall Fund" names no organ.
NAMED_ORGAN = re.compile(r"(?:\s+[A-Z][\w-]*){0,3}?\s+(?:Command|Fleet|Forces|Force|Army|Navy|Corps|Guard|Agency|"
                         r"Ministry|Department|Embassy)\b")


NO_STATE = ""  # an international organisation's official: no state to guess


def country_of(qual: str | None, pats: Patterns) -> str | None:
    if not qual:
        return None
    if qual in pats.countries:
        return pats.countries[qual]
    return load().org_country.get(pats.organisations.get(qual, ""), NO_STATE)


class PeopleFinder:
    def __init__(self, text: str, pats: Patterns):
        self.text, self.pats = text, pats
        self.people: dict[str, Person] = {}
        self.spellings: dict[str, str] = {}  # the article's spelling → the registry's name
        self.spans: list[tuple[int, int]] = []  # role phrases, which hide the states inside them

    def add(self, raw: str, start: int, role: str | None, country: str | None, note: str | None = None):
        tokens = name_tokens(self.without_titles(raw))  # "Senior Colonel Shi Yi" is Shi Yi
        if not tokens:
            return None
        name = " ".join(tokens)
        if name in self.pats.countries or name in self.pats.organisations or name in load().capitals:
            return None
        person = self.people.setdefault(name, Person(name, start=start))
        person.start = min(person.start, start)
        if person.role is None or (role and ROLE_NOTE in person.notes) \
                or (role and person.role in load().rank_titles and role not in load().rank_titles) \
                or (role and person.role.startswith("Former ") and not role.startswith("Former ")):
            person.role = role  # "Senior Colonel Shi Yi, spokesman for …": the function is the role;
            # "former prime minister Taro Aso, now vice president of …": the current one is;
            # the office-holders list only fills a gap the article leaves
            person.notes = [n for n in person.notes if n != ROLE_NOTE]
        person.country = country if person.country is None else person.country
        if note and note not in person.notes:
            person.notes.append(note)
        return person

    def add_match(self, match: re.Match, role: str | None, country: str | None, note=None,
                  name: str | None = None):
        name = match.group("name") if name is None else name
        start = match.start("name") + len(match.group("name")) - len(name)
        person = self.add(name, start, role, country, note)
        if person is not None:
            self.spans.append((match.start(), match.end()))
        return person

    def find(self) -> None:
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
            self.add_match(match, role, country)
        for match in self.pats.name_role.finditer(self.text):
            country = country_of(match.group("qual"), self.pats) or self.country_in(match.group("tail"))
            name = trailing_name(match.group("name"))
            if len(name.split()) > 1:  # "In Beijing, Chinese … spokesman Zhao" names nobody
                self.add_match(match, matched_role(match), country, name=name)
        for match in self.pats.role_for_name.finditer(self.text):
            self.add_match(match, matched_role(match), self.country_in(match.group("tail")))
        for match in self.pats.counterpart.finditer(self.text):
            self.add_counterpart(match)

    def country_in(self, tail: str | None) -> str | None:
        """The state a role is held for: "of Russia", "at China's Foreign Ministry", "for the
        Chinese Embassy", "for the PLA", but not the German of "the German Marshall Fund"."""
        tail = (tail or "").strip(" .")
        for found in self.pats.country.finditer(tail):
            after = tail[found.end():]
            if re.fullmatch(r"(?:the\s+)?", tail[:found.start()]) and not after \
                    or re.match(r"(?:'s|’s)\s", after) or ORGAN.match(after) \
                    or (not tail[:found.start()].strip() and NAMED_ORGAN.match(after)):
                return self.pats.countries[found.group("name")]
        organisation = self.pats.organisation.search(tail)
        return load().org_country.get(self.pats.organisations[organisation.group("name")]) \
            if organisation else None

    def add_counterpart(self, match: re.Match) -> None:
        """"his Russian counterpart X": X holds the role of the person "his" refers to."""
        referent = self.last_person_before(match.start())
        country = country_of(match.group("qual"), self.pats)
        note = None if country else "country guessed as the other side's"
        role = referent.role if referent else None
        person = self.add_match(match, role, country, note)
        if person is not None and person.country is None and referent is not None:
            person.country = ("?other", referent.country)  # settled once all states are known

    def last_person_before(self, position: int) -> Person | None:
        sentence_start = max(self.text.rfind(". ", 0, position), self.text.rfind("\n", 0, position))
        best = None
        for person in self.people.values():
            for match in re.finditer(re.escape(person.name.split()[-1]), self.text[sentence_start:position]):
                if best is None or match.start() + sentence_start > best[0]:
                    best = (match.start() + sentence_start, person)
        return best[1] if best else None

    def merge_surnames(self) -> None:
        """"Abe" found with a role joins "Shinzo Abe" found elsewhere."""
        full = [p for p in self.people.values() if len(p.name.split()) > 1]
        for short in [p for p in self.people.values() if len(p.name.split()) == 1]:
            owners = [p for p in full if short.name in (p.name.split()[0], p.name.split()[-1])]
            if len(owners) > 1 and short.role:  # "North Korean leader Kim": the Kim who leads
                owners = [p for p in owners if p.role == short.role and p.country == short.country]
            if len(owners) == 1:
                owner = owners[0]
                owner.role, owner.country = owner.role or short.role, owner.country or short.country
                owner.start = min(owner.start, short.start)
                del self.people[short.name]

    def add_speaking_names(self, verbs: str) -> None:
        """Names right beside a reporting verb ("Smith said", "said John Smith"); a surname
        alone where a sentence or clause opens, or by a closing quote (""…," Corker said")."""
        full_names, surnames = speaking_patterns(verbs)
        for pattern in full_names:
            for match in pattern.finditer(self.text):
                name = self.without_common_words(self.without_titles(match.group("name")))
                if len(name_tokens(name)) > 1 and not self.known(name) and not outlets_reporter(self.text, match.start()) \
                        and not self.pats.country.search(self.text, max(match.start() - 20, 0), match.end()):
                    self.add(name, match.start("name"), None, None, "role not found")
        for pattern in surnames:
            for match in pattern.finditer(self.text):
                if not self.known_word(match.group("name")) and not self.is_group(match.group("name")):
                    self.add(match.group("name"), match.start("name"), None, None,
                             "full name and role not found")

    def without_common_words(self, name: str) -> str:
        """"Although Tokyo", "So Labor": a sentence's opening word is no part of the name
        when the article uses it in lower case elsewhere."""
        tokens = name.split()
        while len(tokens) > 1 and (re.search(rf"\b{re.escape(tokens[0].lower())}\b", self.text)
                                   or (len(tokens) > 2 and is_given_name(tokens[1]) and not is_given_name(tokens[0]))):
            tokens.pop(0)  # and "Republican Donald Trump" is Donald Trump
        return " ".join(tokens)

    def is_group(self, word: str) -> bool:
        """"Democrats said", "Officials said": a plural, not a surname ("Sanders" is one)."""
        return word in GROUPS or (word.endswith("s") and re.search(rf"\b{re.escape(word[:-1])}\b", self.text)
                                  is not None) or word.lower() in load().outlets

    def add_named_people(self) -> None:
        """People the article names without a role ("Brent Bozell", "John F. Kennedy"): a known
        first name opening a run of capitalised name words, in prose, outside quotes."""
        quoted = quoted_ranges(self.text)
        for run in NAME_RUN.finditer(self.text):
            if any(start <= run.start() < end for start, end in quoted) or not in_prose(self.text, run):
                continue
            words = run.group(0).split()
            for index, word in enumerate(words):
                if word in VESSELS:
                    break  # "USS Robert Smalls": a ship
                if word.rstrip(".") in NOT_NAMES or word in NOT_GIVEN or self.is_entity(word) \
                        or not is_given_name(word):
                    continue
                tokens = name_tokens(self.without_titles(" ".join(words[index:])))
                name = " ".join(tokens)
                if len(tokens) > 1 and not self.known(name) and not self.is_entity(tokens[-1]):
                    person = self.add(name, run.start() + run.group(0).index(word), None, None, "role not found")
                    if person is not None and person.role is None:
                        person.by_name_only = True
                break

    def is_entity(self, word: str) -> bool:
        return bool(self.pats.country.fullmatch(word) or self.pats.organisation.fullmatch(word)) \
            or word in load().capitals

    def known_word(self, word: str) -> bool:
        """A capitalised word that is an entity, a known person's name or not a name."""
        return any(word in p.name.split() for p in self.people.values()) or word in NOT_NAMES \
            or bool(self.pats.country.fullmatch(word) or self.pats.organisation.fullmatch(word)) \
            or word in load().capitals or word.lower() in load().titles or word.lower() + "." in load().titles

    def without_titles(self, name: str) -> str:
        """"Spokesman Dmitry Peskov" → "Dmitry Peskov": role words are not names."""
        if holder_of(name) is not None:
            return name  # a listed name whose first word reads as a rank: "Gen Nakatani"
        role_words = {w for title in load().titles for w in title.split()}
        tokens = name.split()
        while tokens and (tokens[0].lower() in role_words or tokens[0] in self.pats.countries
                          or tokens[0] in self.pats.organisations):
            tokens.pop(0)
        return " ".join(tokens)

    def known(self, name: str) -> bool:
        """A person already found under these name words (hyphens and spellings aside), an
        outlet ("The Korea Herald asked"), or no full name at all."""
        if re.sub(r"^(?:The|the)\s+", "", name).lower() in load().outlets:
            return True
        tokens = set(variant_key(" ".join(name_tokens(name)).replace("-", " ")).split())
        return any(tokens <= set(variant_key(p.name.replace("-", " ")).split()) for p in self.people.values()) or \
            len(tokens) < 2 or bool(self.pats.country.search(name) or self.pats.organisation.search(name))


# Capitalised words and initials on one line: where a person's name may stand.
NAME_RUN = re.compile(r"(?<![\w'’.-])(?:[A-ZÀ-ÖØ-ÞḀ-Ỿ][\w'’.-]*)(?:[ ]+(?:[A-ZÀ-ÖØ-ÞḀ-Ỿ][\w'’.-]*))+")


@lru_cache(maxsize=4)
def speaking_patterns(verbs: str) -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """(full names, surnames alone) beside a reporting verb, compiled once."""
    word = r"[A-ZÀ-ÖØ-ÞḀ-Ỿ][a-zÀ-ɏḀ-ỿ'’]+(?:-[A-Za-zÀ-ɏḀ-ỿ'’]+)*"  # "Jean-Yves", "Lee In-young", "Éamon"
    name = rf"(?<![\w-])(?P<name>{word}(?:\s+(?:Ó\s+)?{word}){{1,2}})"  # "Aodhán Ó Ríordáin"
    surname = r"(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    full = (rf"{name}\s+(?:{verbs})\b", rf"\b(?:{verbs}|[Aa]ccording to)\s+{name}", rf"[,.!?][\"”]\s*{name},")
    alone = (rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[,;:]\s)|(?<=[\"”]\s)){surname}\s+(?:{verbs})\b",
             # ""It's very exciting!" the 33-year-old Stelmokas exclaimed"
             rf"[\"”]\s*the\s+(?:[\w-]+\s+){{1,2}}?{surname}\s+(?:{verbs})\b",
             rf"[\"”]\s*(?:{verbs})\s+{surname}\b(?![ ]+[A-Z]|\.[ ]+[A-Z])")
    return tuple(re.compile(p) for p in full), tuple(re.compile(p, re.MULTILINE) for p in alone)


GROUPS = frozenset(word_list("group_nouns"))  # "Democrats said": a group, not a surname
NOT_GIVEN = frozenset(word_list("not_given_names"))  # "San", "May": no given name here
VESSELS = frozenset(word_list("vessel_prefixes"))  # "USS Robert Smalls": a ship


def in_prose(text: str, run: re.Match) -> bool:
    """A name in a sentence, not on a byline ("By Jane Doe", a bare name line, "(By X and Y)",
    "DW's Teri Schultz reports")."""
    start = text.rfind("\n", 0, run.start()) + 1
    end = text.find("\n", run.end())
    paragraph = text[start:end if end >= 0 else len(text)]
    return len(paragraph.split()) >= 8 and not re.search(r"(?i)\bby\s+$", text[start:run.start()]) \
        and not is_title_case(paragraph) and not outlets_reporter(text, run.start())


def outlets_reporter(text: str, start: int) -> bool:
    """"DW's Teri Schultz reports": the outlet's own journalist, no actor of the story."""
    owner = re.search(r"([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})['’]s\s+$", text[max(0, start - 40):start])
    return bool(owner) and owner.group(1).lower() in load().outlets


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges, offset = [], 0
    for paragraph in text.split("\n\n"):
        ranges += [(s.start, s.end) for s in quote_spans(paragraph, offset)]
        offset += len(paragraph) + 2
    return ranges


def within(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def add_registry_people(finder: PeopleFinder, known_people) -> None:
    """Registry people named in the text (by name or alias) join under their canonical name."""
    for names, canonical, role, country in known_people:
        where = [m.start() for n in names for m in re.finditer(rf"(?<![\w-]){re.escape(n)}(?![\w-])", finder.text)]
        if not where:
            continue
        existing = next((p for p in finder.people.values() if p.name in names), None)
        if existing is not None and existing.name != canonical:
            del finder.people[existing.name]
            existing.name = canonical
            finder.people[canonical] = existing
        person = existing or finder.people.setdefault(canonical, Person(canonical, start=min(where)))
        person.role = person.role or role
        if country and (person.country is None or isinstance(person.country, tuple)):
            person.country = country  # the registry beats a guess
            person.notes = [note for note in person.notes if "guess" not in note]


def merge_registry_spellings(finder: PeopleFinder, known_people) -> None:
    """A person the article spells in a way the registry does not list ("Sergej Lavrov" for
    the registry's Sergei Lavrov, alias Sergey Lavrov) is drafted under the canonical name
    (the variant spellings were merged already), with a note to add the new spelling as an alias."""
    listed = {name for names, *_ in known_people for name in names}
    canonical = {variant_key(name): entry for names, entry, *_ in known_people for name in names if " " in name}
    for run in NAME_RUN.finditer(finder.text):
        words = run.group(0).split()
        for size in (3, 2):
            for index in range(len(words) - size + 1):
                spelling = " ".join(words[index:index + size]).rstrip(".,")
                entry = canonical.get(variant_key(spelling))
                if entry and spelling not in listed and spelling not in finder.spellings:
                    finder.spellings[spelling] = entry
                    person = finder.people.get(entry)
                    if person is not None:
                        person.notes.append(f"new spelling of {entry}: add \"{spelling}\" to its aliases in the registry")


def add_caption_roles(finder: PeopleFinder, captions) -> None:
    """A person the body names bare ("Fumio Kishida told …") is often introduced with role
    and state in a photo caption that was removed as furniture: take them from there."""
    caption = PeopleFinder("\n\n".join(captions), finder.pats)
    caption.find()
    for person in [p for p in finder.people.values() if " " not in p.name]:
        # "Stelmokas exclaimed" in the story, "Litauen - Martas Stelmokas 33" under the photo
        full = re.search(rf"\b([A-Z][a-z]+) {re.escape(person.name)}\b", caption.text)
        if full and is_given_name(full.group(1)) and f"{full.group(1)} {person.name}" not in finder.people:
            del finder.people[person.name]
            person.name = f"{full.group(1)} {person.name}"
            person.notes = [n for n in person.notes if "full name" not in n]
            finder.people[person.name] = person
    for found in caption.people.values():
        person = finder.people.get(found.name)
        if person is not None and person.role is None and found.role:
            person.role, person.notes = found.role, [n for n in person.notes if "role" not in n]
            person.country = person.country or (found.country if isinstance(found.country, str) else None)
        elif person is None and found.role and isinstance(found.country, str) and found.country \
                and not finder.known(found.name):
            # "Shin Won-sik, South Korea's minister of national defense, speaks …" under a photo,
            # and the story says "the South Korean defense chief said": the same person. An actor
            # only if the story names or refers to him (``in_the_story``).
            finder.people[found.name] = Person(found.name, found.role, found.country, start=0,
                                               notes=["named with role and state only in a photo caption"],
                                               by_name_only=True)


def find_cast(text: str, pats: Patterns, verbs: str, known_people=(), outlet: str | None = None,
              captions=()) -> Cast:
    finder = PeopleFinder(text, pats)
    finder.find()
    add_roles_after_names(finder)
    finder.merge_surnames()
    merge_variants(finder.people)
    add_registry_people(finder, known_people)
    finder.add_speaking_names(verbs)
    add_caption_roles(finder, captions)
    apply_office_holders(finder.people, text, lambda name, start: Person(name, start=start),
                         {name for names, *_ in known_people for name in names})
    finder.merge_surnames()  # "Mr. Jaishankar" joins "S. Jaishankar" the list found
    add_predecessors(finder)
    add_introduced(finder)  # once the people it may tie a newcomer to have their states
    finder.add_named_people()  # last: every pass that finds a role has had its turn
    merge_registry_spellings(finder, known_people)
    finder.merge_surnames()  # "Gorka said" joins the "Sebastian Gorka" just found
    add_caption_roles(finder, captions)
    countries = country_mentions(text, pats)
    settle_counterparts(finder.people, countries)
    settle_home_states(finder.people, text, countries, outlet)
    organisations, homes = organisation_mentions(text, pats)
    people = dict(sorted(finder.people.items(), key=lambda item: item[1].start))
    named = person_mentions(text, people, pats, country_of, finder.spellings)
    states = [m for m in countries + organisations if not within(m, finder.spans)]
    pronouns = [Mention(m.start(), m.end(), m.group(0).lower(), "pronoun") for m in PRONOUNS.finditer(text)]
    pronouns += [Mention(m.start(), m.end(), "the " + m.group("noun").lower(), "pronoun")
                 for m in PERSON_NOUNS.finditer(text)]
    pronouns += [Mention(m.start(), m.end(), "document", "pronoun") for m in DOCUMENTS.finditer(text)]
    # ties (a state's name also read as a surname) broken by kind, states first: deterministic
    mentions = sorted(set(named + states + pronouns), key=lambda m: (m.start, -m.end, m.kind, m.name))
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
