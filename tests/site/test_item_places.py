"""JSON list pages written from the previous file's unchanged items (``cache.item_places``,
``json_lists.spliced``, ``storage.write_pieces``)."""

import hashlib

import pytest

from briefing_archive import storage
from briefing_archive.cache.item_places import ItemPlaces, PlacesCache
from briefing_archive.cache.manifest import PreviousSite, page_entry
from briefing_archive.json_lists import APART_UP_TO, MadeItems, key_lines, spliced, write_items
from briefing_archive.listing_pages import ListItems
from briefing_archive.render import json_item, json_lines

OUTPUT = "briefings.json"


def items_of(numbers, keyless=()):
    """The items: item n's bytes are a function of its key."""
    keyed = [(f"key {n}", {"path": f"briefings/{n}.md", "title": f"Title {n}"}) for n in numbers]
    listed = keyed + [("", {"note": text}) for text in keyless]
    return ListItems([key for key, _ in listed], lambda number: listed[number][1])


def made_of(items):
    """Each item's key and what it is made into."""
    return {key: items.make(number) for number, key in enumerate(items.keys)}


def written(tmp_path, name, items, old=None, source=None):
    """The file ``spliced`` makes of ``items`` (from ``old`` places in ``source``): its bytes,
    digest, places and pieces."""
    old = old or ItemPlaces("")
    made = MadeItems(items, old)
    pieces = list(spliced(made, old))
    storage.write_pieces(tmp_path / name, pieces, source)
    digest = hashlib.blake2b(digest_size=20)
    placed = made.placed(old, digest)
    return (tmp_path / name).read_bytes(), digest.hexdigest(), placed, pieces


def test_a_list_written_from_the_last_ones_unchanged_items_is_the_one_made_whole(tmp_path):
    first, key, placed, _ = written(tmp_path, "first.json", items_of(range(10)))
    assert first == json_lines(made_of(items_of(range(10))).values())
    edited = items_of([0, 1, 2, 11, 4, 5, 6, 8, 9, 12], keyless=["a note"])  # 3 edited, 7 gone, 12 new
    again, _, placed_again, pieces = written(tmp_path, "again.json", edited, placed, tmp_path / "first.json")
    assert again == json_lines(made_of(edited).values())
    assert [piece for piece in pieces if isinstance(piece, tuple)] == [
        (placed.starts[0], placed.starts[2] + placed.lengths[2] - placed.starts[0]),  # items 0-2 in one range
        (placed.starts[4], placed.starts[6] + placed.lengths[6] - placed.starts[4]),  # 4-6
        (placed.starts[8], placed.starts[9] + placed.lengths[9] - placed.starts[8]),  # 8-9
    ]
    made = made_of(edited)
    assert all(  # where the next build will look for each item
        again[start : start + length] == json_item(made[key])
        for key, start, length in zip(placed_again.keys, placed_again.starts, placed_again.lengths, strict=True)
    )
    assert key != written(tmp_path, "other.json", edited)[1]


def test_a_list_whose_items_kept_their_places_is_made_of_the_few_changed_the_same_as_made_whole(tmp_path):
    """An edit's ``briefings.json``: the same briefings in the same order, one changed. The
    runs between the changed items are found without a step for every item."""
    first, _, placed, _ = written(tmp_path, "first.json", items_of(range(10)))
    edited = items_of([0, 1, 2, 13, 4, 5, 6, 7, 8, 19])
    made = MadeItems(edited, placed)
    assert made.fresh == [3, 9] and made.found == [0, 1, 2, None, 4, 5, 6, 7, 8, None]
    again, key, placed_again, pieces = written(tmp_path, "again.json", edited, placed, tmp_path / "first.json")
    assert again == json_lines(made_of(edited).values())
    assert [piece for piece in pieces if isinstance(piece, tuple)] == [placed.run(0, 2), placed.run(4, 8)]
    whole = written(tmp_path, "whole.json", edited)  # no places: every item made
    assert (key, placed_again) == (whole[1], whole[2])
    assert MadeItems(items_of([1, 0, *range(2, 10)]), placed).fresh == [0, 1]  # two swapped: made again
    assert MadeItems(items_of(range(9)), placed).fresh is None  # one gone: found by key
    assert MadeItems(items_of(range(10), keyless=["a note"]), placed).fresh is None


