"""Scoring shared by the blind ingest rounds (tests/test_ingest_blind*.py) and the case files.

Each round's cases were written before their author read the extractor; a
round's test names its folder and the floors its aggregate scores must keep.
"""
from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml

from briefing_archive.ingest.draft import draft_briefing
from briefing_archive.ingest.score import Tally, compare, norm, verbatim
from tests.support.ingest import KINDS, small_registry

REGISTRY = small_registry()
EXACT_FIELDS = ("title", "date", "outlet", "credit", "byline")


def blind_cases(folder: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(folder.glob("*.expected.yml")):
        stem = expected.name[:-len(".expected.yml")]
        article = next(p for p in sorted(folder.glob(stem + ".*")) if p.suffix in KINDS)
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


def score_all(folder: Path) -> Tally:
    tally = Tally()
    for article, expected_file in blind_cases(folder):
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


def assert_floors(tally: Tally, floors: dict, exact_floors: dict, boilerplate_kept: int,
                  scare_taken: int) -> None:
    for key, (precision, recall) in floors.items():
        assert tally.precision(key) >= precision, (key, tally.precision(key))
        assert tally.recall(key) >= recall, (key, tally.recall(key))
    for key, floor in exact_floors.items():
        assert tally.recall(key) >= floor, (key, tally.recall(key))
    assert tally.found.get("boilerplate kept", 0) <= boilerplate_kept
    assert tally.found.get("scare quotes taken", 0) <= scare_taken


def assert_quotes_verbatim_and_speakers_are_actors(article: Path) -> None:
    briefing = draft(article)
    assert not isinstance(briefing, str), briefing
    source = article.read_text("utf-8")
    if article.suffix == ".html":
        source = html.unescape(source)
    assert verbatim(briefing, source) == []
    names = {actor.name for actor in briefing.actors}
    assert all(q.speaker in names and (q.to is None or q.to in names) for q in briefing.quotes)


def round_tests(folder: Path, floors: dict, exact_floors: dict, boilerplate_kept: int, scare_taken: int,
                no_draft_yet: frozenset = frozenset()):
    """The two tests every round runs: its aggregate scores against its floors, and each
    page's quotes verbatim with speakers among its actors. ``no_draft_yet``: pages known
    to give no draft, expected to fail (strictly: a fix must take them off the list)."""
    def test_blind_scores_meet_floors():
        tally = score_all(folder)
        print("\n" + report(tally))
        assert_floors(tally, floors, exact_floors, boilerplate_kept, scare_taken)

    cases = [pytest.param(a, e, marks=pytest.mark.xfail(strict=True, reason="no draft yet"))
             if a.name in no_draft_yet else (a, e) for a, e in blind_cases(folder)]

    @pytest.mark.parametrize("article, expected", cases, ids=lambda p: p.name)
    def test_blind_quotes_verbatim_and_speakers_are_actors(article, expected):
        assert_quotes_verbatim_and_speakers_are_actors(article)

    return test_blind_scores_meet_floors, test_blind_quotes_verbatim_and_speakers_are_actors
