"""Blind cases, round 8: eight pages written before this round's author changed any rule.

NHK World (Japanese names family name first, "Koizumi Shinjiro", kept as printed; "Koizumi told
Hegseth"; "America" in a quote; "China's Foreign Ministry" speaking), Kyodo (no byline, the Japan
Coast Guard and "China's coast guard" as speakers, "told Shi Yong, deputy chief of mission at the
Chinese Embassy", a defense minister the article never places), CNN (html, two linked bylines,
"US 7th Fleet", "China's Eastern Theater Command" and "Taiwan's Ministry of National Defense" as
speakers, "its spokesperson, Navy Senior Col. Xu Chenghua", a long appositive before a quote in
the next paragraph, a contributor line as credit), Financial Times (md feature, "Name in City and
Name in City" byline, lower-case titles, a colon-introduced quote, "Nato secretary-general", an
anonymous official), dpa (a "25.11.2025 | 14:32" date, "Vilnius (dpa) -", "Lithuanian counterpart,
Dovilė Šakalienė", the Kremlin's spokesman, a "dpa cs/mk" slug), Anadolu ("Türkiye", a "Name
|27.11.2025 - Update : ..." byline line, "Fidan said:" then a quote, "Fidan told Sybiha", "The
Kremlin said"), Bernama (Datuk Seri and Tan Sri honorifics, officials never placed in a Malaysia
story, "02/12/2025" day-first, "-- BERNAMA"), ABC News (the American network; "South Korea's Joint
Chiefs of Staff" then "the Joint Chiefs said", "The Pentagon said", "Kim's sister, Kim Yo Jong",
a "RADDATZ:/HEGSETH:" transcript).

First run, before any rule was changed (against these expected files): quotes P/R 0.67/0.61,
people 0.65/0.62, countries 0.97/1.00, addressees 1.00/1.00 (5 of 5), title 1.00, date 0.75,
outlet 0.75, credit 1.00 (3 of 3), byline 0.50 (P 1.00), boilerplate lines kept 3, scare quotes
taken 0. Institutions as speakers were read as their state ("Taiwan" for China's Eastern Theater
Command, "Japan" for South Korea's Joint Chiefs of Staff, "United States" for the 7th Fleet),
Malay honorifics were kept in names, officials never placed got no state, the FT's colon quote
and a quote after a long appositive went to the wrong person, and two outlets were unknown.
One expected file was then aligned with earlier rounds' conventions, not with the extractor: the
FT's "Nato secretary-general" is Secretary General (as rounds 1-4's Stoltenberg, Guterres and
Rutte) and "deputy prime minister and defence minister" keeps both roles (as round 4's Marles);
against the aligned file the first run's people score is 0.67/0.64.
After this round's rules: quotes 0.96/0.93, people 0.76/0.76, countries 0.97/1.00, addressees
1.00/1.00, title 1.00, date 0.88, outlet 1.00, credit 1.00, byline 0.50 (P 1.00), boilerplate
lines kept 0. Rules changed: a state's named organ ("China's Eastern Theater Command", a numbered
"US 7th Fleet") is an organisation of that state named as printed, and "the Joint Chiefs" / "the
command" refer back to an organ; a relative clause after an institution keeps it the subject;
"its spokesperson, [rank] X" takes the state opening the sentence before; a name inside a quote
is no antecedent for "he said"; a colon introduces the words of the person its clause opens
with, and a quote opened by a colon clause of its own ("One senior EU official put it: …")
inherits no earlier speaker; "state media said Kim … called it "…"" gives the words to the
person; "Name, a/an/the …" opening a sentence (or after "Kim's sister, ") is a person, of the
principal's state; an unplaced minister or leader gets the story's state (dateline, national
outlet, or a state named twice as often as any other) unless it already has that role's holder;
a shared surname after a sentence naming two bearers is its subject; "telling him" is an
addressee; Malaysian honorifics are no part of names; "America" is the United States;
capitalised transcript labels ("HEGSETH:"); Bernama and dpa as outlets; agency sign-offs and
slugs as furniture.
Still weak: roles the titles list lacks ("Korea expert", "defence commissioner", "deputy chief
of mission", "Chief of Navy"), "Dovilė Šakalienė" cut at "Š", a minister placed by "In Warsaw,"
(read as the story's Germany), bylines in "Name in City and Name in City" and Anadolu's
"Name |dd.mm.yyyy" forms, a metadata UTC date beating the page's local one (CNN), "Chinese coast
guard" named by its first wording not the speaking one, a brigade commander given the host state.
Each case need not be perfect, but the aggregate scores must stay above the floors below.
Run this file directly (or pytest with -s) to print the scores and every miss.
"""
from __future__ import annotations

from pathlib import Path


from tests.ingest.blind_scoring import report, round_tests, score_all

BLIND = Path(__file__).parent / "ingest" / "blind8"

# Regression floors just under the scores this round reached. Raise them as the rules improve.
FLOORS = {
    "quotes": (0.94, 0.91),
    "people": (0.74, 0.74),
    "countries": (0.95, 0.98),
    "addressees": (1.0, 1.0),
}
EXACT_FLOORS = {"title": 1.0, "date": 0.85, "outlet": 1.0, "credit": 1.0, "byline": 0.5}
BOILERPLATE_KEPT, SCARE_TAKEN = 0, 0


# Pages that give no draft on the first run (no date read); strict, so a fix must remove the entry.
NO_DRAFT_YET: frozenset[str] = frozenset()

test_blind_scores_meet_floors, test_blind_quotes_verbatim_and_speakers_are_actors = round_tests(
    BLIND, FLOORS, EXACT_FLOORS, BOILERPLATE_KEPT, SCARE_TAKEN, NO_DRAFT_YET)


if __name__ == "__main__":
    print(report(score_all(BLIND)))
