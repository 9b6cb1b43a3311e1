"""Quoted passages of a paragraph: between double marks ("…", “…”, «…») or, as British and
Irish outlets print them, single marks ('…', ‘…’).

A single mark is also the apostrophe (don’t, Japan’s, the allies’ drills), so it opens a
quote only at the start of a word and closes one only at the end of a word; a plural
possessive ("countries’ co-operation") is read as an apostrophe when a noun follows it.
Quotes nest either way round: the outer passage is the quote, the inner one is part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .examples import Example
from .gazetteer import word_list

OPEN, CLOSE = '"“«', '"”»'  # straight, curly and guillemets («…», as Russian sources print)
# an opening single mark: at a word's start, before a letter or a nested double mark
SINGLE_OPEN = re.compile(r"(?<![^\s(\[—–/])[‘'](?=[A-Za-zÀ-ɏḀ-ỿ\"“])")
# a closing single mark: after a non-space, and not inside a word (don’t) or a year (’90s)
SINGLE_CLOSE = re.compile(r"(?<=[^\s‘'])[’'](?![A-Za-zÀ-ɏḀ-ỿ0-9])")
# Headlines and subheadings print quotes in single marks whatever the house style ("Poland
# warns of 'very serious situation'"): single marks count only in a paragraph of prose.
PROSE_END = re.compile(r"[.!?:…][’'\"”»)]*\s*$")
# Words that may follow a closing mark (gazetteers/followers.txt); after "s’" any other
# lowercase word makes the mark a plural possessive ("the allies’ drills"), not a quote's end.
APOSTROPHE_FOLLOWERS = frozenset(word_list("followers", "apostrophe"))


@dataclass(frozen=True)
class Span:
    start: int
    end: int  # the closing mark, or the paragraph end for a quote running on
    text: str
    open_ended: bool


def double_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(opening mark, closing mark or paragraph end, open-ended) of double-marked passages."""
    spans: list[tuple[int, int, bool]] = []
    index = 0
    while True:
        start = next((i for i in range(index, len(paragraph)) if paragraph[i] in OPEN), None)
        if start is None:
            return spans
        end = next((i for i in range(start + 1, len(paragraph)) if paragraph[i] in CLOSE), None)
        spans.append((start, len(paragraph) if end is None else end, end is None))
        index = len(paragraph) if end is None else end + 1


def is_possessive(paragraph: str, mark: int) -> bool:
    """ "the allies’ drills": a mark after an "s" and before a noun is an apostrophe."""
    after = re.match(r"\s+([a-z]+)\b", paragraph[mark + 1 :])
    return paragraph[mark - 1] == "s" and after is not None and after.group(1) not in APOSTROPHE_FOLLOWERS


def single_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """Single-marked passages; an unclosed one runs on only when it opens the paragraph."""
    spans: list[tuple[int, int, bool]] = []
    index = 0
    while True:
        opening = SINGLE_OPEN.search(paragraph, index)
        if opening is None:
            return spans
        start = opening.start()
        closing = next(
            (m for m in SINGLE_CLOSE.finditer(paragraph, start + 2) if not is_possessive(paragraph, m.start())), None
        )
        if closing is None:
            if start == 0:
                spans.append((start, len(paragraph), True))
            return spans
        spans.append((start, closing.start(), False))
        index = closing.end()


def outermost(spans: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Spans of either kind in order, those inside another left out (they are part of it)."""
    kept: list[tuple[int, int, bool]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[0] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


def quote_spans(paragraph: str, offset: int) -> list[Span]:
    """Quoted passages of one paragraph, in order; an unclosed one runs to its end."""
    spans = []
    single = single_spans(paragraph) if PROSE_END.search(paragraph) and not paragraph.startswith("#") else []
    for start, end, open_ended in outermost(double_spans(paragraph) + single):
        text = paragraph[start + 1 : end].strip().rstrip(",").strip()
        if text:
            spans.append(Span(offset + start + 1, offset + end, text, open_ended))
    return spans


EXAMPLES = (
    Example(
        "Russian Foreign Minister Sergei Lavrov said: 'We are ready to keep talking with Tokyo about the islands.'",
        'quote 1 "We are ready to keep talking …": speaker Sergei Lavrov ← rule said_before_quote',
    ),
    # the mark after "allies" is an apostrophe
    Example(
        "Officials said the allies' drills went on for a week. Defence Minister Anna Kowalski called them "
        "'a rehearsal for war'.",
        'quote 1 "a rehearsal for war": speaker Anna Kowalski ← rule said_before_quote',
    ),
    Example(
        "Russian Foreign Minister Sergei Lavrov said: «We are ready to keep talking with Tokyo about the islands.»",
        'quote 1 "We are ready to keep talking …": speaker Sergei Lavrov ← rule said_before_quote',
    ),
)
