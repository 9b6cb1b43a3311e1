"""Blind cases: articles written without looking at the extractor, scored as a whole.

The rules were tuned on tests/ingest_cases; these cases (other outlets, layouts and
phrasings) measure how well they generalise. Each case need not be perfect, but the
aggregate scores must stay above the floors below. Run this file directly (or pytest
with -s) to print the scores and every miss.
"""
from __future__ import annotations

from pathlib import Path


from tests.ingest.blind_scoring import EXACT_FIELDS, report, round_tests, score_all

BLIND = Path(__file__).parent / "ingest" / "blind"

# Minimum aggregate scores (precision, recall) per field.
FLOORS = {
    "quotes": (0.9, 0.9),
    "people": (0.9, 0.9),
    "countries": (0.9, 0.9),
    "addressees": (0.8, 0.8),
}
EXACT_FLOORS = dict.fromkeys(EXACT_FIELDS, 0.85)
BOILERPLATE_KEPT, SCARE_TAKEN = 3, 0


test_blind_scores_meet_floors, test_blind_quotes_verbatim_and_speakers_are_actors = round_tests(
    BLIND, FLOORS, EXACT_FLOORS, BOILERPLATE_KEPT, SCARE_TAKEN)


if __name__ == "__main__":
    print(report(score_all(BLIND)))
