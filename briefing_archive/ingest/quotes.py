"""Quotes with their speaker and addressee.

A quote is text between quote marks (see marks.py) that someone is said to have said:
a reporting verb ("said", "told", "adding", "called") stands in the same clause,
before it (``X told Y, "…"``) or after it (``"…," said X``). Its speaker is the
nearest actor mention that is the verb's subject; a pronoun stands for the person
last named. Short quoted phrases with no reporting verb ("two plus two") and
quoted names are scare quotes, not quotes.
"""
from __future__ import annotations

import bisect
import re

from .inherit import inherit_speakers, introduced
from .gazetteer import literal_alternation, load, marked_phrase_list, pronoun_of, word_list
from .marks import Span, quote_spans
from .cast_types import Cast, Mention
from .quote_types import SENTENCE_END, Attribution, Found, words  # noqa: F401 (re-exported)
from .scare import MODIFIER_FOLLOWERS, is_name_in_quotes, is_scare_quote, is_term_in_quotes, is_title_on
from .states import opening_institution

PHRASE_END = re.compile(r"\s*(?:[.,;:!?)]|$|(?:and|but|or|as|for|in|on|to|at|with|from|by)\b)")
DASH = re.compile(r"\s*(?:[—–―]|--?)\s*")  # ""…" — Ursula von der Leyen": a pull quote's speaker
SHORT = 3  # words: a quote this short needs a reporting verb in its clause
TELL = frozenset(word_list("telling_verbs"))  # "X told Y": Y is spoken to
APPOSITION = re.compile(r"\s*,[^,\"“”;]{0,120}(?:,[^,\"“”;]{0,60})?,\s*")
# "Kim Yo Jong, a senior official of the ruling Workers' Party, issued a statement warning …":
# the apposition, then the main verb and a few lower-case words before the reporting verb
APPOSITION_THEN_VERB = re.compile(APPOSITION.pattern + r"(?:[a-z][\w'’-]*\s+){1,6}")
RELATIVE = re.compile(r"\s*,\s*(?:which|who|whose)\b")
TO_PERSON = re.compile(r"\bto\s+(?:[\w'’.-]+\s+){0,4}$")
# A reporting verb's form after a determiner or a possessive is a noun: "a similar attack",
# "Japan's claims", "his call".
NOUN_BEFORE = re.compile(r"(?:\b(?:[Aa]n?|[Tt]he|[Tt]his|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Mm]y|[Yy]our|"
                         r"similar|such|no|any|every|each)|['’]s|s['’])\s+$")
# Reporting verbs that are as often nouns: after a determiner one word back too ("a phone call").
NOUNY = frozenset(word_list("verbs_as_nouns"))
DETERMINER_THEN_WORD = re.compile(NOUN_BEFORE.pattern.replace(r")\s+$", r")\s+[\w-]+\s+$", 1)
                                  + r"|\bof\s+(?:[\w-]+\s+)?$")  # "a flurry of late-night tweets"


def is_noun(text: str, position: int, word: str) -> bool:
    before = text[max(0, position - 30):position]
    return bool(NOUN_BEFORE.search(before) or (word in NOUNY and DETERMINER_THEN_WORD.search(before)))


# "According to a statement from the CGA on Tuesday, …": opening the sentence, it attributes
# everything the sentence quotes.
ACCORDING_OPENING = re.compile(r"\s*[Aa]ccording to (?P<source>[^,;\"“”]{2,120}),")
# "…, and reported": a second predicate of the clause's subject
COORDINATED = re.compile(r",?\s+and\s+(?:also\s+|then\s+|later\s+|\w+ly\s+)?$")
LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")
NOUN_OF = re.compile(r"\b(?P<noun>[a-z][\w-]+)[ ]+of[ ]+(?:the[ ]+)?(?:[A-Z][\w-]*[ ]+){0,3}$")
# Two quotes joined by a conjunction alone are one speaker's
CONJOINED = re.compile(r"[\s,]*(?:and|or|but|as well as|and also)[\s,]*")
TRANSCRIPT_LABEL = re.compile(r"[A-Z][A-Z.' -]{1,30}:\s")
ISSUED = re.compile(rf"\b{literal_alternation(marked_phrase_list('document_nouns', 'issued'))}\s+"
                    r"(?:issued\s+)?(?:from|by|of)\s+(?:the\s+)?")
