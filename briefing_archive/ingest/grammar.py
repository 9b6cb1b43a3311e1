"""Two questions of grammar the speaker rules ask: is a reporting verb's form used as a
noun here ("his call", "a similar attack"), and may "he"/"she" stand for a name."""

from __future__ import annotations

import re

from .gazetteer import pronoun_of, word_list

# A reporting verb's form after a determiner or a possessive is a noun: "a similar attack",
# "Japan's claims", "his call".
NOUN_BEFORE = re.compile(
    r"(?:\b(?:[Aa]n?|[Tt]he|[Tt]his|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Mm]y|[Yy]our|"
    r"similar|such|no|any|every|each)|['’]s|s['’])\s+$"
)
# Reporting verbs that are as often nouns: after a determiner one word back too ("a phone call").
NOUNY = frozenset(word_list("verbs_as_nouns"))
DETERMINER_THEN_WORD = re.compile(
    NOUN_BEFORE.pattern.replace(r")\s+$", r")\s+[\w-]+\s+$", 1) + r"|\bof\s+(?:[\w-]+\s+)?$"
)  # "a flurry of late-night tweets"


def is_noun(text: str, position: int, word: str) -> bool:
    before = text[max(0, position - 30) : position]
    return bool(NOUN_BEFORE.search(before) or (word in NOUNY and DETERMINER_THEN_WORD.search(before)))


def agrees(name: str, pronoun: str | None) -> bool:
    """Whether "he"/"she" may stand for ``name``: yes unless its first name is clearly the
    other's (gender-guesser's "male"/"female"; unknown and either-gender names agree)."""
    if pronoun not in ("he", "she"):
        return True
    gender = pronoun_of(name.split()[0]) if " " in name else None
    return gender is None or gender == pronoun
