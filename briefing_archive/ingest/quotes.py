"""Quotes with their speaker and addressee.

A quote is text between quote marks (see marks.py) that someone is said to have said:
a reporting verb ("said", "told", "adding", "called") stands in the same clause,
before it (``X told Y, "…"``) or after it (``"…," said X``). Its speaker is the
nearest actor mention that is the verb's subject; a pronoun stands for the person
last named. Short quoted phrases with no reporting verb ("two plus two") and
quoted names are scare quotes, not quotes. Which rule names a speaker is decided in
speaker_rules.py; a quote left without one may inherit one (inherit.py).
"""

from __future__ import annotations

import re

from .attributor import Attributor, attributor_for
from .cast_types import Cast
from .inherit import inherit_speakers, introduced
from .marks import Span, quote_spans
from .quote_types import SENTENCE_END, Attribution, Found, first_decision, words
from .speaker_rules import TRANSCRIPT_LABEL, QuoteClause, attribute
from .verb_rules import BEFORE_QUOTE_RULES, Lead

# A speaker no one names: "the official", "an aide to the minister", "one protester".
UNNAMED = re.compile(
    r"[\s,]*(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Ss]everal)"
    r"\s+(?:[a-z][\w'’-]*\s*){1,4}(?:[,.]|$)"
)


def unnamed_speaker(quote: QuoteClause) -> bool:
    """ ""…," the official said': the quote's own sentence has a reporting verb, but the
    one speaking is nobody the article names; no earlier speaker may be guessed for it."""
    attributor, span, (start, end) = quote.attributor, quote.span, quote.bounds
    text = attributor.text
    for verb_start, verb_end, _ in attributor.verb_positions(span.end + 1, end)[:1]:
        if UNNAMED.match(text[span.end + 1 : verb_start]) or UNNAMED.match(text[verb_end:end]):
            return True
    return any(
        UNNAMED.match(text[start:verb_start])
        for verb_start, _, _ in attributor.verb_positions(start, span.start - 1)[:1]
    )


def spans_by_paragraph(paragraphs: list[str]) -> list[list[Span]]:
    spans_of, offset = [], 0
    for paragraph in paragraphs:
        spans_of.append(quote_spans(paragraph, offset))
        offset += len(paragraph) + 2
    return spans_of


def attributed_quotes(paragraphs: list[str], spans_of: list[list[Span]], attributor: Attributor) -> list[Found]:
    """Every quote the speaker rules keep, with its speaker if one rule named it."""
    found: list[Found] = []
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        spans = tuple(spans_of[number])
        previous = None
        for i in range(len(spans)):
            quote = QuoteClause(attributor, paragraph, offset, spans, i, previous)
            attribution, kind = attribute(quote)
            if attribution is not None or kind.kept_without_speaker:
                framed = attribution is None and (
                    introduced(attributor.text, offset, spans, i)
                    or TRANSCRIPT_LABEL.match(spans[i].text) is not None
                    or unnamed_speaker(quote)
                )
                first_in_paragraph = not any(f.paragraph == number for f in found)
                found.append(Found(spans[i], number, attribution, framed, first_in_paragraph))
            previous = attribution
        offset += len(paragraph) + 2
    return found


def people_by_paragraph(cast: Cast, attributor: Attributor) -> dict[int, set[str]]:
    """Paragraph → people it names outside quotes ("Dr Yang's" in a quote names nobody)."""
    named: dict[int, set[str]] = {}
    for mention in cast.mentions:
        if mention.kind == "person" and not attributor.in_quote(mention.start):
            named.setdefault(attributor.text.count("\n\n", 0, mention.start), set()).add(mention.name)
    return named


def named_before(attributor: Attributor, item: Found) -> str | None:
    """The one person the quote's own paragraph names before it (outside quotes)."""
    text = attributor.text
    start = text.rfind("\n\n", 0, item.span.start) + 2 if "\n\n" in text[: item.span.start] else 0
    people = {
        m.name
        for m in attributor.cast.mentions
        if start <= m.start < item.span.start and m.kind == "person" and not attributor.in_quote(m.start)
    }
    return people.pop() if len(people) == 1 else None


def find_quotes(paragraphs: list[str], cast: Cast, verbs: frozenset[str], text: str):
    """(Found quotes in order, notes for the editor)."""
    spans_of = spans_by_paragraph(paragraphs)
    attributor = attributor_for(text, cast, verbs, [(s.start, s.end) for spans in spans_of for s in spans])
    found = attributed_quotes(paragraphs, spans_of, attributor)
    # a guess from an earlier paragraph skips a paragraph naming someone else
    return inherit_speakers(
        found,
        people_by_paragraph(cast, attributor),
        lead_ins(paragraphs, spans_of, attributor),
        lambda item: named_before(attributor, item),
    )


def lead_ins(paragraphs: list[str], spans_of: list[list[Span]], attributor: Attributor) -> dict[int, Attribution]:
    """Paragraph → who its last sentence says is speaking, when that sentence holds no quote:
    "…, Lavrov told the media on Thursday." ¶ ""NATO's London summit …"" — the words that
    open the next paragraph are his."""
    found, offset = {}, 0
    for number, paragraph in enumerate(paragraphs):
        ends = [m.end() for m in SENTENCE_END.finditer(paragraph.rstrip())]
        start = offset + (ends[-2] if len(ends) > 1 else 0)
        end = offset + len(paragraph.rstrip())
        verbs = attributor.verb_positions(start, end)
        if not any(start <= s.end for s in spans_of[number]) and verbs:
            # "…, said Prime Minister Anwar Ibrahim." names the speaker after the verb
            inverted = (
                attributor.mentions_in(verbs[-1][1], end)[:1]
                if len(words(attributor.text[verbs[-1][1] : end])) <= 8
                else []
            )
            attribution = (
                attributor.attribution(inverted[0])
                if inverted
                else first_decision(BEFORE_QUOTE_RULES, Lead(attributor, start, end))
            )
            if attribution is not None:
                found[number] = attribution
        offset += len(paragraph) + 2
    return found
