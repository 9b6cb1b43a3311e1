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
Each case need not be perfect, but the aggregate scores must stay above the floors below.
Run this file directly (or pytest with -s) to print the scores and every miss.
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from briefing_archive.ingest.draft import draft_briefing  # noqa: E402
from briefing_archive.ingest.score import Tally, compare, norm, verbatim  # noqa: E402
from test_ingest_support import KINDS, small_registry  # noqa: E402

BLIND = Path(__file__).parent / "ingest_cases_blind3"
REGISTRY = small_registry()

# Regression floors at the level round 4 reached (below rounds 1-3's 0.9: this round's misses,
# listed in the report, are not all fixed yet). Raise them as the rules improve.
FLOORS = {
    "quotes": (0.88, 0.85),
    "people": (0.88, 0.84),
    "countries": (0.92, 0.98),
    "addressees": (0.8, 0.8),
}
EXACT_FLOORS = {"title": 0.8, "date": 1.0, "outlet": 0.9, "credit": 0.0, "byline": 0.65}
BOILERPLATE_KEPT, SCARE_TAKEN = 0, 2


def blind_cases() -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(BLIND.glob("*.expected.yml")):
        stem = expected.name[:-len(".expected.yml")]
        article = next(p for p in sorted(BLIND.glob(stem + ".*")) if p.suffix in KINDS)
        pairs.append((article, expected))
    return pairs


def draft(article: Path):
    return draft_briefing(article.read_text("utf-8"), filename=article.name, kind=KINDS[article.suffix],
                          registry=REGISTRY, source_file=f"content/articles/{article.name}")


def tally_extras(briefing, expected: dict, where: str, tally: Tally) -> None:
    """What score.compare leaves out: addressees of quotes, and the byline."""
    got = {(norm(q.speaker), norm(q.to), norm(q.text)) for q in briefing.quotes if q.to}
    want = {(norm(q["speaker"]), norm(q["to"]), norm(q["text"])) for q in expected.get("quotes") or () if q.get("to")}
    tally.add("addressees", got, want, where)
    if expected.get("byline") is not None:
        byline = briefing.source.byline
        if isinstance(byline, (tuple, list)):  # the model keeps one entry per author
            byline = ", ".join(byline)
        tally.add("byline", {norm(byline)} if byline else set(), {norm(expected["byline"])}, where)


def score_all() -> Tally:
    tally = Tally()
    for article, expected_file in blind_cases():
        expected = yaml.safe_load(expected_file.read_text("utf-8"))
        briefing = draft(article)
        compare(briefing, expected, article.name, tally)
        if not isinstance(briefing, str):
            tally_extras(briefing, expected, article.name, tally)
    return tally


def report(tally: Tally) -> str:
    lines = [f"{key:20} precision {tally.precision(key):.2f}  recall {tally.recall(key):.2f}"
             f"  ({tally.hits.get(key, 0)}/{tally.found.get(key, 0)} found, {tally.wanted.get(key, 0)} wanted)"
             for key in sorted(tally.found.keys() | tally.wanted.keys())]
    return "\n".join(lines + ["misses:"] + [f"  {miss}" for miss in tally.misses])


def test_blind_scores_meet_floors():
    tally = score_all()
    print("\n" + report(tally))
    for key, (precision, recall) in FLOORS.items():
        assert tally.precision(key) >= precision, (key, tally.precision(key))
        assert tally.recall(key) >= recall, (key, tally.recall(key))
    for key, floor in EXACT_FLOORS.items():
        assert tally.recall(key) >= floor, (key, tally.recall(key))
    assert tally.found.get("boilerplate kept", 0) <= BOILERPLATE_KEPT
    assert tally.found.get("scare quotes taken", 0) <= SCARE_TAKEN


@pytest.mark.parametrize("article, expected", blind_cases(), ids=lambda p: p.name)
def test_blind_quotes_verbatim_and_speakers_are_actors(article, expected):
    briefing = draft(article)
    assert not isinstance(briefing, str), briefing
    source = article.read_text("utf-8")
    if article.suffix == ".html":
        source = html.unescape(source)
    assert verbatim(briefing, source) == []
    names = {actor.name for actor in briefing.actors}
    assert all(q.speaker in names and (q.to is None or q.to in names) for q in briefing.quotes)


if __name__ == "__main__":
    print(report(score_all()))
