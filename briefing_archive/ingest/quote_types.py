"""What the quote rules hand on: a quote's span, paragraph and attribution, and how a table
of speaker rules is run.

Shared by the speaker rules (speaker_rules.py, quotes.py), the pass that fills the gaps they
leave (inherit.py) and the interview reader (interview.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .gazetteer import word_list
from .marks import Span


def not_after(abbreviations) -> str:
    """Lookbehinds refusing each abbreviation (one a length: a lookbehind has a fixed width)."""
    lengths = dict.fromkeys(len(word) for word in abbreviations)
    return "".join(r"(?<!\b(?:" + "|".join(w for w in abbreviations if len(w) == n) + "))" for n in lengths)


# A full stop after an initial or a title's abbreviation ("U.S. Marine", "Lt. Gen. X") ends
# no sentence: the clause, and so the speaker before the quote, runs on.
SENTENCE_END = re.compile(r"(?<!\b[A-Z])" + not_after(word_list("abbreviations")) + r"[.!?](?=\s+[A-Z\"“«‘']|\s*$)")


@dataclass(frozen=True)
class Attribution:
    speaker: str
    to: str | None = None
    note: str | None = None
    rule: str = field(default="", compare=False)  # the rule that named the speaker (--explain)


class NoSpeaker:
    """A rule's verdict that it applies but names nobody: the rules after it are not tried."""

    def __repr__(self) -> str:
        return "NO_SPEAKER"


NO_SPEAKER = NoSpeaker()


def first_decision(rules, *arguments) -> Attribution | None:
    """The attribution of the first rule that decides: one that returns None does not apply
    (the next is tried), NO_SPEAKER stops the table with none. The result carries the name of
    the rule that made it, unless a rule nested in this one named it already."""
    for rule in rules:
        found = rule(*arguments)
        if found is NO_SPEAKER:
            return None
        if found is not None:
            return found if found.rule else replace(found, rule=rule.__name__)
    return None


def passed_on(attribution: Attribution | None) -> Attribution | None:
    """Another quote's attribution taken over: the rule taking it over gives its own name."""
    return replace(attribution, rule="") if attribution is not None else None


def words(text: str) -> list[re.Match]:
    return list(re.finditer(r"[A-Za-z'’-]+", text))


@dataclass(frozen=True)
class Found:
    span: Span
    paragraph: int
    attribution: Attribution | None
    framed: bool = False  # its own sentence introduces a speaker the rules could not name
    opens: bool = False  # the quote opens its paragraph


def short_text(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
