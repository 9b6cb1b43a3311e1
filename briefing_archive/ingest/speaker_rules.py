"""Who said a quote: the speaker rules, in the order they are tried.

A quote is first sorted into a kind (``QUOTE_KINDS``: the first kind whose test holds). The
kind lists the rules tried for its speaker, and the first rule that decides wins (see
``quote_types.first_decision``): a rule returns an attribution, None when it does not apply,
or NO_SPEAKER when it applies and names nobody. The rules before a quote (``X said, "…"``)
and after it (``"…," said X``) are tables of their own (verb_rules.py), tried the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from .attributor import Attributor
from .examples import Example
from .gazetteer import word_list
from .marks import Span
from .quote_types import SENTENCE_END, Attribution, first_decision, passed_on, words
from .scare import MODIFIER_FOLLOWERS, is_name_in_quotes, is_scare_quote, is_term_in_quotes, is_title_on
from .verb_rules import AFTER_QUOTE_RULES, BEFORE_QUOTE_RULES, Lead, Tail

PHRASE_END = re.compile(r"\s*(?:[.,;:!?)]|$|(?:and|but|or|as|for|in|on|to|at|with|from|by)\b)")
SHORT = 3  # words: a quote this short needs a reporting verb in its clause
# Two quotes joined by a conjunction alone are one speaker's
CONJOINED = re.compile(r"[\s,]*(?:and|or|but|as well as|and also)[\s,]*")
TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.' -]{1,30}:\s")
ADVERBS = frozenset(word_list("adverbs_after_quote"))


def clause_bounds(paragraph: str, offset: int, span: Span, previous_end: int, next_start: int):
    """Where the quote's sentence starts (after the previous quote) and ends."""
    local_start = span.start - offset - 1
    head = paragraph[previous_end - offset : local_start] if previous_end > offset else paragraph[:local_start]
    ends = list(SENTENCE_END.finditer(head))
    start = (previous_end if previous_end > offset else offset) + (ends[-1].end() if ends else 0)
    tail = paragraph[span.end - offset + 1 : next_start - offset]
    stop = SENTENCE_END.search(tail)
    end = span.end + 1 + (stop.end() if stop else len(tail))
    return start, end


@dataclass(frozen=True)
class QuoteClause:
    """Quote ``index`` of a paragraph's ``spans``, in its clause; ``previous`` is the
    attribution of the quote before it in the paragraph."""

    attributor: Attributor
    paragraph: str
    offset: int
    spans: tuple[Span, ...]
    index: int
    previous: Attribution | None = None

    @property
    def span(self) -> Span:
        return self.spans[self.index]

    @cached_property
    def bounds(self) -> tuple[int, int]:
        i, spans, offset = self.index, self.spans, self.offset
        previous_end = spans[i - 1].end + 1 if i else offset
        next_start = spans[i + 1].start - 1 if i + 1 < len(spans) else offset + len(self.paragraph)
        return clause_bounds(self.paragraph, offset, self.span, previous_end, next_start)

    @cached_property
    def lead(self) -> Lead:
        return Lead(self.attributor, self.bounds[0], self.span.start - 1)

    @cached_property
    def tail(self) -> Tail:
        return Tail(self.attributor, self.span.end + 1, self.bounds[1])

    @property
    def before_context(self) -> str:
        return self.attributor.text[self.lead.start : self.lead.end]

    @cached_property
    def lead_words(self) -> int:
        return len(words(self.before_context))


def modifies_noun(text: str, span: Span) -> bool:
    """Military "unsafe" encounters: one or two quoted words before a noun qualify it."""
    after = re.match(r"[\s,]*([a-z]+)\b", text[span.end + 1 : span.end + 30])
    return (
        len(span.text.split()) <= 2
        and after is not None
        and after.group(1) not in MODIFIER_FOLLOWERS
        and after.group(1) not in ADVERBS
        and not after.group(1).endswith("ly")
        and text[span.end - 1 : span.end].isalpha()
    )


# Rules for a whole quote; each takes the QuoteClause.


def before_quote(quote: QuoteClause):
    return first_decision(BEFORE_QUOTE_RULES, quote.lead)


def after_quote(quote: QuoteClause):
    return None if quote.span.open_ended else first_decision(AFTER_QUOTE_RULES, quote.tail)


def conjoined_with_previous_quote(quote: QuoteClause):
    """ "criticized China's "…" and "…"": one speaker for both."""
    return passed_on(quote.previous)


def sentence_opener(quote: QuoteClause):
    """ "Rubio also bemoaned a climate in which people "literally hate each other"": with no
    verb at all, the sentence's opening person said it, unless it modifies a noun (military
    "unsafe" encounters)."""
    if modifies_noun(quote.attributor.text, quote.span):
        return None
    return quote.attributor.opening_person(quote.lead.start, quote.lead.end)


