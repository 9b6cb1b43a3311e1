"""Quotes the speaker rules left without a speaker: inherited, guessed or left out.

A quote with no reporting verb of its own most often continues the speaker of the quote
before it (same paragraph, or a quote running on); one paragraph or two later it is a
guess the editor is told about; a quote whose own clause introduces someone unnamed is
neither. ``INHERIT_RULES`` are tried in order; the first that gives a speaker wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .examples import Example
from .marks import Span
from .quote_types import SENTENCE_END, Attribution, Found, first_decision, passed_on, short_text, words


def introduced(text: str, offset: int, spans: Sequence[Span], i: int) -> bool:
    """ "One senior EU official put it more sharply: "…"": the quote opens on a clause of
    its own that ends in a colon, so its speaker is that unnamed someone, not the last one
    quoted."""
    start = spans[i - 1].end + 1 if i else offset
    lead = text[start : spans[i].start - 1]
    ends = list(SENTENCE_END.finditer(lead))
    lead = lead[ends[-1].end() :] if ends else lead
    return lead.rstrip().endswith(":") and len(words(lead)) >= 3


@dataclass(frozen=True)
class Orphan:
    """A quote without a speaker, with what the rules may give it one from."""

    item: Found
    index: int  # in ``found``
    found: list[Found]  # every quote as the speaker rules left it
    result: list[Found]  # the quotes before this one, with what they inherited
    named: dict[int, set[str]]  # paragraph → people it names
    lead_ins: dict[int, Attribution]  # paragraph → who its last sentence says is speaking
    named_before: Callable[[Found], str | None]


def same_paragraph_speaker(orphan: Orphan):
    """The speaker the rules named for another quote of the same paragraph."""
    same = [f for f in orphan.found if f.paragraph == orphan.item.paragraph and f.attribution]
    return passed_on(same[0].attribution) if same else None


def running_quote_closes(orphan: Orphan):
    """A quote running on into the next paragraph is attributed where it closes, there."""
    item, index = orphan.item, orphan.index
    closing = (
        next(
            (f for f in orphan.found[index + 1 : index + 2] if f.paragraph == item.paragraph + 1 and f.attribution),
            None,
        )
        if item.span.open_ended
        else None
    )
    return passed_on(closing.attribution) if closing else None


def lead_in_of_paragraph_before(orphan: Orphan):
    """ "…, Lavrov told the media." ¶ ""NATO's London summit …"": the paragraph before names
    who speaks in the quote opening this one."""
    if not orphan.item.opens or orphan.item.framed:
        return None
    return passed_on(orphan.lead_ins.get(orphan.item.paragraph - 1))


def last_speaker_guessed(orphan: Orphan):
    """The last speaker of this paragraph or the two before, noted as a guess, unless this
    paragraph names someone else (whose speech it more likely is)."""
    item = orphan.item
    earlier = [f for f in orphan.result if f.paragraph >= item.paragraph - 2 and f.attribution]
    guess = earlier[-1].attribution if earlier else None
    if guess is None or item.framed or not orphan.named.get(item.paragraph, set()) <= {guess.speaker}:
        return None
    running = earlier[-1].span.open_ended and earlier[-1].paragraph == item.paragraph - 1
    note = None if running else f'speaker of "{short_text(item.span.text)}" guessed as {guess.speaker}'
    return Attribution(guess.speaker, guess.to, note)


def named_before_in_paragraph(orphan: Orphan):
    """The one person the quote's paragraph names before it, noted as a guess."""
    guess = None if orphan.item.framed else orphan.named_before(orphan.item)
    if not guess:
        return None
    return Attribution(
        guess, None, f'speaker of "{short_text(orphan.item.span.text)}" guessed as {guess}, named before it'
    )


INHERIT_RULES = (
    same_paragraph_speaker,
    running_quote_closes,
    lead_in_of_paragraph_before,
    last_speaker_guessed,
    named_before_in_paragraph,
)


def inherit_speakers(
    found: list[Found],
    named: dict[int, set[str]],
    lead_ins: dict[int, Attribution] | None = None,
    named_before=lambda item: None,
) -> tuple[list[Found], list[str]]:
    """The quotes with a speaker, given or inherited, and notes on the quotes left out."""
    result, notes, lead_ins = [], [], lead_ins or {}
    for index, item in enumerate(found):
        if item.attribution is not None:
            result.append(item)
            continue
        attribution = first_decision(INHERIT_RULES, Orphan(item, index, found, result, named, lead_ins, named_before))
        if attribution is not None:
            result.append(Found(item.span, item.paragraph, attribution))
        elif len(item.span.text.split()) > 6:
            notes.append(f'quote without a speaker, left out: "{short_text(item.span.text)}"')
    return result, notes


EXAMPLES = (
    Example(
        '"Not under pressure," Defence Minister Anna Kowalski told reporters. "The door stays open, but the '
        'drills must stop."',
        'quote 2 "The door stays open, but the …": speaker Anna Kowalski ← rule same_paragraph_speaker',
    ),
    Example(
        '"We have watched these drills for weeks and we will keep watching them.\n\n"The door stays open, but '
        'the drills must stop," Defence Minister Anna Kowalski said.',
        'quote 1 "We have watched these drills for …": speaker Anna Kowalski ← rule running_quote_closes',
    ),
    Example(
        "The drills must stop, Defence Minister Anna Kowalski told reporters in Warsaw on Tuesday.\n\n"
        '"The door stays open, but the drills must stop and they must stop now."',
        'quote 1 "The door stays open, but the …": speaker Anna Kowalski ← rule lead_in_of_paragraph_before',
    ),
    Example(
        '"Not under pressure," Defence Minister Anna Kowalski told reporters.\n\n"Talks cannot go on while '
        'warships circle our coast."',
        'quote 2 "Talks cannot go on while warships …": speaker Anna Kowalski ← rule last_speaker_guessed',
    ),
    Example(
        'Defence Minister Anna Kowalski visited the base on Tuesday. "Talks cannot go on while warships circle '
        'our coast."',
        'quote 1 "Talks cannot go on while warships …": speaker Anna Kowalski ← rule named_before_in_paragraph',
    ),
    # a clause introducing someone unnamed: that someone spoke, not the minister named before
    Example(
        "Defence Minister Anna Kowalski visited the base on Tuesday.\n\nOne senior official put it more sharply: "
        '"Talks cannot go on while warships circle our coast."',
        absent=("quote 1",),
    ),
)
