"""Quoted text that is not speech: a name or term in quotes ("Diaoyu", so-called "hotline"),
a title or slogan, a capitalised modifier (a coalition of "Western" states)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .examples import Example
from .gazetteer import word_list

if TYPE_CHECKING:
    from .marks import Span

# A quoted phrase introduced as a name or term, not as what someone said:
# so-called "hotline", the islets it calls the "Diaoyu", what Beijing calls a "renegade province",
# what he described as "the so-called 'China threat'".
# A title or slogan ("the slogan "…"", "his book "…"", "Operation "…"") is named, not said.
NAMING = re.compile(
    r"(?:so-called|dubbed|nicknamed|known\s+as|referred\s+to\s+as|"
    r"(?:what|which|that|as|whom?)\s+(?:it|they|he|she|the\s+\w+|(?:[A-Za-z][\w.]+\s+)?"
    r"[A-Za-z][\w.]+)\s+(?:calls?|called|terms?|termed|dubs?|dubbed|describe[sd]?\s+as)(?:\s+it)?|"
    r"\b(?:slogans?|mottos?|hashtags?|catchphrases?|titled|entitled|book|film|movie|novel|study|"
    r"song|headline|banner|code-?named|[Oo]peration))\s*,?\s*(?:a|an|the|its|their)?\s*$"
)
# Words that may follow a partial quote (gazetteers/followers.txt); any other lowercase word
# makes a capitalised one-word quote the modifier of a noun (a coalition of "Western" states).
MODIFIER_FOLLOWERS = frozenset(word_list("followers", "modifier"))
TERM_NOUNS = frozenset(word_list("term_nouns"))  # the "one-China principle": a term, not speech
TITLE_SMALL = frozenset(word_list("title_small_words"))  # "Fox and Friends" is still Title Case


def is_name_in_quotes(span: Span) -> bool:
    """A short Title Case phrase in quotes ("Diaoyu", "Freedom Shield", "Fox and Friends"): a name."""
    tokens = span.text.rstrip(".").split()
    title_case = (
        all(t[:1].isupper() or not t[:1].isalpha() or t in TITLE_SMALL for t in tokens)
        and tokens[:1]
        and tokens[0][:1].isupper()
    )
    return (
        bool(title_case)
        and len(tokens) <= 6
        and not span.text.endswith(("!", "?"))
        and not (span.text.endswith(".") and len(tokens) > 1 and tokens[-1].lower() not in ("news", "show"))
    )


def is_title_on(before: str) -> bool:
    """ "appearing on "Fox and Friends"", "a book titled "…"": a name after a preposition."""
    return bool(
        re.search(r"\b(?:on|in|at|from|to|titled|called|named|of)\s+(?:[\w’'.-]+\s+){0,3}$", " " + before + " ")
    )


def is_term_in_quotes(span: Span) -> bool:
    """A doctrine or formula named in quotes (the "one-China principle"): never said, even
    after a reporting verb ("accused Lai of betraying the "one-China principle"")."""
    tokens = span.text.split()
    return (
        0 < len(tokens) <= 4
        and tokens[-1].lower() in TERM_NOUNS
        and tokens[0].lower() not in ("a", "an", "the")
        and not span.text.endswith((".", "!", "?"))
    )


def is_scare_quote(span: Span, before: str, after: str) -> bool:
    next_word = re.match(r"\s+([a-z]+)\b", after)
    # only a capitalised word: "dangerous" behavior is a partial quote, "Western" states a label
    modifier = (
        len(span.text.split()) == 1
        and span.text[:1].isupper()
        and next_word is not None
        and next_word.group(1) not in MODIFIER_FOLLOWERS
    )
    return bool(NAMING.search(before)) or modifier


# Quoted words that are no one's speech, though a reporting verb stands before them.
EXAMPLES = (
    Example(
        'Defence Minister Anna Kowalski said a coalition of "Western" states condemned the drills.', absent=("quote 1",)
    ),
    Example(
        'Defence Minister Anna Kowalski said the islands, which Beijing calls the "Diaoyu," were patrolled daily.',
        absent=("quote 1",),
    ),
    Example(
        'Foreign Minister Daniel Moreau accused Beijing of betraying the "one-China principle" in the talks.',
        absent=("quote 1",),
    ),
    Example('Defence Minister Anna Kowalski said on "Morning Joe" that the drills would go on.', absent=("quote 1",)),
    Example(
        'The two armies began "Freedom Shield," a drill that NATO officials say is the largest in years.',
        absent=("quote 1",),
    ),
    # a partial quote in lower case is speech
    Example(
        'Defence Minister Anna Kowalski warned of "dangerous" behaviour by the Russian navy.',
        'quote 1 "dangerous": speaker Anna Kowalski ← rule said_before_quote',
    ),
)
