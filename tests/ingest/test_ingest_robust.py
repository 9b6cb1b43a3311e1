"""Odd input never crashes the drafter: it returns a Briefing or a message."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_archive.ingest.draft import draft_briefing
from briefing_archive.model import Briefing
from tests.support.ingest import small_registry

REGISTRY = small_registry()
PIECES = st.sampled_from(
    [
        "Japan and Russia trade barbs",
        "May 30, 2019",
        "14.03.2022",
        "\n\n",
        "\n",
        '"',
        "“",
        "”",
        "Japanese Foreign Minister Taro Kono told his counterpart Sergei Lavrov, ",
        "he said.",
        "Skip to content",
        "Image: AFP",
        "js/sms (AP, dpa)",
        "said",
        "Lavrov",
        " ",
        ",",
        ".",
        "his Russian counterpart",
        "The Japanese say",
        "According to",
        "# Heading",
        "[link](http://x)",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40), st.sampled_from(["txt", "md"]))
def test_any_mix_of_article_pieces_drafts_or_explains(pieces, kind):
    result = draft_briefing(
        "".join(pieces), filename="x.txt", kind=kind, registry=REGISTRY, source_file="content/articles/x.txt"
    )
    assert isinstance(result, (Briefing, str))
    if isinstance(result, Briefing):
        names = {a.name for a in result.actors}
        assert all(q.speaker in names for q in result.quotes)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_drafts_or_explains(text):
    for kind in ("txt", "md", "html"):
        assert isinstance(
            draft_briefing(text, filename="x", kind=kind, registry=REGISTRY, source_file="x"), (Briefing, str)
        )