def continues_previous_quote(quote: QuoteClause):
    """ "X accused it of "…" and of trying to "mess up Asia"": a partial quote continuing the
    sentence of the quote before it ("the "strategic ambiguity" policy", a quoted modifier of
    a noun, continues nothing)."""
    text, spans, i, span = quote.attributor.text, quote.spans, quote.index, quote.span
    same_sentence = (
        i
        and not SENTENCE_END.search(text, spans[i - 1].end + 1, span.start - 1)
        and PHRASE_END.match(text, span.end + 1)
    )
    return passed_on(quote.previous) if same_sentence else None


def said_after_short_quote(quote: QuoteClause):
    """ ""No," he said": a short utterance opening its sentence is reported after it (or, with no
    verb before it, one it introduces: ""key interests," reiterated Prime Minister Lee")."""
    if (quote.lead_words == 0 or not quote.lead.verbs) and not modifies_noun(quote.attributor.text, quote.span):
        return after_quote(quote)
    return None


@dataclass(frozen=True)
class QuoteKind:
    name: str
    test: Callable[[QuoteClause], object]
    rules: tuple  # tried in order for the speaker
    kept_without_speaker: bool  # a quote of this kind stays when no rule names its speaker


def is_scare(quote: QuoteClause) -> bool:
    text, span = quote.attributor.text, quote.span
    return is_scare_quote(span, quote.before_context, text[span.end + 1 : span.end + 30])


def is_title(quote: QuoteClause) -> bool:
    """A name after a preposition ("appearing on "Morning Joe"") or before its noun is a title
    or label, whatever the verb."""
    return is_name_in_quotes(quote.span) and (
        is_title_on(quote.before_context) or modifies_noun(quote.attributor.text, quote.span)
    )


def is_conjoined(quote: QuoteClause) -> bool:
    spans, i = quote.spans, quote.index
    return bool(
        quote.previous is not None
        and i
        and CONJOINED.fullmatch(quote.attributor.text, spans[i - 1].end + 1, quote.span.start - 1)
    )


QUOTE_KINDS = (
    QuoteKind("scare_quote", is_scare, (), False),
    QuoteKind("term_in_quotes", lambda q: is_term_in_quotes(q.span), (), False),
    QuoteKind("title_in_quotes", is_title, (), False),
    # a name, unless a verb before it reports it as said: a verb after it ("began "Zapad-2021,"
    # a drill NATO officials say …") reports the rest of the sentence
    QuoteKind("name_in_quotes", lambda q: is_name_in_quotes(q.span), (before_quote,), False),
    # ""PENCE: Well, look, …"": a transcript's turn, its label no actor here
    QuoteKind("transcript_turn", lambda q: bool(TRANSCRIPT_LABEL.match(q.span.text)), (), True),
    QuoteKind("conjoined_quote", is_conjoined, (conjoined_with_previous_quote,), True),
    QuoteKind(
        "short_quote",
        lambda q: len(q.span.text.split()) <= SHORT,
        (before_quote, sentence_opener, continues_previous_quote, said_after_short_quote),
        False,
    ),
    QuoteKind("quote_opening_its_sentence", lambda q: q.lead_words < 3, (after_quote, before_quote), True),
    QuoteKind("quote", lambda q: True, (before_quote, after_quote), True),
)


def attribute(quote: QuoteClause) -> tuple[Attribution | None, QuoteKind]:
    """The quote's attribution (or None) and its kind."""
    kind = next(kind for kind in QUOTE_KINDS if kind.test(quote))
    return first_decision(kind.rules, quote), kind


EXAMPLES = (
    Example(
        'Foreign Minister Daniel Moreau criticised the "reckless provocations" and "dangerous games" of the '
        "Russian navy.",
        'quote 2 "dangerous games": speaker Daniel Moreau ← rule conjoined_with_previous_quote',
    ),
    Example(
        'Defence Minister Anna Kowalski now faces a public that is "deeply divided."',
        'quote 1 "deeply divided.": speaker Anna Kowalski ← rule sentence_opener',
    ),
    Example(
        'Foreign Minister Daniel Moreau accused Moscow of "bad faith" and of trying to "wreck the talks."',
        'quote 2 "wreck the talks.": speaker Daniel Moreau ← rule continues_previous_quote',
    ),
    # said_after_short_quote hands on what the rules after a quote found
    Example(
        '"Not at all," Defence Minister Anna Kowalski said when asked whether the drills would stop.',
        'quote 1 "Not at all": speaker Anna Kowalski ← rule said_after_quote',
    ),
    # a transcript's turn: its label is the speaker, not the minister named before
    Example(
        'Defence Minister Anna Kowalski spoke first.\n\n"MORENO: Well, look, we will not be intimidated by these '
        'drills at all."',
        absent=("quote 1",),
    ),
)
