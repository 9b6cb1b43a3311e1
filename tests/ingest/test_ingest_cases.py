"""Every case article drafts to what its expected file says, and passes the verbatim check."""

from __future__ import annotations

import pytest
import yaml

from briefing_archive.ingest.score import Tally, compare
from briefing_archive.parse import parse_briefing
from briefing_archive.serialize import dump_briefing
from tests.ingest.blind_scoring import assert_quotes_verbatim_and_speakers_are_actors, draft
from tests.support.ingest import case_files


@pytest.mark.parametrize("article, expected", case_files(), ids=lambda p: p.name)
def test_case_matches_expected(article, expected):
    tally = Tally()
    briefing = draft(article)
    compare(briefing, yaml.safe_load(expected.read_text("utf-8")), article.name, tally)
    assert tally.misses == []


@pytest.mark.parametrize("article, expected", case_files(), ids=lambda p: p.name)
def test_quotes_occur_verbatim_and_speakers_are_actors(article, expected):
    assert_quotes_verbatim_and_speakers_are_actors(article)


@pytest.mark.parametrize("article, expected", case_files(), ids=lambda p: p.name)
def test_draft_round_trips_and_is_deterministic(article, expected):
    first, second = draft(article), draft(article)
    text = dump_briefing(first)
    assert text == dump_briefing(second)
    parsed = parse_briefing(first.path, text)
    assert not isinstance(parsed, list), parsed
    assert parsed.status == "draft" and parsed.quotes == first.quotes
