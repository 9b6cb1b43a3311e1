"""An edit's build puts each edited briefing in the place of the one it replaces when none
was added or removed; the result is what sorting the briefings and making every claim
anew gives, whatever the edit (``edited_archive``)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from briefing_archive.edited_archive import claims_unchanged, edited_briefings, in_place
from briefing_archive.model import Briefing, Source
from briefing_archive.validate import claims_by_path, duplicate_claims


def briefing(number: int, title: str = "") -> Briefing:
    return Briefing(
        path=f"briefings/b{number:03d}.md",
        title=title or f"B{number}",
        date=dt.date(2020, 1, 1 + number % 28),
        status="published",
        source=Source("DW", file=f"articles/a{number:03d}.txt"),
    )


BEFORE = tuple(briefing(number) for number in range(0, 40, 2))  # sorted by path
KEPT = claims_by_path(BEFORE)


def made_anew(briefings) -> tuple[list[Briefing], dict[str, tuple]]:
    ordered = sorted(briefings, key=lambda b: b.path)
    return ordered, claims_by_path(ordered)


def test_an_edited_briefing_takes_the_place_of_the_one_it_replaces():
    edited = [dataclasses.replace(BEFORE[7], title="Another"), dataclasses.replace(BEFORE[0], title="First")]
    placed = in_place(BEFORE, edited, [b.path for b in edited])
    assert placed is not None and placed[7] is edited[0] and placed[0] is edited[1]
    assert [b.path for b in placed] == [b.path for b in BEFORE]
    assert all(a is b for a, b in zip(placed[1:7], BEFORE[1:7], strict=True))


def test_an_added_or_removed_briefing_has_no_place_to_take():
    assert in_place(BEFORE, [briefing(3)], [briefing(3).path]) is None  # added
    assert in_place(BEFORE, [briefing(99)], [briefing(99).path]) is None  # added after the last
    assert in_place(BEFORE, [], [BEFORE[4].path]) is None  # removed


def test_the_briefings_and_claims_after_any_edit_are_those_made_anew():
    retitled = dataclasses.replace(BEFORE[5], title="Retitled")
    resourced = dataclasses.replace(BEFORE[9], source=Source("DW", file="articles/elsewhere.txt"))
    cases = {
        "edited in place": ([retitled, resourced], [retitled.path, resourced.path], True),
        "one added": ([briefing(11)], [briefing(11).path], False),
        "one removed": ([], [BEFORE[3].path], False),
        "one removed, one added": ([briefing(13)], [BEFORE[3].path, briefing(13).path], False),
    }
    for name, (new, edited, placed) in cases.items():
        gone = set(edited)
        expected = made_anew([b for b in BEFORE if b.path not in gone] + new)
        briefings, claims, was_placed = edited_briefings(BEFORE, KEPT, new, sorted(edited))
        assert (briefings, claims, was_placed) == (*expected, placed), name
        assert list(claims) == [b.path for b in briefings], name  # claims in the briefings' order


def test_claims_are_checked_across_briefings_again_only_once_an_edit_changes_a_slug_or_source():
    """A kept state claims no slug or source twice; an edit in place that keeps each edited
    briefing's leaves it so. One that takes another's source is found by the check."""
    retitled = dataclasses.replace(BEFORE[3], title="Another")
    _, claims, placed = edited_briefings(BEFORE, KEPT, [retitled], [retitled.path])
    assert claims_unchanged(KEPT, claims, [retitled.path], placed)
    assert not claims_unchanged(KEPT, claims, [retitled.path], False)  # one added or removed
    taken = dataclasses.replace(BEFORE[3], source=BEFORE[5].source)
    _, claims, placed = edited_briefings(BEFORE, KEPT, [taken], [taken.path])
    assert placed and not claims_unchanged(KEPT, claims, [taken.path], placed)
    assert [problem.field for problem in duplicate_claims(list(claims.values()))] == ["source.file"]
