"""The Pagefind index: built from the records, under pagefind/, with filters, cached."""

from __future__ import annotations

import gzip
import itertools
import json
import re

import pytest

from briefing_archive import pagefind_service, search, search_shards, storage
from briefing_archive.archive import load_archive
from briefing_archive.records import search_records
from briefing_archive.search import SearchIndexError, build_search_index, clean_record, records_hash
from briefing_archive.search_shards import read_listing
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
    assert bundle and all(path.startswith("pagefind/") for path in bundle)
    for asset in (
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
        "shards.json",
    ):
        assert f"pagefind/{asset}" in bundle
    (shard,) = read_listing(bundle["pagefind/shards.json"])
    entry = json.loads(bundle[f"pagefind/shards/{shard['key']}/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == shard["pages"] == 1


def test_every_filter_and_its_values_are_indexed(bundle):
    filters = b"".join(
        unpacked(data) for path, data in bundle.items() if path.startswith("pagefind/shards/") and "/filter/" in path
    )
    for name in (b"issue", b"actor", b"country", b"year"):
        assert name in filters
    for value in (b"Kuril Islands", b"Aegis Ashore", b"Sergei Lavrov", b"Japan", b"2019"):
        assert value in filters


def test_the_briefing_text_and_url_are_in_its_fragment(bundle):
    fragments = [
        unpacked(data) for path, data in bundle.items() if path.startswith("pagefind/shards/") and "/fragment/" in path
    ]
    assert len(fragments) == 1
    assert BRIEFING_URL.encode() in fragments[0]
    assert b"Lavrov" in fragments[0]


def test_records_are_cleaned_to_the_types_pagefind_takes():
    record = clean_record(
        {
            "url": "/b/",
            "content": "text",
            "title": "ignored",
            "meta": {"title": "T", "none": None},
            "filters": {"year": [2019, 2019]},
            "sort": {"date": "2019-05-30"},
        }
    )
    assert record == {
        "url": "/b/",
        "content": "text",
        "language": "en",
        "meta": {"title": "T"},
        "filters": {"year": ["2019"]},
        "sort": {"date": "2019-05-30"},
    }


def test_the_cache_key_follows_the_text_not_the_order(records):
    cleaned = [clean_record(r) for r in records]
    assert records_hash(cleaned) == records_hash([clean_record(r) for r in records])
    edited = [dict(cleaned[0], content=cleaned[0]["content"] + " more")]
    assert records_hash(edited) != records_hash(cleaned)


def test_an_unchanged_archive_reuses_the_cached_index(records, tmp_path, monkeypatch):
    first = build_search_index(records, tmp_path)
    assert list((tmp_path / ".cache" / "search").iterdir())

    def no_pagefind(*_args):
        raise AssertionError("the index was rebuilt although no record changed")

    monkeypatch.setattr(search, "index_records", no_pagefind)
    assert build_search_index(list(reversed(records)), tmp_path) == first


def record(day: int, text: str = "") -> dict:
    """A briefing's record on day ``day`` of 2020 (each day a different briefing)."""
    date = f"2020-{1 + day // 28:02d}-{1 + day % 28:02d}"
    return clean_record(
        {
            "url": f"/briefings/{date}-b{day}/",
            "content": f"Briefing {day} {text}",
            "meta": {"title": f"B{day}", "date": date},
            "filters": {"year": ["2020"]},
            "sort": {"date": date},
        }
    )


MANY = [record(day) for day in range(60)]


def shard_keys(bundle: dict[str, bytes]) -> list[str]:
    return [shard["key"] for shard in read_listing(bundle["pagefind/shards.json"])]


def shard_dates(bundle: dict[str, bytes], key: str) -> list[str]:
    """The dates of the briefings a shard's fragments hold (from their URLs)."""
    fragments = [unpacked(d) for p, d in bundle.items() if p.startswith(f"pagefind/shards/{key}/fragment/")]
    return [m.decode() for f in fragments for m in re.findall(rb'"url":"/briefings/(\d{4}-\d\d-\d\d)-', f)]


def shard_files(bundle: dict[str, bytes], keys: list[str]) -> dict[str, bytes]:
    return {path: data for path, data in bundle.items() if path.split("/")[2:3] and path.split("/")[2] in keys}


def cached_folders(root) -> set[str]:
    return {p.name for p in (root / ".cache" / "search").iterdir() if p.is_dir()}


def test_shards_are_runs_of_consecutive_dates_of_bounded_size():
    sizes = search_shards.ShardSizes(least=8, target=12, most=20)
    shards = search_shards.split_into_shards(list(reversed(MANY)), sizes)
    assert [r for shard in shards for r in shard] == MANY  # oldest first, each once
    assert all(8 <= len(shard) <= 20 for shard in shards[:-1]) and 1 <= len(shards[-1]) <= 20


def test_a_new_briefing_or_a_removed_one_changes_its_own_shard_only():
    sizes = search_shards.ShardSizes(least=8, target=12, most=20)
    shards = search_shards.split_into_shards(MANY, sizes)
    newer = search_shards.split_into_shards(MANY + [record(80)], sizes)
    assert newer[:-1] == shards[:-1]  # a new briefing joins the newest shard
    middle = shards[1][3]  # not the last of its shard: no shard ends after it
    fewer = search_shards.split_into_shards([r for r in MANY if r is not middle], sizes)
    assert [s for s in fewer if s not in shards] == [[r for r in shards[1] if r is not middle]]


def test_the_bundle_lists_its_shards_newest_first_each_without_pagefinds_code(small_shards):
    bundle = build_search_index(MANY)
    listing = read_listing(bundle["pagefind/shards.json"])
    assert len(listing) >= 3 and sum(shard["pages"] for shard in listing) == 60
    dates = [shard_dates(bundle, shard["key"]) for shard in listing]
    assert [len(shard) for shard in dates] == [shard["pages"] for shard in listing]
    assert all(min(newer) >= max(older) for newer, older in itertools.pairwise(dates))
    for shard in listing:
        files = [p.split("/", 3)[3] for p in bundle if p.startswith(f"pagefind/shards/{shard['key']}/")]
        assert "pagefind-entry.json" in files and any(f.startswith("fragment/") for f in files)
        assert not [f for f in files if f.endswith((".js", ".css", ".pagefind"))]
        entry = json.loads(bundle[f"pagefind/shards/{shard['key']}/pagefind-entry.json"])
        assert entry["languages"]["en"]["page_count"] == shard["pages"]


def test_the_shards_of_a_whole_bundle_are_indexed_by_a_pagefind_for_each_thread_as_each_alone(
    small_shards, monkeypatch
):
    """A Pagefind process's start was ~17 ms of its CPU for each of 133 shards at 30,000
    briefings: each of the two threads keeps its process for its next shard."""
    from briefing_archive import pagefind_service

    started = []

    class Counted(pagefind_service.PagefindService):
        def __init__(self):
            super().__init__()
            started.append(self)

    alone = {  # each shard indexed by a process of its own
        records_hash(shard)[:20]: search_shards.shard_bundle(pagefind_service.index_records(shard))
        for shard in search_shards.split_into_shards(MANY)
    }
    monkeypatch.setattr(pagefind_service, "PagefindService", Counted)
    bundle = build_search_index(MANY)
    shards = len(shard_keys(bundle))
    assert shards >= 3 and len(started) <= 1 + search.PAGEFINDS  # the primary's own, one for each thread
    assert all(service.process.poll() is not None for service in started)  # none left running
    for key in shard_keys(bundle):
        files = {p.split("/", 3)[3]: d for p, d in bundle.items() if p.startswith(f"pagefind/shards/{key}/")}
        assert files == alone[key]


def test_editing_one_briefing_indexes_its_shard_again_and_no_other(small_shards, tmp_path):
    first = build_search_index(MANY, tmp_path)
    before = cached_folders(tmp_path)
    edited = [dict(r, content=r["content"] + " Kamchatkaqx") if r is MANY[30] else r for r in MANY]
    bundle = build_search_index(edited, tmp_path)
    assert len(cached_folders(tmp_path) - before) == 1  # one Pagefind run, one new cached shard
    changed = [key for key in shard_keys(bundle) if key not in shard_keys(first)]
    assert len(changed) == 1 and len(shard_keys(bundle)) == len(shard_keys(first))
    kept = [key for key in shard_keys(first) if key in shard_keys(bundle)]
    assert shard_files(bundle, kept) == shard_files(first, kept) and len(kept) == len(shard_keys(first)) - 1
    assert any(b"Kamchatkaqx" in unpacked(d) for p, d in bundle.items() if changed[0] in p and "/fragment/" in p)


def test_a_damaged_cached_shard_is_indexed_again_never_served(small_shards, tmp_path):
    fresh = build_search_index(MANY)
    build_search_index(MANY, tmp_path)
    for pack in (tmp_path / ".cache" / "search").glob("*/bundle.pack"):
        data = bytearray(pack.read_bytes())
        data[len(data) // 2] ^= 0xFF
        pack.write_bytes(bytes(data))
    assert build_search_index(MANY, tmp_path) == fresh


def test_a_changed_or_removed_briefing_leaves_no_old_text_in_the_site(records, tmp_path):
    first = dict(records[0], content=records[0]["content"] + " Wrongnameqx")
    build_search_index([first] + records[1:], tmp_path)
    bundle = build_search_index(records[1:], tmp_path)  # the first one withdrawn
    assert not any(b"Wrongnameqx" in unpacked(d) for p, d in bundle.items() if "/fragment/" in p)
    assert read_listing(bundle["pagefind/shards.json"]) == []


def test_the_preview_index_with_drafts_never_serves_a_published_site(records, tmp_path):
    draft = dict(records[0], url="/briefings/a-draft/", content="Unreviewedqx draft text")
    build_search_index(records + [draft], tmp_path, flavour="preview")
    published = build_search_index(records, tmp_path)
    assert not any(b"Unreviewedqx" in (unpacked(d) if d[:2] == b"\x1f\x8b" else d) for d in published.values())


def test_old_cache_entries_are_pruned(records, tmp_path):
    for n in range(search.CACHE_KEEP + 3):
        build_search_index([dict(records[0], content=f"version {n}")], tmp_path)
    current = storage.read_cache(tmp_path / ".cache/search/current-published").decode().split()
    assert len(cached_folders(tmp_path)) == search.CACHE_KEEP + len(current)
    assert set(current) <= cached_folders(tmp_path)


def test_a_shard_from_another_pagefind_is_not_reused(records, tmp_path, monkeypatch):
    first = build_search_index(records, tmp_path)
    monkeypatch.setattr(search, "pagefind_version", lambda: "pagefind-99.0")
    assert shard_keys(build_search_index(records, tmp_path)) != shard_keys(first)


def test_an_empty_archive_still_gets_a_working_bundle():
    bundle = build_search_index([])
    assert "pagefind/pagefind.js" in bundle and "pagefind/pagefind-entry.json" in bundle


def test_a_missing_pagefind_binary_is_a_clear_error_and_looked_for_again_on_the_next_build(monkeypatch, records):
    import pagefind.service

    pagefind_service.get_executable.cache_clear()
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(SearchIndexError, match="Pagefind binary is missing"):
        build_search_index(records)
    monkeypatch.undo()  # installed since (a long-lived mkdocs serve builds again)
    assert pagefind_service.get_executable() is not None


def test_pruning_keeps_every_flavours_shards(records, tmp_path):
    build_search_index(records, tmp_path)  # the published index
    for n in range(search.CACHE_KEEP + 2):  # many preview indexes since
        build_search_index([dict(records[0], content=f"version {n}")] + records[1:], tmp_path, flavour="preview")
    published = storage.read_cache(tmp_path / ".cache/search/current-published").decode().split()
    assert all((tmp_path / ".cache/search" / key / search.CACHE_FILE).is_file() for key in published)
