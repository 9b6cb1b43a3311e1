"""People the article names without a role: beside a reporting verb ("Smith said", "said
John Smith"), or by a known first name opening a run of capitalised words ("Brent Bozell").

Each rule adds to a ``PeopleFinder`` (people.py) what it finds, with a note that the role
was not found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .examples import Example
from .gazetteer import is_given_name, load, word_list
from .marks import quote_spans
from .meta import is_title_case
from .patterns import NOT_NAMES, name_tokens

NAME_RUN = re.compile(r"(?<![\w'’.-])(?:[A-ZÀ-ÖØ-ÞḀ-Ỿ][\w'’.-]*)(?:[ ]+(?:[A-ZÀ-ÖØ-ÞḀ-Ỿ][\w'’.-]*))+")


@lru_cache(maxsize=4)
def speaking_patterns(verbs: str) -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """(full names, surnames alone) beside a reporting verb, compiled once."""
    word = r"[A-ZÀ-ÖØ-ÞḀ-Ỿ][a-zÀ-ɏḀ-ỿ'’]+(?:-[A-Za-zÀ-ɏḀ-ỿ'’]+)*"  # "Jean-Yves", "Lee In-young", "Éamon"
    name = rf"(?<![\w-])(?P<name>{word}(?:\s+(?:Ó\s+)?{word}){{1,2}})"  # "Aodhán Ó Ríordáin"
    surname = r"(?P<name>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    full = (rf"{name}\s+(?:{verbs})\b", rf"\b(?:{verbs}|[Aa]ccording to)\s+{name}", rf"[,.!?][\"”]\s*{name},")
    alone = (
        rf"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=[,;:]\s)|(?<=[\"”]\s)){surname}\s+(?:{verbs})\b",
        # ""It's very exciting!" the 33-year-old Stelmokas exclaimed"
        rf"[\"”]\s*the\s+(?:[\w-]+\s+){{1,2}}?{surname}\s+(?:{verbs})\b",
        rf"[\"”]\s*(?:{verbs})\s+{surname}\b(?![ ]+[A-Z]|\.[ ]+[A-Z])",
    )
    return tuple(re.compile(p) for p in full), tuple(re.compile(p, re.MULTILINE) for p in alone)


GROUPS = frozenset(word_list("group_nouns"))  # "Democrats said": a group, not a surname
NOT_GIVEN = frozenset(word_list("not_given_names"))  # "San", "May": no given name here
VESSELS = frozenset(word_list("vessel_prefixes"))  # "USS Robert Smalls": a ship


def add_speaking_names(finder, verbs: str) -> None:
    """Names right beside a reporting verb ("Smith said", "said John Smith"); a surname
    alone where a sentence or clause opens, or by a closing quote (""…," Corker said")."""
    full_names, surnames = speaking_patterns(verbs)
    for pattern in full_names:
        for match in pattern.finditer(finder.text):
            name = without_common_words(finder.text, finder.without_titles(match.group("name")))
            if (
                len(name_tokens(name)) > 1
                and not finder.known(name)
                and not outlets_reporter(finder.text, match.start())
                and not finder.pats.country.search(finder.text, max(match.start() - 20, 0), match.end())
            ):
                finder.add(name, match.start("name"), None, None, "role not found")
    for pattern in surnames:
        for match in pattern.finditer(finder.text):
            if not finder.known_word(match.group("name")) and not is_group(finder.text, match.group("name")):
                finder.add(match.group("name"), match.start("name"), None, None, "full name and role not found")


def without_common_words(text: str, name: str) -> str:
    """ "Although Tokyo", "So Labor": a sentence's opening word is no part of the name
    when the article uses it in lower case elsewhere."""
    tokens = name.split()
    while len(tokens) > 1 and (
        re.search(rf"\b{re.escape(tokens[0].lower())}\b", text)
        or (len(tokens) > 2 and is_given_name(tokens[1]) and not is_given_name(tokens[0]))
    ):
        tokens.pop(0)  # and "Republican Donald Trump" is Donald Trump
    return " ".join(tokens)


def is_group(text: str, word: str) -> bool:
    """ "Democrats said", "Officials said": a plural, not a surname ("Sanders" is one)."""
    return (
        word in GROUPS
        or (word.endswith("s") and re.search(rf"\b{re.escape(word[:-1])}\b", text) is not None)
        or word.lower() in load().outlets
    )


def add_named_people(finder) -> None:
    """People the article names without a role ("Brent Bozell", "John F. Kennedy"): a known
    first name opening a run of capitalised name words, in prose, outside quotes."""
    quoted = quoted_ranges(finder.text)
    for run in NAME_RUN.finditer(finder.text):
        if any(start <= run.start() < end for start, end in quoted) or not in_prose(finder.text, run):
            continue
        words = run.group(0).split()
        for index, word in enumerate(words):
            if word in VESSELS:
                break  # "USS Robert Smalls": a ship
            if word.rstrip(".") in NOT_NAMES or word in NOT_GIVEN or finder.is_entity(word) or not is_given_name(word):
                continue
            tokens = name_tokens(finder.without_titles(" ".join(words[index:])))
            name = " ".join(tokens)
            if len(tokens) > 1 and not finder.known(name) and not finder.is_entity(tokens[-1]):
                person = finder.add(name, run.start() + run.group(0).index(word), None, None, "role not found")
                if person is not None and person.role is None:
                    person.by_name_only = True
            break


def in_prose(text: str, run: re.Match) -> bool:
    """A name in a sentence, not on a byline ("By Jane Doe", a bare name line, "(By X and Y)",
    "DW's Teri Schultz reports")."""
    start = text.rfind("\n", 0, run.start()) + 1
    end = text.find("\n", run.end())
    paragraph = text[start : end if end >= 0 else len(text)]
    return (
        len(paragraph.split()) >= 8
        and not re.search(r"(?i)\bby\s+$", text[start : run.start()])
        and not is_title_case(paragraph)
        and not outlets_reporter(text, run.start())
    )


def outlets_reporter(text: str, start: int) -> bool:
    """ "DW's Teri Schultz reports": the outlet's own journalist, no actor of the story."""
    owner = re.search(r"([A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,2})['’]s\s+$", text[max(0, start - 40) : start])
    return owner is not None and owner.group(1).lower() in load().outlets


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges, offset = [], 0
    for paragraph in text.split("\n\n"):
        ranges += [(s.start, s.end) for s in quote_spans(paragraph, offset)]
        offset += len(paragraph) + 2
    return ranges


EXAMPLES = (
    Example(
        '"The drills are routine," said Mary Brooks on Tuesday.', "person Mary Brooks: role (none); country (none)"
    ),
    Example('"The drills are routine," Brooks said on Tuesday.', "speaker Brooks ← rule said_after_quote"),
    # a middle initial is part of the name
    Example(
        '"The drills are routine," said Mary K. Brooks on Tuesday.',
        'quote 1 "The drills are routine": speaker Mary K. Brooks ← rule said_after_quote',
    ),
    # a plural before a reporting verb is a group, not a surname
    Example('"The drills must stop," Democrats said on Tuesday.', absent=("person Democrats",)),
    # a shoal is a place
    Example(
        "Chinese ships blocked a resupply mission to Second Thomas Shoal on Tuesday. Philippine marines have been "
        "stationed at Second Thomas Shoal since 1999, the Philippine coast guard said.",
        absent=("person",),
    ),
    # a ship is named like a person
    Example(
        "The destroyer USS Robert Smalls sailed through the strait on Tuesday, the navy said in a statement.",
        absent=("person",),
    ),
)
