"""The kept state holds its briefings packed (briefing_archive/cache/kept_briefings.py):
a kept briefing is the briefing it was made from in every way a build can tell, and
unpickles its other fields only when one is read."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from briefing_archive import storage
from briefing_archive.archive import Archive
from briefing_archive.cache.kept_briefings import PACKED_KEY, WHOLE_KEY, DamagedState, KeptBriefing, kept
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
    assert (back.path, back.known_date, back.status, back.source) == (
        EDITED.path,
        EDITED.known_date,
        EDITED.status,
        EDITED.source,
    )
    assert WHOLE_KEY not in back.__dict__
    assert back.quotes == EDITED.quotes and back.body == "Body *text*.\n"
    assert WHOLE_KEY in back.__dict__
    again = pickle.loads(pickle.dumps(back, protocol=5))  # pickled with its pickle, not the unpickled whole
    assert WHOLE_KEY not in again.__dict__ and PACKED_KEY in again.__dict__ and again == EDITED


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
    assert all(isinstance(b, KeptBriefing) and WHOLE_KEY not in b.__dict__ for b in state.archive.briefings)
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


def test_a_kept_briefing_whose_pickle_was_damaged_raises_when_read_not_when_the_state_is(tmp_path):
    """The packed file is mapped, not summed whole: each pickle is checked as it is used."""
    states = saved_and_read(tmp_path, EDITED)
    data = bytearray(states.packed_file.read_bytes())
    data[-20] ^= 0xFF  # inside the briefing's pickle, the file's length as written
    states.packed_file.write_bytes(bytes(data))
    state = states.read()
    assert state is not None and state.archive.briefings[0].path == EDITED.path
    with pytest.raises(DamagedState):
        assert state.archive.briefings[0].body is None  # raises before
    with pytest.raises(DamagedState):
        pickle.dumps(state.archive.briefings[0])  # as a build sends it to another process
