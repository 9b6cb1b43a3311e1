"""The kept state holds its briefings packed (briefing_archive/cache/kept_briefings.py):
a kept briefing is the briefing it was made from in every way a build can tell, and
unpickles its other fields only when one is read."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from briefing_archive import storage
from briefing_archive.archive import Archive
from briefing_archive.cache import kept_briefings
from briefing_archive.cache.kept_briefings import (
    FILE_KEY,
    PACKED_KEY,
    TRANSIENT_KEY,
    UNPACKED,
    DamagedState,
    KeptBriefing,
    kept,
    place,
    place_of,
)
from briefing_archive.cache.warm_state import WarmState, WarmStates
from briefing_archive.model import Briefing, Quote
from briefing_archive.page_reuse import Made
from briefing_archive.planning import views_for
from tests.site.inline_site import REGISTRY, briefing

EDITED = briefing(
    "2019-05-30-kuril", "2019-05-30", quotes=(Quote("Lavrov", "We will not talk."),), body="Body *text*.\n"
)


def through_a_file(briefing: Briefing) -> Briefing:
    """As the next build reads it back from the kept state."""
    return pickle.loads(pickle.dumps(kept(briefing), protocol=5))


def test_a_kept_briefing_read_back_is_equal_to_and_hashes_as_the_briefing():
    back = through_a_file(EDITED)
    assert isinstance(back, KeptBriefing) and isinstance(back, Briefing)
    assert back == EDITED and EDITED == back and hash(back) == hash(EDITED)
    assert back != dataclasses.replace(EDITED, title="Another title")
    assert {f.name: getattr(back, f.name) for f in dataclasses.fields(Briefing)} == {
        f.name: getattr(EDITED, f.name) for f in dataclasses.fields(Briefing)
    }


def test_only_reading_a_packed_field_unpickles_the_whole():
    back = through_a_file(EDITED)
    assert (back.path, back.known_date, back.status, back.corrections) == (
        EDITED.path,
        EDITED.known_date,
        EDITED.status,
        EDITED.corrections,
    )
    assert not back.is_unpacked()
    assert back.body == "Body *text*.\n" and not back.is_unpacked()  # sent beside its pickle
    assert back.source == EDITED.source and back.is_unpacked()  # every build asks only the few for theirs
    assert back.quotes == EDITED.quotes
    assert back.__dict__["quotes"] is back.quotes  # a plain attribute from now on
    again = pickle.loads(pickle.dumps(back, protocol=5))  # pickled with its pickle, not the unpickled fields
    assert not again.is_unpacked() and PACKED_KEY in again.__dict__ and again == EDITED


def test_a_place_in_a_packed_file_is_one_int_holding_its_five_numbers():
    numbers = (2**40 + 5, 1815, 2**32 - 1, 4798, 0)
    assert place_of(place(*numbers)) == numbers
    with pytest.raises(ValueError):
        place(0, 2**32, 0, 0, 0)  # a pickle of 4 GB: not a briefing's


def test_a_kept_briefing_stays_frozen_and_replace_makes_a_whole_one():
    back = through_a_file(EDITED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.title = "Changed"  # type: ignore[misc]
    retitled = dataclasses.replace(back, title="Changed")
    assert retitled == dataclasses.replace(EDITED, title="Changed")
    assert through_a_file(retitled) == dataclasses.replace(EDITED, title="Changed")


def saved_and_read(tmp_path, *briefings: Briefing) -> WarmStates:
    archive = Archive(".", tuple(briefings), REGISTRY, (), len(briefings))
    states = WarmStates(tmp_path, "code", include_drafts=False)
    states.save(WarmState({}, archive, Made(views_for(archive, False))))
    return states


def test_a_kept_state_reads_back_its_briefings_kept_and_shared_with_its_index(tmp_path):
    other = briefing("2019-06-01-other", "2019-06-01", body="Other body.\n")
    state = saved_and_read(tmp_path, EDITED, other).read()
    assert state is not None
    assert all(isinstance(b, KeptBriefing) and not b.is_unpacked() for b in state.archive.briefings)
    assert state.archive.briefings == (EDITED, other)
    by_path = state.made.views.index.by_path
    assert all(by_path[b.path] is b for b in state.archive.briefings)
    assert state.archive.briefings[1].body == "Other body.\n"


def test_a_state_beside_another_states_packed_file_or_a_damaged_one_is_a_miss(tmp_path):
    states = saved_and_read(tmp_path, EDITED)
    first = storage.read_cache(states.packed_file)
    saved_and_read(tmp_path, EDITED)  # the same briefings, another state's token
    assert states.read() is not None
    storage.write_cache(states.packed_file, first)
    assert states.read() is None
    saved_and_read(tmp_path, EDITED)
    states.packed_file.write_bytes(states.packed_file.read_bytes()[:-5])
    assert states.read() is None


def damaged_at(states: WarmStates, from_end: int) -> Briefing:
    """The kept briefing read back after one byte ``from_end`` of the packed file was flipped
    (the file's length as written: only the briefing's own check can tell)."""
    data = bytearray(states.packed_file.read_bytes())
    data[-from_end] ^= 0xFF
    states.packed_file.write_bytes(bytes(data))
    state = states.read()
    assert state is not None and state.archive.briefings[0].path == EDITED.path
    return state.archive.briefings[0]


def test_a_kept_briefing_whose_pickle_was_damaged_raises_when_read_not_when_the_state_is(tmp_path):
    """The packed file is not summed whole: each pickle is checked as it is used."""
    kept_briefing = damaged_at(saved_and_read(tmp_path, EDITED), len(EDITED.body) + 7)  # its pickle, before its body
    assert kept_briefing.body == EDITED.body  # kept apart, and checked apart
    with pytest.raises(DamagedState):
        assert kept_briefing.quotes is None  # raises before
    with pytest.raises(DamagedState):
        pickle.dumps(kept_briefing)  # as a build sends it to another process


def test_a_kept_briefing_whose_body_was_damaged_raises_each_time_its_body_is_read(tmp_path):
    kept_briefing = damaged_at(saved_and_read(tmp_path, EDITED), 3)
    assert kept_briefing.quotes == EDITED.quotes
    for _ in range(2):
        with pytest.raises(DamagedState):
            assert kept_briefing.body is None


def test_a_kept_briefing_reads_its_body_and_other_fields_from_the_file_and_never_holds_them(tmp_path):
    states = saved_and_read(tmp_path, EDITED)
    kept_briefing = states.read().archive.briefings[0]  # type: ignore[union-attr]
    assert kept_briefing.body == EDITED.body and kept_briefing.quotes == EDITED.quotes
    assert "body" not in kept_briefing.__dict__ and not kept_briefing.is_unpacked()
    assert kept_briefing == EDITED and dataclasses.replace(kept_briefing, title="New").body == EDITED.body
    sent = pickle.loads(pickle.dumps(kept_briefing, protocol=5))  # to a process without the file
    assert sent == EDITED and sent.body == EDITED.body


def packed(tmp_path, *briefings: Briefing) -> tuple[WarmStates, Archive, Made]:
    """A state packed as a build packs it once loaded (``WarmStates.pack``), not yet saved."""
    archive = Archive(".", tuple(briefings), REGISTRY, (), len(briefings))
    states = WarmStates(tmp_path, "code", include_drafts=False)
    archive = states.pack(archive)
    return (states, *states.lighten(archive, Made(views_for(archive, False))))


def test_a_state_packed_once_loaded_holds_no_body_and_is_saved_without_packing_it_again(tmp_path):
    states, archive, made = packed(tmp_path, EDITED)
    kept_briefing = archive.briefings[0]
    assert isinstance(kept_briefing, KeptBriefing) and "body" not in kept_briefing.__dict__
    assert made.views.index.by_path[EDITED.path] is kept_briefing
    assert kept_briefing == EDITED and kept_briefing.body == EDITED.body
    written = states.new_packed_file.stat().st_ino
    states.save(WarmState({}, archive, made))
    assert states.packed_file.stat().st_ino == written  # put in place as it was written
    state = states.read()
    assert state is not None and state.archive.briefings == (EDITED,)
    assert state.archive.briefings[0].body == EDITED.body


def test_a_briefing_packed_as_its_build_goes_on_reads_its_fields_from_the_file_and_holds_none(tmp_path):
    """A cold build reads each briefing's fields for its pages, once or twice, and holds only the
    last used's (``kept_briefings.RECENT``): a build of 100,000 held ~200 MB of them to its end."""
    states, archive, made = packed(tmp_path, EDITED, briefing("2019-06-01-other", "2019-06-01"))
    kept_briefing = archive.briefings[0]
    assert set(kept_briefing.__dict__) == {*UNPACKED, PACKED_KEY, FILE_KEY, TRANSIENT_KEY}  # made so, not let go
    assert kept_briefing.quotes == EDITED.quotes and kept_briefing.actors == EDITED.actors
    assert kept_briefing == EDITED and "quotes" not in kept_briefing.__dict__
    assert kept_briefing.quotes is kept_briefing.quotes  # among the last used: unpickled once
    states.save(WarmState({}, archive, made))
    state = states.read()
    assert state is not None and state.archive.briefings[0] == EDITED
    assert state.archive.briefings[0].quotes is state.archive.briefings[0].quotes  # a kept state's are held


