"""Blind cases, round 4: twelve pages written before reading the extractor, unlike rounds 1-3.

Kyiv Independent (Q&A interview), The Korea Herald (two Kims, two Lees), a Japanese MOFA press
release (FAMILY-name-first names), a CBS live blog with timestamps, a 960-word Bloomberg analysis
(md, fourteen people), The Hindu (mostly paraphrase), Defense News (scare quotes, exercise, book and
slogan names), CNA (Ms/she, cookie banner), Washington Post/AP (editor's note, several datelines),
Meduza (html, Sergey/Sergei, Zelensky/Zelenskyy), Yahoo/Reuters (non-security, trust footer),
NBC News (heavy nav, "Updated 3:45 PM ET, Tue March 14, 2023").

First run, before any rule was changed: quotes P/R 0.70/0.69, people 0.60/0.54, countries
0.91/0.81, title 0.75, date 1.00, outlet 0.83, credit 0.00 (0 of 3), byline 0.67 (P 0.86),
boilerplate lines kept 13, scare quotes taken 7 (all in the Defense News page), Q&A answers 0 of 4.
After round 4's rule changes: quotes 0.87/0.80, people 0.75/0.67, countries 0.93/0.98, scare
quotes taken 2; title/outlet/credit/byline/boilerplate unchanged (not worked on yet).
After round 5 (office-holders list, no guessed state for leaders and ministers, Q&A answers,
time-only stamps, more furniture): quotes 0.90/0.87, people 0.90/0.86, countries 0.93/1.00,
title 0.83, outlet 0.92, boilerplate kept 0, Q&A answers 4 of 4; credit still 0 of 3.
After round 6 (a syndicated agency is the credit, masthead beats an agency dateline, "By … | AP"
bylines, institutions as speakers incl. "It said", FAMILY-name-first capitals): quotes 0.93/0.94,
people 0.90/0.90, title 1.00, outlet 1.00, credit 1.00 (3 of 3), byline 0.78 (P 1.00).
Each case need not be perfect, but the aggregate scores must stay above the floors below.
Run this file directly (or pytest with -s) to print the scores and every miss.
"""
from __future__ import annotations

from pathlib import Path


from tests.ingest.blind_scoring import report, round_tests, score_all

BLIND = Path(__file__).parent / "ingest" / "blind3"

# Regression floors at the level round 4 reached (below rounds 1-3's 0.9: this round's misses,
# listed in the report, are not all fixed yet). Raise them as the rules improve.
FLOORS = {
    "quotes": (0.92, 0.92),
    "people": (0.89, 0.89),
    "countries": (0.92, 0.98),
    "addressees": (0.8, 0.8),
}
EXACT_FLOORS = {"title": 1.0, "date": 1.0, "outlet": 1.0, "credit": 1.0, "byline": 0.75}
BOILERPLATE_KEPT, SCARE_TAKEN = 0, 2


test_blind_scores_meet_floors, test_blind_quotes_verbatim_and_speakers_are_actors = round_tests(
    BLIND, FLOORS, EXACT_FLOORS, BOILERPLATE_KEPT, SCARE_TAKEN)


if __name__ == "__main__":
    print(report(score_all(BLIND)))
