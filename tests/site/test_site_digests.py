"""The digest of a whole part: its keys in order and a polynomial of their digests, so that
an edit brings it up to date from the keys it changed."""

from __future__ import annotations

from briefing_archive.site_digests import WHOLE_PRIME, digest, positioned, rewhole, whole


def test_a_parts_whole_is_its_keys_digest_and_its_digests_written_one_after_the_other():
    keys = digest("a\0b")
    assert whole({"a": "1f", "b": "2e"}) == f"{keys}:2:{0x1F2E:032x}"
    assert whole({"b": "2e", "a": "1f"}) != whole({"a": "1f", "b": "2e"})
    assert whole({"a": "2e", "b": "1f"}) != whole({"a": "1f", "b": "2e"})  # digests swapped between keys
    assert int(whole({"a": "ff" * 40})[-32:], 16) == int("ff" * 40, 16) % WHOLE_PRIME


def test_keys_that_are_not_strings_are_spelled_out_the_same_way():
    assert whole({("issue", "x"): "1f", 3: "2e"}).startswith(digest("('issue', 'x')\x003"))
    assert whole({"3": "2e"}) == whole({3: "2e"})


def test_digests_of_other_lengths_or_letters_are_hashed_and_such_a_whole_is_made_again():
    mixed = whole({"a": "1f", "b": "2e3d"})
    assert mixed.split(":")[1] == "h" and mixed != whole({"a": "1f2e", "b": "3d"})
    assert rewhole(mixed, 2, [(0, "1f", "20")]) is None
    assert rewhole(whole({"a": "1f", "b": "2e"}), 2, [(0, "1f", "200")]) is None  # a new length


def test_a_whole_brought_up_to_date_equals_the_whole_made_again():
    before = {"a": "1f", "b": "2e", "c": "3d"}
    after = before | {"b": "20", "c": "30"}
    assert rewhole(whole(before), 3, [(1, "2e", "20"), (2, "3d", "30")]) == whole(after) != whole(before)


def test_a_sequence_parts_whole_is_that_of_its_runs_by_position():
    assert positioned(["a1", "b2"])["*"] == whole({0: "a1", 1: "b2"})
