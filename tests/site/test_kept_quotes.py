"""A kept state's issues and actors hold their quotes and briefings as numbers (briefing_archive/cache/
kept_quotes.py): read back, each is the quote its briefing's facts hold, and the whole
is the tuple it was to whatever compares, hashes, slices or pickles it."""

from __future__ import annotations

import dataclasses
import pickle

from briefing_archive.archive import Archive
from briefing_archive.cache.kept_quotes import KeptPaths, KeptQuotes, briefings_of
from briefing_archive.cache.warm_state import WarmState, WarmStates
from briefing_archive.index_update import with_quotes_reworded
from briefing_archive.page_reuse import Made
from briefing_archive.planning import views_for
from tests.site.inline_site import REGISTRY, briefing, said

FIRST = briefing(
    "2019-05-30-kuril",
    "2019-05-30",
    quotes=(said("Taro Kono", "We stay calm.", "Sergei Lavrov"), said("Sergei Lavrov", "We will not talk.")),
)
SECOND = briefing("2019-06-01-aegis", "2019-06-01", quotes=(said("Taro Kono", "Aegis is defensive."),))
ARCHIVE = Archive(".", (FIRST, SECOND), REGISTRY, (), 2)
VIEWS = views_for(ARCHIVE, False)


def kept_index(tmp_path, views=VIEWS):
    states = WarmStates(tmp_path, "code", include_drafts=False)
    states.save(WarmState({}, ARCHIVE, Made(views)))
    state = states.read()
    assert state is not None
    return state.made.views.index


def test_issues_and_actors_read_back_equal_their_quotes_those_the_facts_hold(tmp_path):
    index = kept_index(tmp_path)
    assert index.issues == VIEWS.index.issues and index.actors == VIEWS.index.actors
    kono = index.actors["taro-kono"].quotes
    assert isinstance(kono, KeptQuotes) and len(kono) == 2
    assert kono == VIEWS.index.actors["taro-kono"].quotes and hash(kono) == hash(tuple(kono))
    assert kono[0] is index.facts[SECOND.path].quotes[0]  # newest first, found in its briefing
    assert kono[1] is index.facts[FIRST.path].quotes[0]
    assert kono[:1] == (index.facts[SECOND.path].quotes[0],) and list(kono) == list(kono[:])
    sides = index.issues["kuril-islands"].sides
    assert all(isinstance(quotes, KeptQuotes) for _, quotes in sides)


def test_issues_and_actors_keep_their_briefings_paths_as_numbers(tmp_path):
    index = kept_index(tmp_path)
    briefings = index.actors["taro-kono"].briefings
    assert isinstance(briefings, KeptPaths) and briefings == (SECOND.path, FIRST.path)
    assert (briefings[0], briefings[-1], len(briefings), briefings[1:]) == (SECOND.path, FIRST.path, 2, (FIRST.path,))
    assert index.issues["kuril-islands"].briefings == VIEWS.index.issues["kuril-islands"].briefings


def test_kept_quotes_sent_to_another_process_are_a_tuple(tmp_path):
    quotes = kept_index(tmp_path).actors["taro-kono"].quotes
    sent = pickle.loads(pickle.dumps(quotes, protocol=5))
    assert type(sent) is tuple and sent == VIEWS.index.actors["taro-kono"].quotes


def test_a_state_saved_again_numbers_kept_quotes_and_quotes_put_in_place_alike(tmp_path):
    index = kept_index(tmp_path)
    was = index.facts[FIRST.path].quotes[0]
    now = was._replace(text="We stay very calm.")
    facts = {**index.facts, FIRST.path: index.facts[FIRST.path]._replace(quotes=(now, *FIRST_QUOTES[1:]))}
    index = with_quotes_reworded(dataclasses.replace(index, facts=facts), {was: now})
    again = kept_index(tmp_path / "again", dataclasses.replace(VIEWS, index=index))
    assert again.actors == index.actors and again.issues == index.issues
    assert [quote.text for quote in again.actors["taro-kono"].quotes] == ["Aegis is defensive.", "We stay very calm."]
    assert isinstance(again.actors["sergei-lavrov"].quotes, KeptQuotes)


FIRST_QUOTES = VIEWS.index.facts[FIRST.path].quotes


def test_the_briefings_of_kept_quotes_are_known_without_reading_their_facts(tmp_path):
    index = kept_index(tmp_path)
    quotes = index.actors["taro-kono"].quotes
    assert isinstance(quotes, KeptQuotes) and not index.facts.read
    assert list(briefings_of(quotes)) == [SECOND.path, FIRST.path] and not index.facts.read
    assert list(briefings_of(tuple(quotes))) == [SECOND.path, FIRST.path]


def test_a_reworded_quote_reads_only_the_kept_quote_lists_holding_its_briefings_quotes(tmp_path):
    index = kept_index(tmp_path)
    was = index.facts[SECOND.path].quotes[0]
    now = was._replace(text="Aegis is only defensive.")
    reworded = with_quotes_reworded(index, {was: now})
    lists = [
        (before, after)
        for slug, facts in index.issues.items()
        for before, after in zip(
            (quotes for _, quotes in facts.sides), (quotes for _, quotes in reworded.issues[slug].sides), strict=True
        )
    ] + [(facts.quotes, reworded.actors[slug].quotes) for slug, facts in index.actors.items()]
    holding = [(before, after) for before, after in lists if SECOND.path in set(briefings_of(before))]
    others = [(before, after) for before, after in lists if SECOND.path not in set(briefings_of(before))]
    assert holding and others
    assert all(after == tuple(now if quote == was else quote for quote in before) for before, after in holding)
    assert all(after is before and isinstance(after, KeptQuotes) for before, after in others)  # not read
