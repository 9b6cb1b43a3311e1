"""Blind corpora: articles written without looking at the extractor, scored as a whole.

The rules were tuned on tests/ingest/cases; the corpora here (other outlets, layouts and
phrasings, each folder described by its README.md) measure how well they generalise. Every
folder of tests/ingest holding a ``floors.yml`` is a corpus; for each, its pages' aggregate
scores must stay above the floors in that file, and every page's quotes must occur verbatim
with speakers among its actors. A page need not be perfect.

``floors.yml``: ``floors`` (field: [precision, recall]), ``exact_floors`` (field: recall, for
title, date, outlet, credit, byline), ``boilerplate_kept`` and ``scare_quotes_taken`` (the
most allowed) and optionally ``no_draft_yet`` (pages known to give no draft: expected to fail,
strictly, so a fix must take them off the list).

Print the scores and every miss with ``python -m tests.ingest.test_blind_corpora [FOLDER…]``
(or pytest with -s).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from tests.ingest.blind_scoring import (
    EXACT_FIELDS,
    assert_floors,
    assert_quotes_verbatim_and_speakers_are_actors,
    blind_cases,
    report,
    score_all,
)

HERE = Path(__file__).resolve().parent
CORPORA = sorted(floors.parent for floors in HERE.glob("*/floors.yml"))
FLOORS_KEYS = {"floors", "exact_floors", "boilerplate_kept", "scare_quotes_taken", "no_draft_yet"}
FIELDS = {"quotes", "people", "countries", "addressees"}


def read_floors(folder: Path) -> dict:
    """A corpus's floors.yml, checked: unknown keys or fields are an error, not ignored."""
    floors = yaml.safe_load((folder / "floors.yml").read_text("utf-8"))
    assert set(floors) <= FLOORS_KEYS and FLOORS_KEYS - {"no_draft_yet"} <= set(floors), (folder, set(floors))
    assert set(floors["floors"]) <= FIELDS and set(floors["exact_floors"]) <= set(EXACT_FIELDS), folder
    return {
        "floors": {field: tuple(pair) for field, pair in floors["floors"].items()},
        "exact_floors": floors["exact_floors"],
        "boilerplate_kept": floors["boilerplate_kept"],
        "scare_taken": floors["scare_quotes_taken"],
        "no_draft_yet": frozenset(floors.get("no_draft_yet") or ()),
    }


def page_cases() -> list:
    cases = []
    for folder in CORPORA:
        no_draft_yet = read_floors(folder)["no_draft_yet"]
        for article, expected in blind_cases(folder):
            marks = [pytest.mark.xfail(strict=True, reason="no draft yet")] if article.name in no_draft_yet else []
            cases.append(pytest.param(article, expected, marks=marks, id=f"{folder.name}-{article.name}"))
    return cases


def test_every_corpus_folder_has_floors():
    """A folder of expected drafts is either the case files (each scored exactly) or a corpus with floors."""
    folders = {p.parent for p in HERE.glob("*/*.expected.yml")}
    assert folders - {HERE / "cases"} == set(CORPORA)


@pytest.mark.parametrize("folder", CORPORA, ids=lambda folder: folder.name)
def test_blind_scores_meet_floors(folder):
    floors = read_floors(folder)
    tally = score_all(folder)
    print("\n" + report(tally))
    assert_floors(tally, floors["floors"], floors["exact_floors"], floors["boilerplate_kept"], floors["scare_taken"])


@pytest.mark.parametrize("article, expected", page_cases())
def test_blind_quotes_verbatim_and_speakers_are_actors(article, expected):
    assert_quotes_verbatim_and_speakers_are_actors(article)


if __name__ == "__main__":
    for name in sys.argv[1:] or [folder.name for folder in CORPORA]:
        print(f"{name}:\n{report(score_all(HERE / name))}\n")
