"""What a quote's speaker rules read: the mentions around a quote, its verbs, their subjects.

An ``Attributor`` holds one article's text and cast and answers questions about positions in
it: the reporting verbs in a stretch of text, the subject of a verb, the person a pronoun
stands for, who was told. The rules that decide a speaker (speaker_rules.py) ask it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .cast_types import Cast, Mention
from .gazetteer import literal_alternation, load, marked_phrase_list, word_list
from .grammar import agrees, is_noun
from .quote_types import SENTENCE_END, Attribution, words
from .states import opening_institution

TELL = frozenset(word_list("telling_verbs"))  # "X told Y": Y is spoken to
APPOSITION = re.compile(r"\s*,[^,\"“”;]{0,120}(?:,[^,\"“”;]{0,60})?,\s*")
# "Kim Yo Jong, a senior official of the ruling Workers' Party, issued a statement warning …":
# the apposition, then the main verb and a few lower-case words before the reporting verb
APPOSITION_THEN_VERB = re.compile(APPOSITION.pattern + r"(?:[a-z][\w'’-]*\s+){1,6}")
RELATIVE = re.compile(r"\s*,\s*(?:which|who|whose)\b")
TO_PERSON = re.compile(r"\bto\s+(?:[\w'’.-]+\s+){0,4}$")
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
NOUN_OF = re.compile(r"\b(?P<noun>[a-z][\w-]+)[ ]+of[ ]+(?:the[ ]+)?(?:[A-Z][\w-]*[ ]+){0,3}$")
ISSUED = re.compile(
    rf"\b{literal_alternation(marked_phrase_list('document_nouns', 'issued'))}\s+"
    r"(?:issued\s+)?(?:from|by|of)\s+(?:the\s+)?"
)
# Verbs that introduce words only right after a quote (""…," he continued"), never a clause's
# reported speech before one.
WEAK_VERBS = frozenset(word_list("weak_verbs"))


@dataclass(frozen=True)
class Attributor:
    """One article's text and cast, with the positions the speaker rules look up."""

    text: str
    cast: Cast
    verbs: frozenset[str]
    # a name inside a quote is no antecedent: in ""Putin has shown no interest …," he
    # said", "he" is whoever was named before the quote, not Putin
    quoted: tuple[tuple[int, int], ...]
    sentence_starts: tuple[int, ...]

    def sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self.sentence_starts, position) - 1

    def subject_before(self, position: int, pronoun: str | None = None) -> str | None:
        """The person a pronoun stands for: the first person named in its own sentence
        before it, else in the nearest earlier sentence naming one (its subject). "He" and
        "she" pass over a person whose first name says otherwise ("Hillary … he said")."""
        own = self.sentence_of(position)
        earlier = [
            m
            for m in self.cast.mentions
            if m.end <= position
            and m.kind == "person"
            and not self.in_quote(m.start)
            and agrees(m.name, pronoun)
            and (self.sentence_of(m.start) != own or self.opens_sentence(m))
        ]
        if not earlier:
            return None
        sentence = self.sentence_of(earlier[-1].start)
        return self.speech_subject(sentence, pronoun) or next(
            m.name for m in earlier if self.sentence_of(m.start) == sentence
        )

    def speech_subject(self, sentence: int, pronoun: str | None) -> str | None:
        """The person a sentence reports as speaking ("Addressing the media after meeting Shinzo
        Abe, Mr Lee said …"): the antecedent a following "he said" most likely has."""
        start = self.sentence_starts[sentence]
        end = self.sentence_starts[sentence + 1] if sentence + 1 < len(self.sentence_starts) else len(self.text)
        verbs = self.verb_positions(start, end)
        index = self.speech_verb(verbs, start) if verbs else None
        if index is None:
            return None
        subject = self.subject(self.mentions_in(start, verbs[index][0]), verbs[index][0])
        return (
            subject.name if subject is not None and subject.kind == "person" and agrees(subject.name, pronoun) else None
        )

    def opens_sentence(self, mention: Mention) -> bool:
        """In the pronoun's own sentence only its subject is an antecedent: in "North Korea may
        try …, if Kim Jong-un is "…," he said", "he" is not Kim."""
        start = self.sentence_starts[self.sentence_of(mention.start)]
        return len(words(self.text[start : mention.start])) <= 5

    def in_quote(self, position: int) -> bool:
        index = bisect.bisect_right(self.quoted, (position, float("inf"))) - 1
        return index >= 0 and self.quoted[index][0] <= position < self.quoted[index][1]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.cast.mentions if start <= m.start and m.end <= end]

    def resolve(self, mention: Mention) -> tuple[str | None, str | None]:
        """(actor name, note) for a mention; pronouns stand for someone named before."""
        if mention.kind != "pronoun":
            return mention.name, None
        earlier = [m for m in self.cast.mentions if m.end <= mention.start and m.kind == "person"]
        if mention.name == "it":
            return self.institution_before(mention.start), None
        if mention.name == "document":  # "the statement said": whoever issued it
            issuer = (
                self.issuer_before(mention.start)
                or self.institution_before(mention.start)
                or self.subject_before(mention.start)
            )
            return issuer, None
        if mention.name == "who":
            before = [m for m in self.cast.mentions if m.end <= mention.start and m.kind != "pronoun"]
            return (before[-1].name, None) if before else (None, None)
        if not earlier:
            return None, None
        return self.subject_before(mention.start, mention.name), f"speaker taken from the pronoun {mention.name!r}"

    def issuer_before(self, position: int) -> str | None:
        """ "… tweeted a statement from the Presidential Office. … "…," the statement said": the
        statement's named issuer (the last one the text gives before)."""
        issued = list(ISSUED.finditer(self.text, max(0, position - 800), position))
        for match in reversed(issued):
            named = [m for m in self.mentions_in(match.end(), match.end() + 80) if m.kind != "pronoun"]
            if named and not self.text[match.end() : named[0].start].strip(" ,"):
                return self.resolve(named[0])[0]
        return None

    def institution_before(self, position: int) -> str | None:
        """What "It said" stands for: the institution opening the sentence before (no guess)."""
        starts, sentence = self.sentence_starts, self.sentence_of(position) - 1
        while sentence > 0 and not self.text[starts[sentence] : starts[sentence + 1]].strip():
            sentence -= 1  # the gap between a paragraph's last full stop and the next paragraph
        return (
            opening_institution(self.text, self.cast.mentions, starts[sentence], starts[sentence + 1])
            if sentence >= 0
            else None
        )

    def verb_positions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        found = [
            (start + m.start(), start + m.end(), m.group(0).lower())
            for m in words(self.text[start:end])
            if m.group(0).lower() in self.verbs and not is_noun(self.text, start + m.start(), m.group(0).lower())
        ]
        found += [
            (start + m.start(), start + m.end(), "according to")
            for m in re.finditer(r"\b[Aa]ccording to\b", self.text[start:end])
        ]
        inside = self.mentions_in(start, end)  # "United States" holds no verb "states"
        return sorted(v for v in found if not any(m.start <= v[0] < m.end for m in inside))

    def speech_verb(self, verbs, clause_start: int) -> int | None:
        """The verb whose subject said the words: the one nearest the quote with a subject
        before it ("prompting Maehara to express concern that "…"", "Lavrov said Washington
        accused Moscow of "…""), but not a weak one ("Baerbock said Germany would continue to
        "…""), a participle of the main clause (", saying") or a relative clause's verb
        ("analysts who claim …, Bolton said")."""
        candidates = []
        for index, (verb_start, _, verb) in enumerate(verbs):
            subjects = self.mentions_in(clause_start, verb_start)
            if not subjects or (subjects[-1].name == "who" and index + 1 < len(verbs)):
                continue
            # ", saying", "before asking her": a participle whose subject is the main clause's
            participle = verb.endswith("ing") and re.search(
                r"(?:,|\b(?:before|after|while|when|by|for|without|upon))\s*$", self.text[clause_start:verb_start]
            )
            candidates.append((index, verb in WEAK_VERBS or bool(participle)))
        strong = [index for index, weak in candidates if not weak]
        return strong[-1] if strong else (candidates[0][0] if candidates else None)

    def told_him(self, found: Attribution | None, verb: str, verb_end: int) -> Attribution | None:
        """ "Albanese raised it with Premier Li Qiang, telling him …": "him"/"her" after a verb
        of telling is the person named last before it who is not the speaker."""
        if (
            found is None
            or found.to is not None
            or verb not in TELL
            or not re.match(r"\s+(?:him|her)\b", self.text[verb_end : verb_end + 6])
        ):
            return found
        others = [
            m
            for m in self.cast.mentions
            if m.end <= verb_end and m.kind == "person" and m.name != found.speaker and not self.in_quote(m.start)
        ]
        near = others and self.sentence_of(others[-1].start) >= self.sentence_of(verb_end) - 1
        return Attribution(found.speaker, others[-1].name, found.note) if near else found

    def reported_speaker(self, later_verbs, verb_end: int) -> Mention | None:
        """ "State media said leader Kim oversaw the test and called it "…"": a state or an
        institution reports; the person whose verb stands nearer the quote said it."""
        for verb_start, _, _ in later_verbs:
            people = [m for m in self.mentions_in(verb_end, verb_start) if m.kind == "person"]
            if people:
                return people[0]
        return None

    def opening_person(self, clause_start: int, quote_start: int) -> Attribution | None:
        """ "Rubio also bemoaned a climate in which people "literally hate each other"": a
        partial quote with no reporting verb, in a sentence a person opens as its subject,
        is that person's word."""
        lead = self.text[clause_start:quote_start]
        first = next(iter(self.mentions_in(clause_start, quote_start)), None)
        if (
            first is None
            or first.kind not in ("person", "pronoun")
            or first.name in ("who", "document")
            or len(words(self.text[clause_start : first.start])) > 2
            or ":" in lead
        ):
            return None
        return self.attribution(first)

    def colon_subject(self, clause_start: int, quote_start: int) -> Attribution | None:
        """ "Rutte has made the point bluntly: "…"": no reporting verb, but a colon introduces
        the words of the person the clause opens with."""
        lead = self.text[clause_start:quote_start]
        if not lead.rstrip().endswith(":") or len(words(lead)) < 3:
            return None  # "Tsai: "We will …"", a live blog's heading, is a label
        subjects = self.mentions_in(clause_start, quote_start)
        return self.attribution(subjects[0]) if subjects and subjects[0].kind in ("person", "pronoun") else None

    def subject(self, mentions: list[Mention], verb_start: int) -> Mention | None:
        """The last mention before the verb, unless it sits in a person's apposition
        ("Fu Cong, director-general … at China's Foreign Ministry, said"); none when the
        named ones only qualify an unnamed subject ("The top envoys of South Korea, Japan and
        the US labeled …", "The transition team of President-elect Yoon said")."""
        for mention in mentions:
            gap = self.text[mention.end : verb_start]
            if (
                APPOSITION.fullmatch(gap)
                and (mention.kind == "person" or RELATIVE.match(gap))
                or mention.kind == "person"
                and APPOSITION_THEN_VERB.fullmatch(gap)
            ):
                return mention  # "China's Eastern Theater Command, which oversees … Taiwan, said"
        if mentions and self.qualifies_a_noun(mentions, verb_start):
            return None
        return mentions[-1] if mentions else None

    def qualifies_a_noun(self, mentions: list[Mention], verb_start: int) -> bool:
        """The last mentions form a list ("South Korea, Japan and the US") that follows "of" after
        a common noun that is no role ("envoys of", "team of"): the noun, unnamed, is the subject."""
        chain = [mentions[-1]]
        for mention in reversed(mentions[:-1]):
            if not LIST_GAP.fullmatch(self.text[mention.end : chain[0].start]):
                break
            chain.insert(0, mention)
        if not re.fullmatch(
            r"[\s,]*(?:(?:has|have|had|also|jointly|on \w+)\s+)*", self.text[chain[-1].end : verb_start]
        ):
            return False
        owner = NOUN_OF.search(self.text, max(0, chain[0].start - 60), chain[0].start)
        return owner is not None and owner.group("noun").lower() not in load().titles

    def addressee(self, verb: str, verb_end: int, end: int) -> Mention | None:
        """Who was told: the person after "told", or after "to" ("conveyed to Ambassador X")."""
        people = [m for m in self.mentions_in(verb_end, end) if m.kind in ("person", "pronoun")]
        if verb in TELL:
            return people[0] if people else None
        return next((m for m in people if TO_PERSON.search(self.text[verb_end : m.start])), None)

    def attribution(self, subject: Mention, addressee: Mention | None = None) -> Attribution | None:
        speaker, note = self.resolve(subject)
        if speaker is None:
            return None
        to = self.resolve(addressee)[0] if addressee is not None else None
        return Attribution(speaker, to if to != speaker else None, note)


def attributor_for(text: str, cast: Cast, verbs: frozenset[str], quoted=()) -> Attributor:
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [m.end() for m in re.finditer(r"\n\n", text)]
    return Attributor(text, cast, verbs, tuple(sorted(quoted)), tuple(sorted(starts)))
