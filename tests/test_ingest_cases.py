"""Every case article drafts to what its expected file says, and passes the verbatim check."""
from __future__ import annotations

import pytest
import yaml

from briefing_archive.ingest.draft import draft_briefing
from briefing_archive.ingest.score import Tally, compare, verbatim
from briefing_archive.parse import parse_briefing
from briefing_archive.serialize import dump_briefing
from test_ingest_support import KINDS, case_files, small_registry

REGISTRY = small_registry()


def draft(article):
    return draft_briefing(article.read_text("utf-8"), filename=article.name, kind=KINDS[article.suffix],
                          registry=REGISTRY, source_file=f"content/articles/{article.name}")


@pytest.mark.parametrize("article, expected", case_files(), ids=lambda p: p.name)
def test_case_matches_expected(article, expected):
    tally = Tally()
    briefing = draft(article)
    compare(briefing, yaml.safe_load(expected.read_text("utf-8")), article.name, tally)
    assert tally.misses == []


@pytest.mark.parametrize("article, expected", case_files(), ids=lambda p: p.name)
def test_quotes_occur_verbatim_and_speakers_are_actors(article, expected):
    briefing = draft(article)
    source = article.read_text("utf-8")
    if article.suffix == ".html":
        import html
        source = html.unescape(source)
    assert verbatim(briefing, source) == []
    names = {actor.name for actor in briefing.actors}
    assert all(q.speaker in names and (q.to is None or q.to in names) for q in briefing.quotes)


@pytest.mark.parametrize("article, expected", case_files(), ids=lambda p: p.name)
def test_draft_round_trips_and_is_deterministic(article, expected):
    first, second = draft(article), draft(article)
    text = dump_briefing(first)
    assert text == dump_briefing(second)
    parsed = parse_briefing(first.path, text)
    assert not isinstance(parsed, list), parsed
    assert parsed.status == "draft" and parsed.quotes == first.quotes