# A speaker no one names: "the official", "an aide to the minister", "one protester".
UNNAMED = re.compile(r"[\s,]*(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Ss]ome|[Ss]everal)\s+(?:[a-z][\w'’-]*\s*){1,4}(?:[,.]|$)")
# Verbs that introduce words only right after a quote (""…," he continued"), never a clause's
# reported speech before one.
WEAK_VERBS = frozenset(word_list("weak_verbs"))


def agrees(name: str, pronoun: str | None) -> bool:
    """Whether "he"/"she" may stand for ``name``: yes unless its first name is clearly the
    other's (gender-guesser's "male"/"female"; unknown and either-gender names agree)."""
    if pronoun not in ("he", "she"):
        return True
    gender = pronoun_of(name.split()[0]) if " " in name else None
    return gender is None or gender == pronoun


class Attributor:
    def __init__(self, text: str, cast: Cast, verbs: frozenset[str], quoted=()):
        self.text, self.cast, self.verbs = text, cast, verbs
        # a name inside a quote is no antecedent: in ""Putin has shown no interest …," he
        # said", "he" is whoever was named before the quote, not Putin
        self.quoted = sorted(quoted)
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + \
            [m.end() for m in re.finditer(r"\n\n", text)]
        self.sentence_starts.sort()

    def sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self.sentence_starts, position) - 1

    def subject_before(self, position: int, pronoun: str | None = None) -> str | None:
        """The person a pronoun stands for: the first person named in its own sentence
        before it, else in the nearest earlier sentence naming one (its subject). "He" and
        "she" pass over a person whose first name says otherwise ("Hillary … he said")."""
        own = self.sentence_of(position)
        earlier = [m for m in self.cast.mentions if m.end <= position and m.kind == "person"
                   and not self.in_quote(m.start) and agrees(m.name, pronoun)
                   and (self.sentence_of(m.start) != own or self.opens_sentence(m))]
        if not earlier:
            return None
        sentence = self.sentence_of(earlier[-1].start)
        return self.speech_subject(sentence, pronoun) \
            or next(m.name for m in earlier if self.sentence_of(m.start) == sentence)

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
        return subject.name if subject is not None and subject.kind == "person" \
            and agrees(subject.name, pronoun) else None

    def opens_sentence(self, mention: Mention) -> bool:
        """In the pronoun's own sentence only its subject is an antecedent: in "North Korea may
        try …, if Kim Jong-un is "…," he said", "he" is not Kim."""
        start = self.sentence_starts[self.sentence_of(mention.start)]
        return len(words(self.text[start:mention.start])) <= 5

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
            issuer = self.issuer_before(mention.start) or self.institution_before(mention.start) \
                or self.subject_before(mention.start)
            return issuer, None
        if mention.name == "who":
            before = [m for m in self.cast.mentions if m.end <= mention.start and m.kind != "pronoun"]
            return (before[-1].name, None) if before else (None, None)
        if not earlier:
            return None, None
        return self.subject_before(mention.start, mention.name), f"speaker taken from the pronoun {mention.name!r}"

    def issuer_before(self, position: int) -> str | None:
        """"… tweeted a statement from the Presidential Office. … "…," the statement said": the
        statement's named issuer (the last one the text gives before)."""
        issued = list(ISSUED.finditer(self.text, max(0, position - 800), position))
        for match in reversed(issued):
            named = [m for m in self.mentions_in(match.end(), match.end() + 80) if m.kind != "pronoun"]
            if named and not self.text[match.end():named[0].start].strip(" ,"):
                return self.resolve(named[0])[0]
        return None

    def institution_before(self, position: int) -> str | None:
        """What "It said" stands for: the institution opening the sentence before (no guess)."""
        starts, sentence = self.sentence_starts, self.sentence_of(position) - 1
        while sentence > 0 and not self.text[starts[sentence]:starts[sentence + 1]].strip():
            sentence -= 1  # the gap between a paragraph's last full stop and the next paragraph
        return opening_institution(self.text, self.cast.mentions, starts[sentence], starts[sentence + 1]) \
            if sentence >= 0 else None

    def verb_positions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        found = [(start + m.start(), start + m.end(), m.group(0).lower())
                 for m in words(self.text[start:end]) if m.group(0).lower() in self.verbs
                 and not is_noun(self.text, start + m.start(), m.group(0).lower())]
        found += [(start + m.start(), start + m.end(), "according to")
                  for m in re.finditer(r"\b[Aa]ccording to\b", self.text[start:end])]
        inside = self.mentions_in(start, end)  # "United States" holds no verb "states"
        return sorted(v for v in found if not any(m.start <= v[0] < m.end for m in inside))

    def before(self, clause_start: int, quote_start: int) -> Attribution | None:
        """``X said, "…"``, ``X told Y that "…"``, ``according to X, "…"``."""
        verbs = self.verb_positions(clause_start, quote_start)
        if not verbs:
            return self.colon_subject(clause_start, quote_start)
        if verbs[-1][2] == "according to":
            after = self.mentions_in(verbs[-1][1], quote_start)
            return self.attribution(after[0]) if after else None
        quoted = re.search(r"\bquoted\b.*\bas\s+saying\b", self.text[clause_start:quote_start])
        if quoted:  # "X was quoted by RIA as saying": X, not the agency
            subjects = self.mentions_in(clause_start, clause_start + quoted.start())
            return self.attribution(subjects[-1]) if subjects else None
        opening = ACCORDING_OPENING.match(self.text, clause_start, quote_start)
        if opening and self.speech_verb(self.verb_positions(opening.end(), quote_start), opening.end()) is None:
            # "According to a statement from the CGA, … "…"": the sentence says no one else spoke
            source = self.mentions_in(opening.start("source"), opening.end("source"))
            return self.attribution(source[0]) if source else None
        index = self.speech_verb(verbs, clause_start)
        if index is None:
            return self.colon_subject(clause_start, quote_start)
        verb_start, verb_end, verb = verbs[index]
        mentions = self.mentions_in(clause_start, verb_start)
        if COORDINATED.search(self.text, clause_start, verb_start):
            # "X referred to a report by Y, and reported "…"": X's words; "state media said
            # leader Kim oversaw the test and called it "…"": the subject after the reporting verb
            said = [v for v in verbs[:index] if v[2] != "according to"]
            reported = self.mentions_in(said[-1][1], verb_start) if said else []
            mentions = reported[:1] or mentions[:1]
        subject = self.subject(mentions, verb_start)
        if subject is None:
            return None
        if subject.kind in ("country", "organisation"):
            subject = self.reported_speaker(verbs[index + 1:], verb_end) or subject
        found = self.attribution(subject, self.addressee(verb, verb_end, quote_start))
        return self.told_him(found, verbs[-1][2], verbs[-1][1])  # the verb nearest the quote

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
            participle = verb.endswith("ing") and re.search(r"(?:,|\b(?:before|after|while|when|by|for|without|upon))\s*$",
                                                            self.text[clause_start:verb_start])
            candidates.append((index, verb in WEAK_VERBS or bool(participle)))
        strong = [index for index, weak in candidates if not weak]
        return strong[-1] if strong else (candidates[0][0] if candidates else None)

    def told_him(self, found: Attribution | None, verb: str, verb_end: int) -> Attribution | None:
        """"Albanese raised it with Premier Li Qiang, telling him …": "him"/"her" after a verb
        of telling is the person named last before it who is not the speaker."""
        if found is None or found.to is not None or verb not in TELL \
                or not re.match(r"\s+(?:him|her)\b", self.text[verb_end:verb_end + 6]):
            return found
        others = [m for m in self.cast.mentions if m.end <= verb_end and m.kind == "person"
                  and m.name != found.speaker and not self.in_quote(m.start)]
        near = others and self.sentence_of(others[-1].start) >= self.sentence_of(verb_end) - 1
        return Attribution(found.speaker, others[-1].name, found.note) if near else found

    def reported_speaker(self, later_verbs, verb_end: int) -> Mention | None:
        """"State media said leader Kim oversaw the test and called it "…"": a state or an
        institution reports; the person whose verb stands nearer the quote said it."""
        for verb_start, _, _ in later_verbs:
            people = [m for m in self.mentions_in(verb_end, verb_start) if m.kind == "person"]
            if people:
                return people[0]
        return None

    def opening_person(self, clause_start: int, quote_start: int) -> Attribution | None:
        """"Rubio also bemoaned a climate in which people "literally hate each other"": a
        partial quote with no reporting verb, in a sentence a person opens as its subject,
        is that person's word."""
        lead = self.text[clause_start:quote_start]
        first = next(iter(self.mentions_in(clause_start, quote_start)), None)
        if first is None or first.kind not in ("person", "pronoun") or first.name in ("who", "document") \
                or len(words(self.text[clause_start:first.start])) > 2 or ":" in lead:
            return None
        return self.attribution(first)

    def colon_subject(self, clause_start: int, quote_start: int) -> Attribution | None:
        """"Rutte has made the point bluntly: "…"": no reporting verb, but a colon introduces
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
            gap = self.text[mention.end:verb_start]
            if APPOSITION.fullmatch(gap) and (mention.kind == "person" or RELATIVE.match(gap)) \
                    or mention.kind == "person" and APPOSITION_THEN_VERB.fullmatch(gap):
                return mention  # "China's Eastern Theater Command, which oversees … Taiwan, said"
        if mentions and self.qualifies_a_noun(mentions, verb_start):
            return None
        return mentions[-1] if mentions else None

    def qualifies_a_noun(self, mentions: list[Mention], verb_start: int) -> bool:
        """The last mentions form a list ("South Korea, Japan and the US") that follows "of" after
        a common noun that is no role ("envoys of", "team of"): the noun, unnamed, is the subject."""
        chain = [mentions[-1]]
        for mention in reversed(mentions[:-1]):
            if not LIST_GAP.fullmatch(self.text[mention.end:chain[0].start]):
                break
            chain.insert(0, mention)
        if not re.fullmatch(r"[\s,]*(?:(?:has|have|had|also|jointly|on \w+)\s+)*", self.text[chain[-1].end:verb_start]):
            return False
        owner = NOUN_OF.search(self.text, max(0, chain[0].start - 60), chain[0].start)
        return bool(owner) and owner.group("noun").lower() not in load().titles

    def addressee(self, verb: str, verb_end: int, end: int) -> Mention | None:
        """Who was told: the person after "told", or after "to" ("conveyed to Ambassador X")."""
        people = [m for m in self.mentions_in(verb_end, end) if m.kind in ("person", "pronoun")]
        if verb in TELL:
            return people[0] if people else None
        return next((m for m in people if TO_PERSON.search(self.text[verb_end:m.start])), None)

    def after(self, quote_end: int, clause_end: int) -> Attribution | None:
        """``"…," X said``, ``"…," said X, the …``, ``"…," he told Y``."""
        dash = DASH.match(self.text, quote_end, clause_end)
        named = self.mentions_in(dash.end(), clause_end)[:1] if dash else []
        if named and named[0].start == dash.end() and named[0].kind == "person":
            return self.attribution(named[0])
        verbs = [v for v in self.verb_positions(quote_end, clause_end)
                 if len(words(self.text[quote_end:v[0]])) <= 20]  # "…," Name, a long apposition, said
        if not verbs:
            return None
        verb_start, verb_end, verb = verbs[0]
        # ""…," US ambassador to Nato Julianne Smith told": the subject is the mention nearest the
        # verb, unless the one before heads an apposition (""…," Lavrov, Russia's minister, said")
        between = self.mentions_in(quote_end, verb_start)
        if verb.endswith("ing"):  # ""…," Blige sings to Clinton before asking her": the clause's subject
            between = between[:1]
        subject = self.subject(between, verb_start) if between else None
        subjects = [subject] if subject is not None else self.mentions_in(verb_end, clause_end)[:1]
        if verb == "according to":
            subjects = self.mentions_in(verb_end, clause_end)[:1]
        if not subjects:
            return None
        objects = [m for m in self.mentions_in(verb_end, clause_end)
                   if m.kind in ("person", "pronoun") and m is not subjects[0]] if verb in TELL else []
        return self.attribution(subjects[0], objects[0] if objects else None)

    def attribution(self, subject: Mention, addressee: Mention | None = None) -> Attribution | None:
        speaker, note = self.resolve(subject)
        if speaker is None:
            return None
        to = self.resolve(addressee)[0] if addressee is not None else None
        return Attribution(speaker, to if to != speaker else None, note)


def clause_bounds(paragraph: str, offset: int, span: Span, previous_end: int, next_start: int):
    """Where the quote's sentence starts (after the previous quote) and ends."""
    local_start = span.start - offset - 1
    head = paragraph[previous_end - offset:local_start] if previous_end > offset else paragraph[:local_start]
    ends = list(SENTENCE_END.finditer(head))
    start = (previous_end if previous_end > offset else offset) + (ends[-1].end() if ends else 0)
    tail = paragraph[span.end - offset + 1:next_start - offset]
    stop = SENTENCE_END.search(tail)
    end = span.end + 1 + (stop.end() if stop else len(tail))
    return start, end


