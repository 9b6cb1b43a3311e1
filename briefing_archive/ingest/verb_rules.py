"""Rules naming a quote's speaker from the reporting verb of its clause, before the quote
(``X said, "…"``) or after it (``"…," said X``).

Each table is tried in order by ``quote_types.first_decision``: a rule returns an
attribution, None when it does not apply, or NO_SPEAKER when it applies and names nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .attributor import TELL, Attributor
from .examples import Example
from .quote_types import NO_SPEAKER, Attribution, words

DASH = re.compile(r"\s*(?:[—–―]|--?)\s*")  # ""…" — Ursula von der Leyen": a pull quote's speaker
# "According to a statement from the CGA on Tuesday, …": opening the sentence, it attributes
# everything the sentence quotes.
ACCORDING_OPENING = re.compile(r"\s*[Aa]ccording to (?P<source>[^,;\"“”]{2,120}),")
# "…, and reported": a second predicate of the clause's subject
COORDINATED = re.compile(r",?\s+and\s+(?:also\s+|then\s+|later\s+|\w+ly\s+)?$")


def decided(found: Attribution | None):
    """A rule that applies: its attribution, or NO_SPEAKER when it names nobody."""
    return found if found is not None else NO_SPEAKER


@dataclass(frozen=True)
class Lead:
    """The words of a quote's clause before its opening mark (or any stretch of text read so)."""

    attributor: Attributor
    start: int
    end: int

    @cached_property
    def verbs(self) -> list[tuple[int, int, str]]:
        return self.attributor.verb_positions(self.start, self.end)


# Rules before the quote: ``X said, "…"``, ``X told Y that "…"``, ``according to X, "…"``.


def colon_with_no_verb(lead: Lead):
    """ "Rutte has made the point bluntly: "…"": no reporting verb at all, but a colon
    introduces the words of the person the clause opens with."""
    return None if lead.verbs else decided(lead.attributor.colon_subject(lead.start, lead.end))


def according_to_before_quote(lead: Lead):
    """ "according to X, "…"": the one named after the phrase nearest the quote."""
    if not lead.verbs or lead.verbs[-1][2] != "according to":
        return None
    after = lead.attributor.mentions_in(lead.verbs[-1][1], lead.end)
    return decided(lead.attributor.attribution(after[0]) if after else None)


def quoted_as_saying(lead: Lead):
    """ "X was quoted by RIA as saying "…"": X, not the agency."""
    quoted = re.search(r"\bquoted\b.*\bas\s+saying\b", lead.attributor.text[lead.start : lead.end])
    if not quoted:
        return None
    subjects = lead.attributor.mentions_in(lead.start, lead.start + quoted.start())
    return decided(lead.attributor.attribution(subjects[-1]) if subjects else None)


def according_to_opening_sentence(lead: Lead):
    """ "According to a statement from the CGA, … "…"": the sentence says no one else spoke."""
    attributor = lead.attributor
    opening = ACCORDING_OPENING.match(attributor.text, lead.start, lead.end)
    if (
        not opening
        or attributor.speech_verb(attributor.verb_positions(opening.end(), lead.end), opening.end()) is not None
    ):
        return None
    source = attributor.mentions_in(opening.start("source"), opening.end("source"))
    return decided(attributor.attribution(source[0]) if source else None)


def said_before_quote(lead: Lead):
    """``X said, "…"``: the subject of the reporting verb whose subject said the words."""
    attributor, verbs = lead.attributor, lead.verbs
    index = attributor.speech_verb(verbs, lead.start) if verbs else None
    if index is None:
        return None
    verb_start, verb_end, verb = verbs[index]
    mentions = attributor.mentions_in(lead.start, verb_start)
    if COORDINATED.search(attributor.text, lead.start, verb_start):
        # "X referred to a report by Y, and reported "…"": X's words; "state media said
        # leader Kim oversaw the test and called it "…"": the subject after the reporting verb
        said = [v for v in verbs[:index] if v[2] != "according to"]
        reported = attributor.mentions_in(said[-1][1], verb_start) if said else []
        mentions = reported[:1] or mentions[:1]
    subject = attributor.subject(mentions, verb_start)
    if subject is None:
        return NO_SPEAKER
    if subject.kind in ("country", "organisation"):
        subject = attributor.reported_speaker(verbs[index + 1 :], verb_end) or subject
    found = attributor.attribution(subject, attributor.addressee(verb, verb_end, lead.end))
    return decided(attributor.told_him(found, verbs[-1][2], verbs[-1][1]))  # the verb nearest the quote


def colon_before_quote(lead: Lead):
    """No verb whose subject speaks, but a colon after the person the clause opens with."""
    return decided(lead.attributor.colon_subject(lead.start, lead.end))


BEFORE_QUOTE_RULES = (
    colon_with_no_verb,
    according_to_before_quote,
    quoted_as_saying,
    according_to_opening_sentence,
    said_before_quote,
    colon_before_quote,
)


