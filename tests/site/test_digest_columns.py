"""A kept state holds the site's digests in columns (briefing_archive/cache/digest_columns.py):
each part reads back as the dict it was, an edit's digests lie over the columns they came
from, and what changed between two such parts is found from their changes alone."""

from __future__ import annotations

import pickle

import pytest

from briefing_archive.archive import Archive
from briefing_archive.cache import digest_columns, key_numbers
from briefing_archive.cache.digest_changes import digest_changes, since
from briefing_archive.cache.digest_columns import (
    DigestPart,
    changes_between,
    with_changes_applied,
    with_digests,
)
from briefing_archive.cache.journal import Changes
from briefing_archive.cache.key_numbers import numbered_keys
from briefing_archive.cache.warm_state import WarmState, WarmStates
from briefing_archive.page_reuse import Made
from briefing_archive.planning import plan_site, views_for
from briefing_archive.quote_pages import quote_lists
from briefing_archive.reads import LENGTH, WHOLE
from briefing_archive.site_digests import site_digests
from tests.site.inline_site import REGISTRY, TEMPLATES, briefing, said

FIRST = briefing("2019-05-30-kuril", "2019-05-30", quotes=(said("Sergei Lavrov", "We will not talk."),))
SECOND = briefing("2019-06-01-aegis", "2019-06-01", issues=("Aegis Ashore",))

OWN = {"briefings/a.md": "aa11", "briefings/b.md": "bb22", "briefings/c.md": "cc33", WHOLE: "k:4:99"}
SEQUENCE = {0: "d0", 1: "d1", 2: "d2", LENGTH: "3", WHOLE: "w:2:ff"}
LISTS = {(("actor", "kono"), 0): "q0", (("actor", "kono"), WHOLE): "qw", (("issue", "aegis", None), 0): "q1"}
DIGESTS = {"by_path": OWN, "entries": OWN, "facts": dict(OWN), "briefings": SEQUENCE, "quote_list": LISTS}


def columns() -> dict:
    return digest_columns.digest_columns(DIGESTS)


def test_each_part_in_columns_reads_back_as_the_dict_it_was_in_order_and_through_a_pickle():
    for kept in (columns(), pickle.loads(pickle.dumps(columns(), protocol=5))):
        assert kept == DIGESTS and DIGESTS == kept
        for name, part in DIGESTS.items():
            assert isinstance(kept[name], DigestPart)
            assert list(kept[name]) == list(part) and kept[name].values() == list(part.values())
            assert [kept[name][key] for key in part] == list(part.values())
        assert "briefings/d.md" not in kept["by_path"] and kept["by_path"].get("briefings/d.md") is None
        with pytest.raises(KeyError):
            kept["quote_list"][(("actor", "kono"), 1)]


def test_parts_that_were_one_dict_stay_one_and_parts_keyed_alike_share_their_keys():
    kept = pickle.loads(pickle.dumps(columns(), protocol=5))
    assert kept["by_path"] is kept["entries"] and kept["facts"] is not kept["by_path"]
    assert kept["facts"].columns is kept["by_path"].columns


def test_a_sequence_parts_positions_are_their_own_numbers_its_other_keys_found_by_their_hashes():
    keys = numbered_keys(tuple(SEQUENCE))
    assert keys.positions == 3 and [keys.number(at) for at in range(3)] == [0, 1, 2]
    assert (keys.number(LENGTH), keys.number(WHOLE), keys.number(3), keys.number(-1)) == (3, 4, None, None)
    assert keys.numbers == {LENGTH: 3, WHOLE: 4}  # the positions not in it
    assert numbered_keys(("a", 0, 1)).positions == 0 and numbered_keys((0, 2, "x")).positions == 0


SEQUENCE_KEYS = (0, 1, 2, LENGTH, WHOLE)
MANY_LISTS = tuple(
    ((kind, f"slug-{number}"), run) for kind in ("actor", "issue") for number in range(32) for run in range(4)
)


def test_keys_sharing_a_hash_are_told_apart_and_a_key_its_hash_does_not_find_is_not_there(monkeypatch):
    monkeypatch.setattr(key_numbers, "key_crc", lambda key: 7)  # every key one hash
    keys = numbered_keys(MANY_LISTS)
    assert [keys.number(key) for key in MANY_LISTS[::90]] == [0, 90, 180]
    assert keys.number((("issue", "slug-0"), 9)) is None and keys.numbers is None  # no dict made to be sure