def attribute(attributor: Attributor, paragraph: str, offset: int, spans: list[Span], i: int,
              previous: Attribution | None = None):
    span = spans[i]
    previous_end = spans[i - 1].end + 1 if i else offset
    next_start = spans[i + 1].start - 1 if i + 1 < len(spans) else offset + len(paragraph)
    start, end = clause_bounds(paragraph, offset, span, previous_end, next_start)
    lead_words = len(words(attributor.text[start:span.start - 1]))
    before = lambda: attributor.before(start, span.start - 1)  # noqa: E731
    after = lambda: None if span.open_ended else attributor.after(span.end + 1, end)  # noqa: E731
    before_context = attributor.text[start:span.start - 1]
    if is_scare_quote(span, before_context, attributor.text[span.end + 1:span.end + 30]) or is_term_in_quotes(span):
        return None, True
    if is_name_in_quotes(span):
        # a name, unless a verb before it reports it as said: a verb after it ("began
        # "Zapad-2021," a drill NATO officials say …") reports the rest of the sentence;
        # after a preposition ("appearing on "Morning Joe"") it is a title, whatever the verb
        return (None if is_title_on(before_context) or modifies_noun(attributor.text, span) else before()), True
    if TRANSCRIPT_LABEL.match(span.text):
        return None, False  # ""PENCE: Well, look, …"": a transcript's turn, its label no actor here
    if previous is not None and i and CONJOINED.fullmatch(attributor.text, spans[i - 1].end + 1, span.start - 1):
        return previous, False  # "criticized China's "…" and "…"": one speaker for both
    if len(span.text.split()) <= SHORT:
        # a partial quote needs its verb in the clause before it, or continues the sentence of
        # the quote before it: "X accused it of "…" and of trying to "mess up Asia""
        # ("the "strategic ambiguity" policy", a quoted modifier of a noun, continues nothing)
        same_sentence = i and not SENTENCE_END.search(attributor.text, spans[i - 1].end + 1, span.start - 1) \
            and PHRASE_END.match(attributor.text, span.end + 1)
        # with no verb at all, the sentence's opening person said it, unless it modifies a noun
        # (military "unsafe" encounters)
        opening = None if modifies_noun(attributor.text, span) else attributor.opening_person(start, span.start - 1)
        # a short utterance opening its sentence is reported after it: ""No," he said"
        # (or, with no verb before it, one it introduces: ""key interests," reiterated Prime Minister Lee")
        verb_before = attributor.verb_positions(start, span.start - 1)
        spoken = ((lead_words == 0 or not verb_before) and not modifies_noun(attributor.text, span) and after()) or None
        return before() or opening or (previous if same_sentence else None) or spoken, True
    return (after() or before()) if lead_words < 3 else (before() or after()), False


