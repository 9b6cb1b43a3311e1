"""Blind cases, round 7: eight pages written before this round's author changed any rule.

USNI News (ranks before names: Rear Adm., Adm., Lt. Gen., Senior Col.; roles after them: "the
strike group's commander", "commander of U.S. Pacific Fleet"; "China's Eastern Theater Command"
speaking for itself; an author note at the foot), The Economist (md analysis, no byline,
"Ms Takaichi", two Koizumis told apart by "The elder Mr Koizumi, Junichiro", roles as clauses and
possessives: "since she became prime minister in October", "its consul-general", "the LDP's
secretary-general until October"), The Standard (html, a PA story: "Harriet Aldous, PA Political
Correspondent", "(... /PA Wire)" captions, "his Japanese counterpart, X", "Mr Healey"/"Ms Cooper"),
RTÉ (Irish particles Ó Laoghaire, Ó Ríordáin, Nic Gabhann; "Sinn Féin's defence spokesperson, X";
"Lieutenant General" then "Lt Gen Mulcahy"; "Name, Political Correspondent" byline), the
Philippine Daily Inquirer ("AFP" meaning the armed forces, names with "Jr.", Commodore and Gen.),
The Hankyoreh (three Kims, "Posted on : Nov.3,2025 17:05 KST", "The prime minister added"),
Ukrinform (a day-first "05.12.2025 14:38" date, no byline, a defence minister who was prime
minister until July), Le Monde in English (html, "Le Monde with AFP", roles that changed,
"General Fabien Mandon").

First run, before any rule was changed (against these expected files): quotes P/R 0.71/0.56,
people 0.56/0.42, countries 0.92/0.88, addressees none wanted, title 0.62, date 0.88, outlet
0.50, credit 0.00 (of 2), byline 0.00 (of 4; P 0.00), boilerplate lines kept 7, scare quotes
taken 0. The Hankyoreh page gave no draft at all (its date was not read), and the rest of the
people misses are roles after the name, roles that changed, ranks taken as roles and the
office-holders gazetteer's role winning over the article's.
Two expected files were then aligned with earlier rounds' conventions, not with the extractor:
party spokespeople's roles lose the portfolio ("Sinn Féin's defence spokesperson" is Spokesperson,
as round 6's "defence spokesman" is Spokesman) and "Le Monde with AFP" is the credit (as round 2's
"Euronews with AFP"); against the aligned files the first run's people score is 0.60/0.45.

After this round's rules: quotes 0.86/0.83, people 0.80/0.79, countries 0.93/1.00, title 1.00,
date 1.00, outlet 1.00, credit 0.50, byline 1.00 (P 1.00), boilerplate lines kept 0. Rules
changed: day-first slashed dates (unless a slashed date on the page or an American outlet says
otherwise) and "Nov.3,2025"; a Markdown page's one h1 is its title; "By:" and "Name, Job" bylines
(the job dropped, an agency in it, "PA Political Correspondent", taken as credit); "Source: AAP"
and AFP's "del-jj/rmb" slugs as credit; caption credits and reader appeals as furniture; Irish
particles (Ó, Ní) and accented capitals in names; Irish, party and service titles; an officer of
"U.S. Indo-Pacific Command" serves that state; roles after the name as possessives of anything
("the strike group's commander", "its consul-general") and relative clauses ("who became prime
minister", "who was … until", "who took over Japan's defence ministry"); "Her predecessor, X";
the article's role replaces one the office-holders list filled in; "Gen Nakatani" kept whole.
Still weak: "The elder Mr Koizumi … he told" goes to the son; quotes after a long appositive
("Michael Green, the chief executive of …, who served on …, thinks … he says") go to a name
inside the quote; an institution that is a state's organ ("China's Eastern Theater Command",
"South Korea's Joint Chiefs of Staff", "Downing Street") is read as the state or missed; a state
for a minister the article never gives one ("Shinjiro Koizumi, the defence minister"); "Le Monde
with AFP" is lost by the html extractor; "America" is not read as the United States.
After round 8's rules (a state's named organs as speakers, a relative clause after an institution,
names inside quotes no antecedent, colon-introduced quotes, the story's state for an unplaced
minister, "America"): quotes 0.91/0.88, people 0.88/0.87, countries 0.93/1.00, credit 0.50.
Each case need not be perfect, but the aggregate scores must stay above the floors below.
Run this file directly (or pytest with -s) to print the scores and every miss.
"""
from __future__ import annotations

from pathlib import Path


from tests.ingest.blind_scoring import report, round_tests, score_all

BLIND = Path(__file__).parent / "ingest" / "blind7"

# Regression floors just under the scores this round reached. Raise them as the rules improve.
FLOORS = {
    "quotes": (0.89, 0.86),
    "people": (0.86, 0.85),
    "countries": (0.9, 0.98),
}
EXACT_FLOORS = {"title": 1.0, "date": 1.0, "outlet": 1.0, "credit": 0.5, "byline": 1.0}
BOILERPLATE_KEPT, SCARE_TAKEN = 0, 0


# Pages that give no draft on the first run (no date read); strict, so a fix must remove the entry.
NO_DRAFT_YET: frozenset[str] = frozenset()

test_blind_scores_meet_floors, test_blind_quotes_verbatim_and_speakers_are_actors = round_tests(
    BLIND, FLOORS, EXACT_FLOORS, BOILERPLATE_KEPT, SCARE_TAKEN, NO_DRAFT_YET)


if __name__ == "__main__":
    print(report(score_all(BLIND)))
