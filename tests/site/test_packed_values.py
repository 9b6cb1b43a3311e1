"""A kept state's views hold each briefing's facts, card and search filters as places in a
values file (briefing_archive/cache/packed_values.py): read back equal, each value read
from the file only when asked for and checked then, and never copied whole by an edit."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from briefing_archive.archive import Archive
from briefing_archive.cache.kept_briefings import DamagedState
from briefing_archive.cache.packed_values import PackedValues, let_go, read_at_once, with_values
from briefing_archive.cache.warm_state import WarmState, WarmStates
from briefing_archive.model import Quote
from briefing_archive.page_reuse import Made
from briefing_archive.planning import views_for
from briefing_archive.reads import WHOLE, ReadsDict, ReadsMapping, recording
from tests.site.inline_site import REGISTRY, briefing

FIRST = briefing("2019-05-30-kuril", "2019-05-30", quotes=(Quote("Lavrov", "We will not talk."),))
SECOND = briefing("2019-06-01-aegis", "2019-06-01", issues=("Aegis Ashore",))
ARCHIVE = Archive(".", (FIRST, SECOND), REGISTRY, (), 2)
VIEWS = views_for(ARCHIVE, False)


def saved(tmp_path, views=VIEWS) -> WarmStates:
    states = WarmStates(tmp_path, "code", include_drafts=False)
    states.save(WarmState({}, ARCHIVE, Made(views)))
    return states


def read_views(states: WarmStates):
    state = states.read()
    assert state is not None
    return state.made.views


def test_the_facts_cards_and_filters_read_back_equal_each_value_read_only_when_asked(tmp_path):
    views = read_views(saved(tmp_path))
    kept = (views.index.facts, views.cards, views.filters)
    assert all(isinstance(mapping, PackedValues) for mapping in kept)
    assert (views.index.facts, views.cards, views.filters) == (VIEWS.index.facts, VIEWS.cards, VIEWS.filters)
    facts = read_views(states := saved(tmp_path)).index.facts
    assert list(facts) == [SECOND.path, FIRST.path] and FIRST.path in facts and "other.md" not in facts
    assert isinstance(facts, PackedValues) and not facts.read  # keys and places only
    assert facts[FIRST.path] == VIEWS.index.facts[FIRST.path] and list(facts.read) == [FIRST.path]
    assert read_views(states).quotes[FIRST.path] == VIEWS.quotes[FIRST.path]  # made from the kept facts


def test_the_mappings_of_one_briefings_values_share_their_keys_numbered_once(tmp_path):
    views = read_views(saved(tmp_path))
    assert views.cards.order is views.index.facts.order  # pickled once


def test_values_put_in_place_are_read_first_the_others_still_from_the_file(tmp_path):
    cards = read_views(saved(tmp_path)).cards
    assert isinstance(cards, PackedValues)
    changed = with_values(cards, {FIRST.path: {"title": "New"}})
    assert isinstance(changed, PackedValues) and changed.file is cards.file
    assert changed[FIRST.path] == {"title": "New"} and cards[FIRST.path] == VIEWS.cards[FIRST.path]
    assert changed[SECOND.path] == VIEWS.cards[SECOND.path] and list(changed) == list(cards)
    assert with_values(cards, {"new.md": {}})["new.md"] == {}  # a key it lacks: a dict of it
    assert with_values({"a": 1}, {"b": 2}) == {"a": 1, "b": 2}


def test_a_state_saved_from_kept_values_copies_those_unchanged_and_pickles_those_put_in_place(tmp_path):
    views = read_views(saved(tmp_path))
    card = {**VIEWS.cards[FIRST.path], "title": "Retitled"}
    views = dataclasses.replace(views, cards=with_values(views.cards, {FIRST.path: card}))
    again = read_views(saved(tmp_path / "again", views))
    assert again.cards == {**VIEWS.cards, FIRST.path: card} and again.index.facts == VIEWS.index.facts


def test_a_damaged_value_raises_when_read_not_when_the_state_is(tmp_path):
    states = saved(tmp_path)
    data = bytearray(states.values_file.read_bytes())
    data[-3] ^= 0xFF  # in the last filters' pickle
    states.values_file.write_bytes(bytes(data))
    views = read_views(states)
    assert views.cards == VIEWS.cards
    with pytest.raises(DamagedState):
        dict(views.filters.items())


def test_a_state_beside_another_states_values_file_or_none_is_a_miss(tmp_path):
    states = saved(tmp_path)
    first = states.values_file.read_bytes()
    saved(tmp_path)  # another token
    states.values_file.write_bytes(first)
    assert states.read() is None
    states.values_file.unlink()
    assert states.read() is None


def test_kept_values_sent_to_another_process_are_a_plain_dict(tmp_path):
    cards = read_views(saved(tmp_path)).cards
    sent = pickle.loads(pickle.dumps(cards, protocol=5))
    assert type(sent) is dict and sent == VIEWS.cards


def test_a_recorded_mapping_notes_what_a_recorded_dict_notes():
    def reads_of(mapping) -> list[set]:
        found = []
        for look in (
            lambda m: m["a"],
            lambda m: "b" in m,
            lambda m: m.get("c"),
            lambda m: list(m.keys()),
            lambda m: list(m.values()),
            lambda m: list(m.items()),
            len,
        ):
            with recording() as reads:
                look(mapping)
            found.append(reads)
        return found

    data = {"a": 1, "b": 2}
    assert reads_of(ReadsMapping("x", data)) == reads_of(ReadsDict("x", data))
    assert reads_of(ReadsDict("x", data))[4] == {("x", WHOLE)}


def test_values_read_past_a_fraction_of_them_read_the_rest_in_one_go(tmp_path, monkeypatch):
    monkeypatch.setattr("briefing_archive.cache.packed_values.READ_WHOLE_AFTER", 4)
    third = briefing("2019-06-02-third", "2019-06-02")
    archive = dataclasses.replace(ARCHIVE, briefings=(FIRST, SECOND, third))
    views = views_for(archive, False)
    WarmStates(tmp_path, "code", include_drafts=False).save(WarmState({}, archive, Made(views)))
    facts = read_views(WarmStates(tmp_path, "code", include_drafts=False)).index.facts
    assert isinstance(facts, PackedValues)
    assert facts[SECOND.path] == views.index.facts[SECOND.path] and len(facts.read) == 1  # none read before: alone
    assert facts[FIRST.path] == views.index.facts[FIRST.path] and len(facts.read) == 3  # past a quarter read: all
    assert facts == views.index.facts
    with pytest.raises(KeyError):
        facts["other.md"]


def test_reading_every_value_at_once_leaves_the_collector_as_it_was(tmp_path):
    import gc

    facts = read_views(saved(tmp_path)).index.facts
    assert isinstance(facts, PackedValues) and gc.isenabled()
    assert dict(facts.items()) == VIEWS.index.facts and gc.isenabled()


def test_values_read_at_once_are_all_read_and_plain_mappings_are_left_as_they_are(tmp_path):
    views = views_for(ARCHIVE, False)
    WarmStates(tmp_path, "code", include_drafts=False).save(WarmState({}, ARCHIVE, Made(views)))
    kept = read_views(WarmStates(tmp_path, "code", include_drafts=False))
    plain = dict(views.cards)
    read_at_once((kept.index.facts, kept.cards, plain))
    assert len(kept.index.facts.read) == len(kept.index.facts) and len(kept.cards.read) == len(kept.cards)
    assert kept.index.facts == views.index.facts and plain == views.cards


@pytest.mark.parametrize("at_once", [False, True])
def test_values_read_back_share_their_links_refs_keys_and_names(tmp_path, at_once):
    third = briefing("2019-06-02-third", "2019-06-02")  # FIRST's issue, everyone's actors
    archive = dataclasses.replace(ARCHIVE, briefings=(FIRST, SECOND, third))
    WarmStates(tmp_path, "code", include_drafts=False).save(WarmState({}, archive, Made(views_for(archive, False))))
    views = read_views(WarmStates(tmp_path, "code", include_drafts=False))
    if at_once:
        read_at_once((views.index.facts, views.cards, views.filters))
    paths = (FIRST.path, SECOND.path, third.path)
    cards, facts, filters = (
        [mapping[path] for path in paths] for mapping in (views.cards, views.index.facts, views.filters)
    )
    assert cards[0]["issues"][0] is cards[2]["issues"][0] and list(cards[0])[0] is list(cards[2])[0]
    assert all(one is other for one, other in zip(facts[0].actors, facts[1].actors, strict=True))
    assert len({id(path) for fact in facts for path in fact.related if path == third.path}) == 1
    assert filters[0]["country"] is filters[1]["country"] and list(filters[0])[0] is list(filters[2])[0]
    assert views.cards == views_for(archive, False).cards and views.filters == views_for(archive, False).filters


def test_values_let_go_are_read_again_when_asked_by_the_mapping_and_its_copies(tmp_path):
    cards = read_views(saved(tmp_path)).cards
    assert isinstance(cards, PackedValues)
    copy = with_values(cards, {FIRST.path: {"title": "New"}})
    read_at_once((cards,))
    let_go((cards, {"plain": "left as it is"}))
    assert not cards.read and isinstance(copy, PackedValues) and not copy.read
    assert copy[SECOND.path] == VIEWS.cards[SECOND.path] and copy[FIRST.path] == {"title": "New"}
    assert cards == VIEWS.cards