def test_keys_that_are_not_plain_are_looked_up_as_a_dict_finds_them():
    keys = numbered_keys(MANY_LISTS + (1, "1"))
    assert keys.number(True) == len(MANY_LISTS) and keys.numbers is not None  # True == 1, spelled otherwise
    assert numbered_keys((frozenset({"a", "b"}), "c")).hashes is None  # a set is spelled in the process's order
    assert numbered_keys(SEQUENCE_KEYS).number(True) == 1  # a position, as a dict finds it


def test_past_a_few_lookups_by_hash_a_part_makes_its_dict():
    many = {f"briefings/{number}.md": f"{number:04x}" for number in range(256)}
    keys = digest_columns.digest_columns({"by_path": many})["by_path"].columns
    for path in list(many)[:4]:
        assert keys.number(path) is not None and keys.numbers is None
    assert keys.number("briefings/10.md") == 10 and keys.numbers is not None


def test_digests_put_in_place_lie_over_the_columns_which_stay_as_they_were():
    kept = columns()["by_path"]
    patched = with_digests(kept, {"briefings/b.md": "bb99", WHOLE: "k:4:77"})
    assert isinstance(patched, DigestPart) and patched.text is kept.text
    assert dict(patched.items()) == OWN | {"briefings/b.md": "bb99", WHOLE: "k:4:77"} and kept == OWN
    assert list(patched) == list(OWN) and patched.values()[1] == "bb99"
    assert pickle.loads(pickle.dumps(patched)) == patched
    assert with_digests(kept, {}) is kept
    grown = with_digests(kept, {"briefings/d.md": "dd44"})  # a key it lacks: a dict
    assert type(grown) is dict and grown == OWN | {"briefings/d.md": "dd44"}


def test_changes_applied_keep_the_columns_unless_they_remove_a_key():
    kept = columns()["by_path"]
    applied = with_changes_applied(kept, Changes({"briefings/a.md": "aa99"}))
    assert isinstance(applied, DigestPart) and applied["briefings/a.md"] == "aa99" and kept == OWN
    removed = with_changes_applied(kept, Changes({}, frozenset({"briefings/a.md"})))
    assert type(removed) is dict and "briefings/a.md" not in removed and kept == OWN
    plain = dict(OWN)
    assert with_changes_applied(plain, Changes({"x": "1"})) is not plain and "x" not in plain
    assert with_changes_applied(plain, Changes({"x": "1"}), in_place=True) is plain and plain["x"] == "1"


def test_what_changed_between_two_parts_over_the_same_columns_is_found_from_their_changes_alone():
    kept = columns()["by_path"]
    last = with_digests(kept, {"briefings/a.md": "aa99", "briefings/b.md": "bb99"})
    now = with_digests(kept, {"briefings/a.md": "aa99", "briefings/c.md": "cc99"})  # b put back
    found = changes_between(last, now)
    assert found == digest_changes(dict(last.items()), dict(now.items()))
    assert found == Changes({"briefings/b.md": "bb22", "briefings/c.md": "cc99"})
    assert digest_changes(last, now) == found
    assert changes_between(kept, dict(OWN)) is None and changes_between(kept, columns()["by_path"]) is None


def test_the_changes_since_a_kept_states_digests_are_those_of_the_plain_dicts():
    kept = columns()
    now = {**kept, "facts": with_digests(kept["facts"], {"briefings/c.md": "cc99"})}
    assert since(kept, now) == since(DIGESTS, {**DIGESTS, "facts": OWN | {"briefings/c.md": "cc99"}})


def test_a_kept_state_holds_its_digests_in_columns_read_back_equal(tmp_path):
    archive = Archive(
        ".", (FIRST, SECOND), REGISTRY, (), 2, content_keys={FIRST.path: "aa" * 20, SECOND.path: "bb" * 20}
    )
    views = views_for(archive, False)
    lists = quote_lists(views)
    digests = site_digests(plan_site(archive, TEMPLATES, views, lists), archive.content_keys)
    states = WarmStates(tmp_path, "code", include_drafts=False)
    states.save(WarmState({}, archive, Made(views, lists, digests)))
    state = states.read()
    assert state is not None and state.made.digests == digests
    assert all(type(part) is DigestPart for part in state.made.digests.values())
    assert state.made.digests["by_path"] is state.made.digests["cards"]
