"""The editable word lists under ``gazetteers/``, loaded once per process.

Each list is a text file editors extend one line at a time: ``canonical | variant |
…`` (``#`` starts a comment). Loading is cached because every article needs them.
The rules' own word and cue-phrase lists (``word_list``, ``phrase_list``) are files too: several
words a line, or one phrase a line, and a row may end in ``| mark`` when only the rules
asking for that mark read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources


def read_list(name: str, split: bool = True) -> list[list[str]]:
    """Rows of ``name``.txt, each split on ``|`` (unless not ``split``); comments dropped."""
    text = resources.files(__package__).joinpath("gazetteers").joinpath(f"{name}.txt").read_text("utf-8")
    rows = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip() if not line.startswith("#") else ""
        if line:
            parts = line.split("|") if split else [line]
            rows.append([part.strip() for part in parts if part.strip()])
    return rows


def marked_rows(name: str, split: bool) -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """(entries, marks) of each row: entries are whitespace-separated words or, unless
    ``split``, the row's one phrase."""
    rows = read_list(name)
    return tuple((tuple(row[0].split()) if split else (row[0],), frozenset(row[1:])) for row in rows)


@cache
def word_list(name: str, *marks: str) -> tuple[str, ...]:
    """The words of ``name``.txt in file order: unmarked rows, and rows marked with one of ``marks``."""
    return tuple(
        dict.fromkeys(
            word
            for entries, row_marks in marked_rows(name, split=True)
            if not row_marks or row_marks & set(marks)
            for word in entries
        )
    )


@cache
def phrase_list(name: str, *marks: str) -> tuple[str, ...]:
    """One phrase a row, in file order: unmarked rows, and rows marked with one of ``marks``."""
    return tuple(
        dict.fromkeys(
            entries[0]
            for entries, row_marks in marked_rows(name, split=False)
            if not row_marks or row_marks & set(marks)
        )
    )


@cache
def marked_phrase_list(name: str, mark: str) -> tuple[str, ...]:
    """The phrases of the rows marked ``mark`` only, in file order."""
    return tuple(
        dict.fromkeys(entries[0] for entries, row_marks in marked_rows(name, split=False) if mark in row_marks)
    )


def literal_alternation(entries) -> str:
    """A regex alternation of ``entries`` in the order given (the list's order decides
    which of two that both match is taken)."""
    return "(?:" + "|".join(re.escape(entry) for entry in entries) + ")"


def alternation(words, flags: str = "") -> str:
    """A regex alternation of ``words``, longest first so "South Korea" beats "Korea"."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w) for w in ordered)
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


@dataclass(frozen=True)
class Gazetteers:
    countries: dict[str, str]  # any name or demonym → canonical country
    capitals: dict[str, str]  # capital → country
    organisations: dict[str, str]  # any name → canonical organisation
    org_country: dict[str, str]  # canonical organisation → home state
    ministries: tuple[str, ...]
    titles: dict[str, str]  # lower-case wording → canonical role
    title_country: dict[str, tuple[str, ...]]  # canonical role → the few states that have it
    private_titles: frozenset[str]  # roles outside government: no state is guessed for them
    rank_titles: frozenset[str]  # military ranks: a function found for the person beats them
    senior_titles: frozenset[str]  # leaders, foreign/defence ministers: their state is never guessed
    reporting_verbs: frozenset[str]
    outlets: dict[str, str]  # lower-case mark → canonical outlet
    outlet_country: dict[str, str]  # national outlet → its state
    wire_credit: dict[str, str]  # news agency (canonical outlet) → its credit on other outlets' pages
    furniture: tuple[re.Pattern, ...]


def mapping(rows: list[list[str]]) -> dict[str, str]:
    return {variant: row[0] for row in rows for variant in row if "=" not in variant}


def organisation_tables(rows: list[list[str]]) -> tuple[dict[str, str], dict[str, str]]:
    names, homes = {}, {}
    for row in rows:
        for part in row:
            if part.startswith("country="):
                homes[row[0]] = part.split("=", 1)[1].strip()
            else:
                names[part] = row[0]
    return names, homes


def title_countries(rows: list[list[str]]) -> dict[str, tuple[str, ...]]:
    """``country=`` marks of each role, in the order listed (the first is the default)."""
    table = {}
    for row in rows:
        states = tuple(part.split("=", 1)[1].strip() for part in row if part.startswith("country="))
        if states:
            table[row[0]] = states
    return table


def marked_values(rows: list[list[str]], mark: str) -> dict[str, str]:
    """Each row's ``mark`` value ("country=Japan") by the row's name."""
    return {row[0]: part.split("=", 1)[1].strip() for row in rows for part in row if part.startswith(mark)}


FLAGS = ("private", "rank", "senior")  # marks on a titles row, not wordings of the role


@lru_cache(maxsize=1)
def load() -> Gazetteers:
    organisations, org_country = organisation_tables(read_list("organisations"))
    return Gazetteers(
        countries=mapping(read_list("demonyms")),
        capitals={row[0]: row[1] for row in read_list("capitals")},
        organisations=organisations,
        org_country=org_country,
        ministries=tuple(row[0] for row in read_list("ministries")),
        titles={
            variant.lower(): row[0]
            for row in read_list("titles")
            for variant in row
            if not variant.startswith("country=") and variant not in FLAGS
        },
        title_country=title_countries(read_list("titles")),
        private_titles=frozenset(row[0] for row in read_list("titles") if "private" in row),
        rank_titles=frozenset(row[0] for row in read_list("titles") if "rank" in row),
        senior_titles=frozenset(row[0] for row in read_list("titles") if "senior" in row),
        reporting_verbs=frozenset(
            w.lower() for row in read_list("reporting_verbs") for part in row for w in part.split()
        ),
        outlets={
            variant.lower(): row[0]
            for row in read_list("outlets")
            for variant in row
            if not variant.startswith(("country=", "wire="))
        },
        outlet_country=marked_values(read_list("outlets"), "country="),
        wire_credit=marked_values(read_list("outlets"), "wire="),
        furniture=tuple(re.compile(row[0], re.IGNORECASE) for row in read_list("furniture", split=False)),
    )


@lru_cache(maxsize=1)
def given_names():
    """First names of many countries with their usual gender (gender-guesser's dictionary of
    about 48,000 names): a capitalised word before a surname that is one of them opens a
    person's name, and "he"/"she" agree with it."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


GENDERS = {"male": "he", "female": "she"}  # "mostly_male", "andy" (either): no agreement asked


def pronoun_of(given: str) -> str | None:
    """ "he" or "she" for a first name that is clearly one; None when unknown or either."""
    return GENDERS.get(given_names().get_gender(given))


def is_given_name(word: str) -> bool:
    return given_names().get_gender(word) != "unknown"