ADVERBS = frozenset(word_list("adverbs_after_quote"))


def modifies_noun(text: str, span: Span) -> bool:
    """Military "unsafe" encounters: one or two quoted words before a noun qualify it."""
    after = re.match(r"[\s,]*([a-z]+)\b", text[span.end + 1:span.end + 30])
    return len(span.text.split()) <= 2 and after is not None and after.group(1) not in MODIFIER_FOLLOWERS \
        and after.group(1) not in ADVERBS and not after.group(1).endswith("ly") \
        and text[span.end - 1:span.end].isalpha()


def unnamed_speaker(attributor: Attributor, paragraph: str, offset: int, spans: list[Span], i: int) -> bool:
    """""…," the official said': the quote's own sentence has a reporting verb, but the
    one speaking is nobody the article names; no earlier speaker may be guessed for it."""
    span = spans[i]
    previous_end = spans[i - 1].end + 1 if i else offset
    next_start = spans[i + 1].start - 1 if i + 1 < len(spans) else offset + len(paragraph)
    start, end = clause_bounds(paragraph, offset, span, previous_end, next_start)
    text = attributor.text
    for verb_start, verb_end, _ in attributor.verb_positions(span.end + 1, end)[:1]:
        if UNNAMED.match(text[span.end + 1:verb_start]) or UNNAMED.match(text[verb_end:end]):
            return True
    return any(UNNAMED.match(text[start:verb_start]) for verb_start, _, _ in attributor.verb_positions(start, span.start - 1)[:1])


