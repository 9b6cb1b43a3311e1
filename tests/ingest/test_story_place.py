"""The place a story happened, from the dateline opening its first paragraph."""

from __future__ import annotations

import pytest

from briefing_archive.ingest.draft import draft_briefing
from briefing_archive.ingest.story_place import story_place
from tests.support.ingest import small_registry


@pytest.mark.parametrize(
    "lede, place, rule",
    [  # more in story_place.EXAMPLES, run as drafts
        ("SEOUL, Jan. 24 (Yonhap) -- The South Korean government", "Seoul", "capitals_dateline"),
        ("WASHINGTON, Sept. 12, 2016 — The Pentagon said", "Washington", "capitals_dateline"),
        ("TALLINN (Reuters) -Russia detained a tanker", "Tallinn", "capitals_dateline"),
        ("KUALA LUMPUR - Malaysia has always been consistent", "Kuala Lumpur", "capitals_dateline"),
    ],
)
def test_a_dateline_gives_the_place(lede, place, rule):
    assert story_place(lede) == (place, rule)


@pytest.mark.parametrize(
    "lede",
    [
        "BREAKING — North Korea fired a missile",  # a label, not a place
        "NATO - the alliance met on Monday",  # an organisation
        "Japan — which claims the islands — protested",  # a country opening a sentence
        "Moscow says the drills are routine",  # a capital as the subject, no dash
        "US President Joe Biden said on Monday",
    ],
)
def test_no_dateline_no_place(lede):
    assert story_place(lede) == (None, None)


def test_a_draft_records_the_place_and_its_summary_starts_after_the_dateline():
    article = (
        "Seoul condemns launch\n\nMarch 24, 2022\n\n"
        "SEOUL, March 24 (Yonhap) -- The transition team on Thursday strongly condemned "
        "the launch of an apparent intercontinental ballistic missile.\n"
    )
    draft = draft_briefing(
        article, filename="a.txt", kind="txt", registry=small_registry(), source_file="content/articles/a.txt"
    )
    assert draft.location == "Seoul"
    assert draft.summary.startswith("The transition team on Thursday")
