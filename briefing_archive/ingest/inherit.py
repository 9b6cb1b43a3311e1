"""Quotes the attribution rules left without a speaker: inherited, guessed or left out.

A quote with no reporting verb of its own most often continues the speaker of the quote
before it (same paragraph, or a quote running on); one paragraph or two later it is a
guess the editor is told about; a quote whose own clause introduces someone unnamed is
neither.
"""
from __future__ import annotations

from .marks import Span
from .quote_types import SENTENCE_END, Attribution, Found, short_text, words

def introduced(text: str, offset: int, spans: list[Span], i: int) -> bool:
    """"One senior EU official put it more sharply: "…"": the quote opens on a clause of
    its own that ends in a colon, so its speaker is that unnamed someone, not the last one
    quoted."""
    start = spans[i - 1].end + 1 if i else offset
    lead = text[start:spans[i].start - 1]
    ends = list(SENTENCE_END.finditer(lead))
    lead = lead[ends[-1].end():] if ends else lead
    return lead.rstrip().endswith(":") and len(words(lead)) >= 3


def inherit_speakers(found: list[Found], named: dict[int, set[str]],
                     lead_ins: dict[int, Attribution] | None = None,
                     named_before=lambda item: None) -> tuple[list[Found], list[str]]:
    """Unattributed quotes: same paragraph's speaker, a running quote's, the speaker the
    paragraph before leads in with, else a guess, unless the quote's paragraph names someone
    else (whose speech it more likely is)."""
    result, notes, lead_ins = [], [], lead_ins or {}
    for index, item in enumerate(found):
        if item.attribution is not None:
            result.append(item)
            continue
        same = [f for f in found if f.paragraph == item.paragraph and f.attribution]
        earlier = [f for f in result if f.paragraph >= item.paragraph - 2 and f.attribution]
        # A quote running on into the next paragraph is attributed where it closes, there.
        closing = next((f for f in found[index + 1:index + 2] if f.paragraph == item.paragraph + 1
                        and f.attribution), None) if item.span.open_ended else None
        lead_in = lead_ins.get(item.paragraph - 1) if item.opens else None
        if same or closing:
            result.append(Found(item.span, item.paragraph, (same[0] if same else closing).attribution))
        elif lead_in is not None and not item.framed:
            result.append(Found(item.span, item.paragraph, lead_in))
        elif earlier and not item.framed and named.get(item.paragraph, set()) <= {earlier[-1].attribution.speaker}:
            guess = earlier[-1].attribution
            running = earlier[-1].span.open_ended and earlier[-1].paragraph == item.paragraph - 1
            note = None if running else f"speaker of \"{short_text(item.span.text)}\" guessed as {guess.speaker}"
            result.append(Found(item.span, item.paragraph, Attribution(guess.speaker, guess.to, note)))
        elif not item.framed and named_before(item):
            guess = named_before(item)
            result.append(Found(item.span, item.paragraph, Attribution(
                guess, None, f"speaker of \"{short_text(item.span.text)}\" guessed as {guess}, named before it")))
        elif len(item.span.text.split()) > 6:
            notes.append(f"quote without a speaker, left out: \"{short_text(item.span.text)}\"")
    return result, notes