def find_quotes(paragraphs: list[str], cast: Cast, verbs: frozenset[str], text: str):
    """(Found quotes in order, notes for the editor)."""
    found: list[Found] = []
    offset, spans_of = 0, []
    for paragraph in paragraphs:
        spans_of.append(quote_spans(paragraph, offset))
        offset += len(paragraph) + 2
    attributor = Attributor(text, cast, verbs, [(s.start, s.end) for spans in spans_of for s in spans])
    offset = 0
    for number, paragraph in enumerate(paragraphs):
        spans = spans_of[number]
        previous = None
        for i in range(len(spans)):
            attribution, short = attribute(attributor, paragraph, offset, spans, i, previous)
            if attribution is not None or not short:
                framed = attribution is None and (introduced(text, offset, spans, i)
                                                  or TRANSCRIPT_LABEL.match(spans[i].text) is not None
                                                  or unnamed_speaker(attributor, paragraph, offset, spans, i))
                found.append(Found(spans[i], number, attribution, framed, not any(f.paragraph == number for f in found)))
            previous = attribution
        offset += len(paragraph) + 2
    named = {}  # paragraph → people it names: a guess from an earlier paragraph skips these
    for mention in cast.mentions:
        if mention.kind == "person" and not attributor.in_quote(mention.start):  # "Dr Yang's" in a quote
            named.setdefault(text.count("\n\n", 0, mention.start), set()).add(mention.name)
    def named_before(item: Found) -> str | None:
        """The one person the quote's own paragraph names before it (outside quotes)."""
        start = text.rfind("\n\n", 0, item.span.start) + 2 if "\n\n" in text[:item.span.start] else 0
        people = {m.name for m in cast.mentions if start <= m.start < item.span.start and m.kind == "person"
                  and not attributor.in_quote(m.start)}
        return people.pop() if len(people) == 1 else None
    return inherit_speakers(found, named, lead_ins(paragraphs, spans_of, attributor), named_before)


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
            inverted = attributor.mentions_in(verbs[-1][1], end)[:1] \
                if len(words(attributor.text[verbs[-1][1]:end])) <= 8 else []
            attribution = attributor.attribution(inverted[0]) if inverted else attributor.before(start, end)
            if attribution is not None:
                found[number] = attribution
        offset += len(paragraph) + 2
    return found
