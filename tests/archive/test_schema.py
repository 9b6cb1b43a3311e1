"""The briefing schema: a field declared once in ``model`` is read, written, exported, shown
and searched by every stage (``location`` is the example: one line in the schema)."""

import dataclasses
import json

from briefing_archive import render
from briefing_archive.archive import load_archive
from briefing_archive.listing_pages import front_matter_data
from briefing_archive.model import Briefing, Quote, Source
from briefing_archive.parse import parse_briefing
from briefing_archive.records import search_records
from briefing_archive.schema import keys, specs
from briefing_archive.serialize import dump_briefing
from briefing_archive.storage import read_templates
from briefing_archive.workflow import format_text
from tests.support import PROJECT

TEXT = """---
title: Japan protests Russian drills
date: 2019-05-30
status: published
reviewed_by: Ed Itor
source:
  outlet: Kyodo
location: Tokyo
summary: "Japan lodged a protest."
issues: [Kuril Islands]
actors: []
quotes:
  - {speaker: Taro Kono, text: "We cannot accept this."}
---
Body.
"""


def test_the_canonical_order_is_the_order_of_declaration():
    assert keys(Briefing) == (
        "title",
        "date",
        "status",
        "reviewed_by",
        "source",
        "location",
        "summary",
        "issues",
        "actors",
        "quotes",
        "corrections",
        "review",
    )
    assert keys(Source) == ("outlet", "file", "url", "credit", "byline")
    assert keys(Quote) == ("speaker", "to", "text")  # fmt's order, not the dataclass's


def test_every_field_is_declared_with_a_kind_the_stages_know():
    for key, spec in specs(Briefing):
        assert spec.kind in {"text", "date", "choice", "names", "mapping", "items"}, key
        assert (spec.part is not None) == (spec.kind in {"mapping", "items"}), key


def test_a_declared_field_is_read_and_written_back_unchanged():
    briefing = parse_briefing("briefings/2019-05-30-drills.md", TEXT)
    assert isinstance(briefing, Briefing) and briefing.location == "Tokyo"
    assert dump_briefing(briefing) == TEXT
    assert format_text("briefings/2019-05-30-drills.md", TEXT) == TEXT


def test_a_declared_field_is_checked_like_any_other():
    problems = parse_briefing("b.md", TEXT.replace("location: Tokyo", "location: [Tokyo, Osaka]"))
    assert [str(p) for p in problems] == ["b.md:8: location: must be text, not a list"]


def test_fmt_places_a_declared_field_in_the_canonical_order():
    moved = TEXT.replace("location: Tokyo\n", "").replace("status: published\n", "status: published\nlocation: Tokyo\n")
    assert format_text("b.md", moved) == TEXT


def test_a_field_with_a_label_is_shown_exported_and_searchable():
    archive = load_archive(PROJECT)
    briefing = dataclasses.replace(archive.briefings[0], location="Tokyo")
    archive = dataclasses.replace(archive, briefings=(briefing,) + archive.briefings[1:])
    site = render.render_site(archive, read_templates(PROJECT / "templates"))
    page = site[f"briefings/{briefing.stem}/index.html"].decode()
    assert "<dt>Location</dt>\n    <dd>Tokyo</dd>" in page
    exported = next(b for b in json.loads(site["briefings.json"]) if b["path"] == briefing.path)
    assert exported["location"] == "Tokyo"
    filters = {f["name"]: f for f in json.loads(site["search-filters.json"])}
    assert filters["location"] == {"name": "location", "label": "Location", "values": ["Tokyo"]}
    record = next(r for r in search_records(archive) if r["url"] == f"/briefings/{briefing.stem}/")
    assert record["filters"]["location"] == ["Tokyo"]


def test_a_field_left_empty_is_not_shown_exported_or_offered():
    archive = load_archive(PROJECT)
    site = render.render_site(archive, read_templates(PROJECT / "templates"))
    assert all("location" not in b for b in json.loads(site["briefings.json"]))
    assert b"<dt>Location</dt>" not in site[f"briefings/{archive.briefings[0].stem}/index.html"]
    filters = {f["name"]: f for f in json.loads(site["search-filters.json"])}
    assert filters["location"]["values"] == []  # the search page shows no control for it


def test_review_notes_stay_out_of_the_export():
    archive = load_archive(PROJECT)
    briefing = dataclasses.replace(archive.briefings[0], review=("check the date",))
    exported = front_matter_data(briefing)
    assert "review" not in exported and exported["title"] == briefing.title