def test_an_empty_list_and_a_list_of_keyless_items_are_made_whole(tmp_path):
    assert written(tmp_path, "empty.json", items_of([]))[0] == json_lines([])
    data, key, placed, _ = written(tmp_path, "notes.json", items_of([], keyless=["a", "b"]))
    assert data == json_lines([{"note": "a"}, {"note": "b"}]) and placed.keys == []
    assert key != written(tmp_path, "notes.json", items_of([], keyless=["a", "c"]))[1]


def test_a_range_past_the_end_of_the_previous_file_is_an_error_not_a_short_file(tmp_path):
    (tmp_path / "old").write_bytes(b"0123456789")
    storage.write_pieces(tmp_path / "new", [b"<", (2, 5), b">"], tmp_path / "old")
    assert (tmp_path / "new").read_bytes() == b"<23456>"
    with pytest.raises(OSError):
        storage.write_pieces(tmp_path / "new", [(5, 10)], tmp_path / "old")


def test_places_are_used_only_for_the_file_they_describe_as_its_build_wrote_it(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    data, key, placed, _ = written(site, OUTPUT, items_of(range(5)))
    cache = PlacesCache(tmp_path / "cache", "code")
    cache.write(OUTPUT, ItemPlaces(key, placed.keys, placed.starts, placed.lengths))
    previous = PreviousSite(site, {OUTPUT: page_entry(key, site / OUTPUT)})
    assert cache.usable(OUTPUT, previous) == (
        site / OUTPUT,
        ItemPlaces(key, placed.keys, placed.starts, placed.lengths),
    )
    assert PlacesCache(tmp_path / "cache", "other code").usable(OUTPUT, previous) is None
    assert cache.usable(OUTPUT, PreviousSite(site, {OUTPUT: page_entry("another key", site / OUTPUT)})) is None
    assert cache.usable(OUTPUT, PreviousSite(None, {})) is None
    (site / OUTPUT).write_bytes(data.replace(b"Title 1", b"Title X"))  # changed in the site by hand
    assert cache.usable(OUTPUT, previous) is None


def test_an_edits_list_comes_back_as_pieces_to_write_and_a_new_lists_is_written_at_once(tmp_path):
    """An edit's few new items: the pieces, written by the caller beside its other work
    (``site_writer``); a list of many new items (a cold build's) is written as made."""
    site, cache = tmp_path / "site", PlacesCache(tmp_path / "cache", "code")
    site.mkdir()
    many = items_of(range(APART_UP_TO + 1))
    first = write_items(OUTPUT, "data", lambda: many, site / OUTPUT, cache, PreviousSite(None, {}))
    assert first.pieces is None and (site / OUTPUT).read_bytes() == json_lines(made_of(many).values())
    previous = PreviousSite(site, {OUTPUT: page_entry(first.key, site / OUTPUT)})
    edited = items_of([0, 1, 2, APART_UP_TO + 5, *range(4, APART_UP_TO + 1)])  # one edited
    again = write_items(OUTPUT, "data", lambda: edited, tmp_path / "again.json", cache, previous)
    assert again.pieces is not None and again.source == site / OUTPUT and not (tmp_path / "again.json").exists()
    storage.write_pieces(tmp_path / "again.json", again.pieces, again.source)
    assert (tmp_path / "again.json").read_bytes() == json_lines(made_of(edited).values())
    assert again.key != first.key and cache.read(OUTPUT).page_key == again.key


@pytest.mark.parametrize("keys", [[], ["a"], ["a", "bb", "c"]])
def test_a_lists_keys_are_digested_as_a_line_each(keys):
    assert key_lines(keys) == "".join(f"key {key}\n" for key in keys)