def test_a_build_that_packed_its_state_but_did_not_finish_leaves_the_kept_one_as_it_was(tmp_path):
    states = saved_and_read(tmp_path, EDITED)
    packed(tmp_path, dataclasses.replace(EDITED, title="Never built"))
    state = states.read()
    assert state is not None and state.archive.briefings == (EDITED,)


def test_only_the_last_used_briefings_packed_as_their_build_goes_on_hold_their_fields(tmp_path):
    days = [f"2019-{month:02d}-{day:02d}" for month in (5, 6, 7) for day in range(1, 29)]
    many = [briefing(f"{day}-kuril", day, quotes=EDITED.quotes) for day in days]
    _, archive, _ = packed(tmp_path, *many)
    first = archive.briefings[0]
    read_first = first.quotes
    assert len(archive.briefings) > kept_briefings.RECENT
    for kept_briefing in archive.briefings[1:]:
        assert kept_briefing.quotes == EDITED.quotes
    assert len(kept_briefings._RECENT) == kept_briefings.RECENT
    assert first.quotes == read_first and first.quotes is not read_first  # let go, read again


def test_briefings_packed_as_their_build_goes_on_read_in_turn_each_give_their_own_fields(tmp_path):
    """The last used briefing's fields are looked at first: a read of another's is never answered from them."""
    other = briefing("2019-06-01-other", "2019-06-01", quotes=())
    _, archive, _ = packed(tmp_path, EDITED, other)
    first, second = sorted(archive.briefings, key=lambda kept_briefing: kept_briefing.path != EDITED.path)
    for _ in range(2):
        assert first.quotes == EDITED.quotes and first.title == EDITED.title
        assert second.quotes == () and second.title == other.title
    kept_briefings.forget_recent()
    assert kept_briefings._LAST[0][0] is None and not kept_briefings._RECENT
    assert first.summary == EDITED.summary
