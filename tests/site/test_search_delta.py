"""Planning the search delta: what differs from the base, what to hide, which words are new."""
from __future__ import annotations

import json

from briefing_archive.search_delta import (Base, Update, base_from_json, base_to_json, delta_files,
                                           plan_update, record_digest, unshared_prefix, vocabulary)


def record(url: str, content: str, date: str = "2020-01-01") -> dict:
    return {"url": url, "content": content, "language": "en", "meta": {}, "filters": {}, "sort": {"date": date}}


A, B, C = record("/a/", "Lavrov said"), record("/b/", "Kono replied"), record("/c/", "Aegis Ashore")


def base_with(*records) -> Base:
    return Base({r["url"]: record_digest(r) for r in records}, {r["url"]: f"en_{r['url'][1]}" for r in records},
                vocabulary(records))


def test_nothing_changed_is_an_empty_update():
    assert plan_update(base_with(A, B), [A, B]) == Update((), ())


def test_edited_added_and_removed_records_are_told_apart():
    edited = record("/b/", "Kono replied sharply")
    update = plan_update(base_with(A, B), [A, edited, C])
    assert update.changed == (edited, C) and update.removed == () and update.size == 2
    assert plan_update(base_with(A, B), [A]).removed == ("/b/",)


def test_unshared_prefix_is_the_shortest_prefix_no_base_word_has():
    words = ("new", "news", "nuclear")
    assert unshared_prefix("newwordqx", words) == "neww"
    assert unshared_prefix("zebra", words) == "z"
    assert unshared_prefix("newt", words) == "newt"
    assert unshared_prefix("abc", ()) == "a"


def test_delta_files_hide_changed_and_removed_pages_and_list_new_words():
    base = base_with(A, B)
    edited = record("/b/", "Kono replied sharply", "2021-05-06")
    fragment = {"fragment/en_new.pf_fragment": gzip_fragment("/b/")}
    files = delta_files(Update((edited,), ("/a/",)), base,
                        {**fragment, "pagefind.js": b"code", "pagefind-entry.json": b"{}"})
    assert "pagefind.js" not in files and "pagefind-entry.json" in files
    changes = json.loads(files["changes.json"])
    assert changes == {"delta": {"en_new": "2021-05-06"}, "hidden": ["en_a", "en_b"],
                       "words": ["kono", "replied", "sharply"], "fresh": [["sh", "sharply"]]}  # "said" starts with s


def test_a_base_survives_its_json_and_a_bad_one_is_none():
    base = base_with(A, B)
    assert base_from_json(base_to_json(base)) == base
    assert base_from_json(b"{not json") is None and base_from_json(None) is None
    assert base_from_json(b'{"digests": {}}') is None


def gzip_fragment(url: str) -> bytes:
    import gzip
    return gzip.compress(b"pagefind_dcd" + json.dumps({"url": url}).encode())
