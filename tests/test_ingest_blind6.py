"""Blind cases, round 6: ten pages written before this round's author read the extractor.

The Independent (curly single quotes whose closing mark is also the apostrophe, a double-quoted
phrase nested inside, "Gen" Nakatani whose given name looks like a rank, "Additional reporting by
agencies"), Sky News (html, straight single quotes with don't/they're inside, "Kim Yo Jong, the
powerful sister of ...", "Ms Kim" vs "Mr Kim", "said Dmitry Peskov, Vladimir Putin's spokesman"),
New Statesman (md analysis: roles after the name and changing, "Mr Ishiba", "Ms Takaichi",
"Gen. Yoshida", two Konos), SBS News (Key Points box: "China's ambassador says ..." named later),
U.S. News & World Report (a Reuters story with "TOKYO, June 10 (Reuters) -" and "Adm."), Focus
Taiwan (CNA dateline, names with characters in brackets, Enditem), AFP (Brussels dateline,
DD/MM/YYYY dates, van der / von der / Jean-Noël, an end slug), The Irish Times (curly single
quotes, fadas, Ó and de particles, Taoiseach/Tánaiste), Korea JoongAng Daily (capitalised byline
with e-mail, two Kims, "Yonhap" credit), RNZ ("At a glance" box, "Mr Brown" vs "Ms Browne").

First run, before any rule was changed (against these expected files): quotes P/R 0.81/0.44,
people 0.66/0.61, countries 0.97/0.94, addressees 0.00/0.00 (of 4), title 0.90, date 0.90,
outlet 0.60, credit 0.40 (2 of 5), byline 0.50 (P 0.57), boilerplate lines kept 7, scare quotes
taken 0. Most quote misses are single-quoted quotes (British style) the rules did not read.
After this round's rules (quotes in single marks, with apostrophes and plural possessives told
apart and nesting either way round, only in prose paragraphs; "what he described as" names a term;
"China's ambassador says" in a summary box is the one ambassador of that state the article names;
"North Korean leader Kim" joins the Kim with that role; a national outlet's state is no home state
for a story that never names it; a job line between byline and date; four outlets, two states):
quotes 0.80/0.74, people 0.68/0.62, countries 0.97/1.00, addressees 0.33/0.25, title 1.00,
date 0.90, outlet 1.00, credit 0.60, byline 0.88 (P 1.00), boilerplate lines kept 7.
Still weak: roles after the name that are not "the <state's> <role>" ("the South's defence
minister", "Vladimir Putin's spokesman", "who became prime minister in October"), "Mr Kim" vs
"Ms Kim", "The elder Mr Kono", Irish particles (Ó Laoghaire) and fadas in names, "Gen" Nakatani
read as a rank, office-holder roles overriding the article's (Premier, Defence), a DD/MM date
read as MM/DD, AFP's end slug as credit, "Source: AAP", and furniture lines (PA Wire, Gift
article, Follow Sky News on WhatsApp).
After round 7's rules (day-first slashed dates, AFP slugs and "Source: AAP" as credit, "Ó" in
names, Taoiseach/Tánaiste/Premier as their own roles, roles after the name as possessives and
clauses, the article's role over the office-holders list's, caption credits and reader appeals as
furniture): quotes 0.83/0.80, people 0.83/0.79, countries 0.97/1.00, addressees 0.33/0.25, title
1.00, date 1.00, outlet 1.00, credit 1.00, byline 1.00, boilerplate lines kept 0.
After round 8's rules (a shared surname after a sentence naming two bearers is its subject,
"telling him" as an addressee, "Name, the … sister of leader X" a person of X's state):
quotes 0.88/0.84, people 0.84/0.82, countries 0.97/1.00, addressees 1.00/1.00.
Each case need not be perfect, but the aggregate scores must stay above the floors below.
Run this file directly (or pytest with -s) to print the scores and every miss.
"""
from __future__ import annotations

from pathlib import Path


from tests.ingest.blind_scoring import report, round_tests, score_all

BLIND = Path(__file__).parent / "ingest" / "blind6"

# Regression floors just under the scores this round reached. Raise them as the rules improve.
FLOORS = {
    "quotes": (0.86, 0.82),
    "people": (0.82, 0.8),
    "countries": (0.95, 0.98),
    "addressees": (1.0, 1.0),
}
EXACT_FLOORS = {"title": 1.0, "date": 1.0, "outlet": 1.0, "credit": 1.0, "byline": 1.0}
BOILERPLATE_KEPT, SCARE_TAKEN = 0, 0


test_blind_scores_meet_floors, test_blind_quotes_verbatim_and_speakers_are_actors = round_tests(
    BLIND, FLOORS, EXACT_FLOORS, BOILERPLATE_KEPT, SCARE_TAKEN)


if __name__ == "__main__":
    print(report(score_all(BLIND)))
