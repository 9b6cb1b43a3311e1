"""Scoring shared by the blind corpora (tests/ingest/test_blind_corpora.py) and the case files.

Each corpus's pages were written before their author read the extractor; a corpus's
``floors.yml`` holds the floors its aggregate scores must keep.
"""

from __future__ import annotations

import html
from pathlib import Path

import yaml

from briefing_archive.ingest.score import Tally, compare, norm, verbatim
from tests.support.ingest import article_pairs, draft_file, small_registry

REGISTRY = small_registry()
EXACT_FIELDS = ("title", "date", "outlet", "credit", "byline")


def blind_cases(folder: Path) -> list[tuple[Path, Path]]:
    return article_pairs(folder)


def draft(article: Path):
    return draft_file(article, REGISTRY)


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
    lines = [
        f"{key:20} precision {tally.precision(key):.2f}  recall {tally.recall(key):.2f}"
        f"  ({tally.hits.get(key, 0)}/{tally.found.get(key, 0)} found, {tally.wanted.get(key, 0)} wanted)"
        for key in sorted(tally.found.keys() | tally.wanted.keys())
    ]
    return "\n".join(lines + ["misses:"] + [f"  {miss}" for miss in tally.misses])


def assert_floors(tally: Tally, floors: dict, exact_floors: dict, boilerplate_kept: int, scare_taken: int) -> None:
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
