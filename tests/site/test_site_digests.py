"""The digest of a whole part: its keys and their digests in order, whatever the keys are."""

from __future__ import annotations

from briefing_archive.site_digests import digest, whole


def test_a_parts_whole_is_the_digest_of_its_keys_and_digests_in_order():
    assert whole({"a": "1", "b": "2"}) == digest("a", "1", "b", "2")
    assert whole({"b": "2", "a": "1"}) != whole({"a": "1", "b": "2"})
    assert whole({}) == digest()


def test_keys_that_are_not_strings_are_spelled_out_the_same_way():
    assert whole({("issue", "x"): "1", 3: "2"}) == digest("('issue', 'x')", "1", "3", "2")
    assert whole({"3": "2"}) == whole({3: "2"})
