"""The Pagefind index: built from the records, under pagefind/, with filters, cached."""
from __future__ import annotations

import gzip
import json

import pytest

from briefing_archive import storage
from briefing_archive import search
from briefing_archive.archive import load_archive
from briefing_archive.records import search_records
from briefing_archive.search import (SearchIndexError, build_search_index, clean_record,
                                     records_hash)
from tests.support import PROJECT

BRIEFING_URL = "/briefings/2019-05-30-japan-russia-accuse-one-another-of-military-buildup/"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return search_records(load_archive(PROJECT))


@pytest.fixture(scope="module")
def bundle(records) -> dict[str, bytes]:
    return build_search_index(records)


def unpacked(data: bytes) -> bytes:
    """A Pagefind data file's payload (gzip, then a 'pagefind_dcd' signature)."""
    return gzip.decompress(data)


def test_the_bundle_lives_under_pagefind_with_its_ui(bundle):
    assert bundle and all(path.startswith("pagefind/") for path in bundle if path != "pagefind-delta/changes.json")
    assert json.loads(bundle["pagefind-delta/changes.json"]) == {"delta": {}, "fresh": [], "hidden": [], "words": []}
    for asset in ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-entry.json",
                  "wasm.en.pagefind"):
        assert f"pagefind/{asset}" in bundle
    entry = json.loads(bundle["pagefind/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 1


def test_every_filter_and_its_values_are_indexed(bundle):
    filters = b"".join(unpacked(data) for path, data in bundle.items()
                       if path.startswith("pagefind/filter/"))
    for name in (b"issue", b"actor", b"country", b"year"):
        assert name in filters
    for value in (b"Kuril Islands", b"Aegis Ashore", b"Sergei Lavrov", b"Japan", b"2019"):
        assert value in filters


def test_the_briefing_text_and_url_are_in_its_fragment(bundle):
    fragments = [unpacked(data) for path, data in bundle.items() if path.startswith("pagefind/fragment/")]
    assert len(fragments) == 1
    assert BRIEFING_URL.encode() in fragments[0]
    assert b"Lavrov" in fragments[0]


def test_records_are_cleaned_to_the_types_pagefind_takes():
    record = clean_record({"url": "/b/", "content": "text", "title": "ignored",
                           "meta": {"title": "T", "none": None}, "filters": {"year": [2019, 2019]},
                           "sort": {"date": "2019-05-30"}})
    assert record == {"url": "/b/", "content": "text", "language": "en", "meta": {"title": "T"},
                      "filters": {"year": ["2019"]}, "sort": {"date": "2019-05-30"}}


def test_the_cache_key_follows_the_text_not_the_order(records):
    cleaned = [clean_record(r) for r in records]
    assert records_hash(cleaned) == records_hash([clean_record(r) for r in records])
    edited = [dict(cleaned[0], content=cleaned[0]["content"] + " more")]
    assert records_hash(edited) != records_hash(cleaned)


def test_an_unchanged_archive_reuses_the_cached_index(records, tmp_path, monkeypatch):
    first = build_search_index(records, tmp_path)
    assert list((tmp_path / ".cache" / "search").iterdir())

    def no_pagefind(_records):
        raise AssertionError("the index was rebuilt although no record changed")

    monkeypatch.setattr(search, "index_records", no_pagefind)
    assert build_search_index(list(reversed(records)), tmp_path) == first


def test_a_changed_record_goes_into_the_delta_and_hides_its_old_self(records, tmp_path):
    base = build_search_index(records, tmp_path)
    edited = [dict(records[0], content=records[0]["content"] + " Kamchatkaqx")] + records[1:]
    bundle = build_search_index(edited, tmp_path)
    old_id = next(p for p, d in base.items() if p.startswith("pagefind/fragment/")
                  and json.loads(unpacked(d)[len(b"pagefind_dcd"):])["url"] == records[0]["url"])
    assert {p: d for p, d in bundle.items() if p.startswith("pagefind/") and p != old_id} == \
        {p: d for p, d in base.items() if p.startswith("pagefind/") and p != old_id}  # the base is kept
    assert json.loads(unpacked(bundle[old_id])[len(b"pagefind_dcd"):])["content"] == ""  # but not the old text
    fragments = [unpacked(d) for p, d in bundle.items() if p.startswith("pagefind-delta/fragment/")]
    assert len(fragments) == 1 and b"Kamchatkaqx" in fragments[0]
    changes = json.loads(bundle["pagefind-delta/changes.json"])
    assert changes["hidden"] == [old_id.rsplit("/", 1)[1].removesuffix(".pf_fragment")]
    assert list(changes["delta"].values()) == [records[0]["sort"]["date"]]
    assert [w for _, w in changes["fresh"]] == ["kamchatkaqx"] and "kamchatkaqx" in changes["words"]
    assert not [p for p in bundle if p.startswith("pagefind-delta/") and p.endswith((".js", ".pagefind"))]


def test_a_changed_or_removed_briefing_leaves_no_old_text_in_the_site(records, tmp_path):
    first = dict(records[0], content=records[0]["content"] + " Wrongnameqx")
    build_search_index([first] + records[1:], tmp_path)
    bundle = build_search_index(records[1:], tmp_path)  # the first one withdrawn
    assert not any(b"Wrongnameqx" in unpacked(d) for p, d in bundle.items() if "/fragment/" in p)
    assert json.loads(bundle["pagefind-delta/changes.json"])["hidden"]


def test_the_preview_index_with_drafts_never_serves_a_published_site(records, tmp_path):
    draft = dict(records[0], url="/briefings/a-draft/", content="Unreviewedqx draft text")
    build_search_index(records + [draft], tmp_path, flavour="preview")
    published = build_search_index(records, tmp_path)
    assert not any(b"Unreviewedqx" in (unpacked(d) if d[:2] == b"\x1f\x8b" else d) for d in published.values())
    assert json.loads(published["pagefind-delta/changes.json"]) == \
        {"delta": {}, "fresh": [], "hidden": [], "words": []}  # its own base, not the preview's


def test_too_many_changes_make_a_new_base(records, tmp_path, monkeypatch):
    build_search_index(records, tmp_path)
    monkeypatch.setattr(search, "DELTA_LIMIT", 0)
    edited = [dict(records[0], content="Kamchatkaqx")] + records[1:]
    bundle = build_search_index(edited, tmp_path)
    assert json.loads(bundle["pagefind-delta/changes.json"])["delta"] == {}
    assert any(b"Kamchatkaqx" in unpacked(d) for p, d in bundle.items() if p.startswith("pagefind/fragment/"))


def test_old_cache_entries_are_pruned(records, tmp_path):
    for n in range(search.CACHE_KEEP + 2):
        build_search_index([dict(records[0], content=f"version {n}")], tmp_path)
    kept = [p for p in (tmp_path / ".cache" / "search").iterdir() if p.is_dir()]
    assert len(kept) == search.CACHE_KEEP
    pointer = storage.read_cache(tmp_path / ".cache/search/base-published").decode()
    assert (tmp_path / ".cache/search" / pointer.split()[0]).is_dir()


def test_a_base_from_another_pagefind_is_not_joined_by_a_delta(records, tmp_path, monkeypatch):
    build_search_index(records, tmp_path)
    monkeypatch.setattr(search, "pagefind_version", lambda: "pagefind-99.0")
    edited = [dict(records[0], content=records[0]["content"] + " Kamchatkaqx")] + records[1:]
    bundle = build_search_index(edited, tmp_path)
    assert json.loads(bundle["pagefind-delta/changes.json"])["delta"] == {}  # a new base, whole
    assert any(b"Kamchatkaqx" in unpacked(d) for p, d in bundle.items() if p.startswith("pagefind/fragment/"))


def test_an_empty_archive_still_gets_a_working_bundle():
    bundle = build_search_index([])
    assert "pagefind/pagefind.js" in bundle and "pagefind/pagefind-entry.json" in bundle


def test_a_missing_pagefind_binary_is_a_clear_error(monkeypatch, records):
    monkeypatch.setattr(search, "get_executable", lambda: None)
    with pytest.raises(SearchIndexError, match="Pagefind binary is missing"):
        build_search_index(records)


def test_pruning_keeps_every_flavours_base(records, tmp_path):
    build_search_index(records, tmp_path)  # the published base
    for n in range(search.CACHE_KEEP + 2):  # many preview deltas since
        build_search_index([dict(records[0], content=f"version {n}")] + records[1:], tmp_path, flavour="preview")
    published = storage.read_cache(tmp_path / ".cache/search/base-published").decode().split()[0]
    assert (tmp_path / ".cache/search" / published / search.CACHE_FILE).is_file()
