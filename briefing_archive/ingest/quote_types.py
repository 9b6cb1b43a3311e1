"""What the quote rules hand on: a quote's span, paragraph and attribution.

Shared by the attribution rules (quotes.py), the pass that fills the gaps they leave
(inherit.py) and the interview reader (interview.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .marks import Span

# A full stop after an initial or a title's abbreviation ("U.S. Marine", "Lt. Gen. X") ends
# no sentence: the clause, and so the speaker before the quote, runs on.
SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|Lt|Jr|Sr|St|No))"
                          r"(?<!\b(?:Mrs|Gen|Col|Maj|Sen|Gov|Rep|Adm|Sgt))(?<!\b(?:Capt|Prof))[.!?](?=\s+[A-Z\"“«‘']|\s*$)")


@dataclass(frozen=True)
class Attribution:
    speaker: str
    to: str | None = None
    note: str | None = None


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