@dataclass(frozen=True)
class Tail:
    """The words of a quote's clause after its closing mark."""

    attributor: Attributor
    start: int
    end: int


# Rules after the quote: ``"…," X said``, ``"…," said X, the …``, ``"…," he told Y``.


def dash_then_speaker(tail: Tail):
    """ ""…" — Ursula von der Leyen": a pull quote, its speaker right after a dash."""
    dash = DASH.match(tail.attributor.text, tail.start, tail.end)
    if dash is None:
        return None
    named = tail.attributor.mentions_in(dash.end(), tail.end)[:1]
    if named and named[0].start == dash.end() and named[0].kind == "person":
        return decided(tail.attributor.attribution(named[0]))
    return None


def said_after_quote(tail: Tail):
    """``"…," X said``: the subject next to the first reporting verb after the quote."""
    attributor, text = tail.attributor, tail.attributor.text
    verbs = [
        v for v in attributor.verb_positions(tail.start, tail.end) if len(words(text[tail.start : v[0]])) <= 20
    ]  # "…," Name, a long apposition, said
    if not verbs:
        return None
    verb_start, verb_end, verb = verbs[0]
    # ""…," US ambassador to Nato Julianne Smith told": the subject is the mention nearest the
    # verb, unless the one before heads an apposition (""…," Lavrov, Russia's minister, said")
    between = attributor.mentions_in(tail.start, verb_start)
    if verb.endswith("ing"):  # ""…," Blige sings to Clinton before asking her": the clause's subject
        between = between[:1]
    subject = attributor.subject(between, verb_start) if between else None
    subjects = [subject] if subject is not None else attributor.mentions_in(verb_end, tail.end)[:1]
    if verb == "according to":
        subjects = attributor.mentions_in(verb_end, tail.end)[:1]
    if not subjects:
        return None
    objects = (
        [
            m
            for m in attributor.mentions_in(verb_end, tail.end)
            if m.kind in ("person", "pronoun") and m is not subjects[0]
        ]
        if verb in TELL
        else []
    )
    return attributor.attribution(subjects[0], objects[0] if objects else None)


AFTER_QUOTE_RULES = (dash_then_speaker, said_after_quote)


EXAMPLES = (
    Example(
        'NATO Secretary General Mark Rutte has made the point bluntly: "Europe must spend more on its own defence."',
        'quote 1 "Europe must spend more on its …": speaker Mark Rutte ← rule colon_with_no_verb',
    ),
    Example(
        'The drills will go on, according to Defence Minister Anna Kowalski, "for as long as the threat lasts."',
        'quote 1 "for as long as the threat …": speaker Anna Kowalski ← rule according_to_before_quote',
    ),
    Example(
        'Foreign Minister Daniel Moreau was quoted by the AFP news agency as saying "the door to talks stays open."',
        'quote 1 "the door to talks stays open.": speaker Daniel Moreau ← rule quoted_as_saying',
    ),
    Example(
        'According to a statement from NATO on Tuesday, the drills were described as "a lawful exercise of the '
        'right to self-defence."',
        'quote 1 "a lawful exercise of the right …": speaker NATO ← rule according_to_opening_sentence',
    ),
    Example(
        'Defence Minister Anna Kowalski told reporters on Tuesday, "We will not be intimidated by these drills."',
        'quote 1 "We will not be intimidated by …": speaker Anna Kowalski ← rule said_before_quote',
    ),
    # a state or an organisation said, then a person did: the person's words
    Example(
        'State media said leader Kim Jong Un oversaw the test and called it "a great success for our nation."',
        'quote 1 "a great success for our nation.": speaker Kim Jong Un ← rule said_before_quote',
    ),
    # the one told is no speaker: the minister, not the Russians
    Example(
        'Anna Kowalski, the defence minister, told the Russian delegation: "Your drills must stop now."',
        'quote 1 "Your drills must stop now.": speaker Anna Kowalski ← rule said_before_quote',
    ),
    # the prime minister named in this sentence, not the minister of the paragraph before
    Example(
        "Russian Defence Minister Pavel Orlov said the drills were routine.\n\nThe prime minister, Daniel "
        'Moreau, told a news conference on Tuesday that "no one will be allowed to threaten our borders."',
        'quote 1 "no one will be allowed to …": speaker Daniel Moreau ← rule said_before_quote',
    ),
    Example(
        'Asked about the drills on Tuesday, Defence Minister Anna Kowalski was blunt: "We will not be '
        'intimidated by anyone."',
        'quote 1 "We will not be intimidated by …": speaker Anna Kowalski ← rule colon_before_quote',
    ),
    Example(
        '"We will not be intimidated by anyone" — Anna Kowalski',
        'quote 1 "We will not be intimidated by …": speaker Anna Kowalski ← rule dash_then_speaker',
    ),
    Example(
        '"We will not be intimidated by anyone," Defence Minister Anna Kowalski said on Tuesday.',
        'quote 1 "We will not be intimidated by …": speaker Anna Kowalski ← rule said_after_quote',
    ),
)
