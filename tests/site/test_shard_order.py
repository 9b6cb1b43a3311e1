"""Where the search shards are cut is kept with the state and reused while it holds.

An edit's build plans its search shards from the kept state's ``ShardOrder`` when the
archive still has the same briefings, each edited one with its date and status as before
(a URL is its path's). Otherwise the shards are cut anew. Either way the plan is the one
a build from nothing makes (``test_incremental`` compares whole sites after each kind of edit).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from briefing_archive.model import Briefing, Source
from briefing_archive.search_plan import order_kept, plan_shards, shard_order, shown
from briefing_archive.search_shards import ShardSizes

SIZES = ShardSizes(least=3, target=5, most=7)


def briefing(number: int, status: str = "published") -> Briefing:
    day = dt.date(2020, 1, 1) + dt.timedelta(days=number % 9)  # dates out of path order
    return Briefing(
        path=f"briefings/b{number:03d}.md", title=f"B{number}", date=day, status=status, source=Source("DW")
    )


BRIEFINGS = tuple(briefing(number) for number in range(40))
KEYS = {b.path: f"key-{b.path}" for b in BRIEFINGS}


def replaced(briefings: tuple[Briefing, ...], at: int, **changes) -> tuple[Briefing, ...]:
    return (*briefings[:at], dataclasses.replace(briefings[at], **changes), *briefings[at + 1 :])


def by_path(briefings) -> dict[str, Briefing]:
    return {b.path: b for b in briefings}


def test_a_plan_cut_by_a_kept_order_is_the_plan_cut_anew(monkeypatch):
    from briefing_archive import search_shards

    monkeypatch.setattr(search_shards, "SHARD_SIZES", SIZES)
    order = shard_order(BRIEFINGS)
    retitled = replaced(BRIEFINGS, 12, title="Another title")
    keys = KEYS | {BRIEFINGS[12].path: "key-edited"}
    assert len(order.ends) >= 5 and order.count == len(BRIEFINGS)
    assert plan_shards(retitled, keys, "salt", order) == plan_shards(retitled, keys, "salt")
    # A shard's members come from the briefings planned, not from those the order was cut from.
    (edited,) = [shard for shard in plan_shards(retitled, keys, "salt", order) if retitled[12] in shard.briefings]
    assert any(member is retitled[12] for member in edited.briefings)


def test_a_kept_order_holds_while_each_edited_briefing_keeps_its_date_and_status():
    before = by_path(BRIEFINGS)
    order = shard_order(BRIEFINGS)
    path = BRIEFINGS[12].path
    assert order_kept(order, before, replaced(BRIEFINGS, 12, title="Another title"), [path]) is order
    assert order_kept(order, before, BRIEFINGS, []) is order
    assert order_kept(order, before, replaced(BRIEFINGS, 12, date=dt.date(2021, 5, 5)), [path]) is None
    assert order_kept(order, before, replaced(BRIEFINGS, 12, status="draft"), [path]) is None
    assert order_kept(None, before, BRIEFINGS, [path]) is None


def test_a_kept_order_does_not_hold_once_a_briefing_is_added_or_removed():
    before = by_path(BRIEFINGS)
    order = shard_order(BRIEFINGS)
    added = tuple(sorted((*BRIEFINGS, briefing(99)), key=lambda b: b.path))
    assert order_kept(order, before, added, [briefing(99).path]) is None
    assert order_kept(order, before, BRIEFINGS[:-1], [BRIEFINGS[-1].path]) is None
    # One removed and one added: as many briefings as before, not the same ones.
    swapped = tuple(sorted((*BRIEFINGS[1:], briefing(99)), key=lambda b: b.path))
    assert order_kept(order, before, swapped, [BRIEFINGS[0].path, briefing(99).path]) is None


def test_a_kept_order_of_every_briefing_holds_their_paths_and_plans_by_them_as_by_the_briefings(monkeypatch):
    """An edit's build takes the briefings' paths from the kept state's (in their order), not
    from each briefing's object, and every briefing is shown when none was a draft."""
    from briefing_archive import search_shards

    monkeypatch.setattr(search_shards, "SHARD_SIZES", SIZES)
    paths = tuple(b.path for b in BRIEFINGS)
    retitled = replaced(BRIEFINGS, 12, title="Another title")
    kept = order_kept(shard_order(BRIEFINGS), by_path(BRIEFINGS), retitled, [paths[12]], paths)
    assert kept is not None and kept.paths is paths
    keys = KEYS | {paths[12]: "key-edited"}
    assert plan_shards(retitled, keys, "salt", kept) == plan_shards(retitled, keys, "salt")
    assert shown(retitled, False, kept) is retitled
    with_a_draft = replaced(BRIEFINGS, 3, status="draft")
    drafts_kept = order_kept(
        shard_order(shown(with_a_draft, False, None)), by_path(with_a_draft), with_a_draft, [], paths
    )
    assert drafts_kept is not None and drafts_kept.paths is None  # it cut the shown ones alone
    assert [b.path for b in shown(with_a_draft, False, drafts_kept)] == [p for p in paths if p != paths[3]]
