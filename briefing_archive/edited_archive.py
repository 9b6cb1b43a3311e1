"""An archive's briefings and claims after some were edited, added or removed (``warm_load``).

Where none was added or removed, each edited briefing takes the place of the one it
replaces, and the claims kept for the others are kept as they are: at 30,000 briefings,
sorting them all again and going through every claim took ~15 ms of each edit's build.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from operator import attrgetter

from .archive import Archive
from .model import Briefing, place_of
from .validate import claims_of


def in_place(before: Sequence[Briefing], new: Sequence[Briefing], edited: Sequence[str]) -> list[Briefing] | None:
    """``before`` (sorted by path) with each of ``new`` in the place of the briefing at its
    path, when the ``edited`` paths are theirs and each is in ``before`` (none added or
    gone); else None."""
    if len(new) != len(edited):
        return None
    briefings = list(before)
    for briefing in new:
        at = place_of(before, briefing.path)
        if at is None:
            return None
        briefings[at] = briefing
    return briefings


def edited_briefings(
    before: Sequence[Briefing], kept: dict[str, tuple], new: Sequence[Briefing], edited: Sequence[str]
) -> tuple[list[Briefing], dict[str, tuple], bool]:
    """The briefings ``before`` with those at the ``edited`` paths read again (``new``) or
    gone, sorted by path; their claims, in that order (``kept``: those of ``before``); and
    whether each edited one took its old place (none added or gone)."""
    placed = in_place(before, new, edited) if len(kept) == len(before) else None
    if placed is not None:
        return placed, kept | {b.path: tuple(claims_of(b)) for b in new}, True
    gone = set(edited)
    briefings = sorted([b for b in before if b.path not in gone] + list(new), key=attrgetter("path"))
    claims = {b.path: kept[b.path] if b.path in kept and b.path not in gone else tuple(claims_of(b)) for b in briefings}
    return briefings, claims, False


def with_briefings(
    before: Archive,
    briefings: list[Briefing],
    edited: list[str],
    keys: dict[str, str],
    problems,
    listed: int,
    placed: bool = False,
) -> Archive:
    """``before`` with its briefings, content keys and problems brought up to date (``placed``:
    no briefing was added or gone, each edited one's key replaces its old one)."""
    gone = set(edited)
    kept_keys = before.content_keys if placed else {p: key for p, key in before.content_keys.items() if p not in gone}
    content_keys = kept_keys | keys
    kept = [problem for problem in before.problems if problem.path not in gone]
    ordered = sorted(set(kept + problems), key=lambda p: (p.path, p.line, p.field, p.message))
    files = listed + len(before.registry.issues) + len(before.registry.actors)
    return dataclasses.replace(
        before, briefings=tuple(briefings), problems=tuple(ordered), files=files, content_keys=content_keys
    )


def claims_unchanged(before: dict[str, tuple], after: dict[str, tuple], edited: Sequence[str], placed: bool) -> bool:
    """Whether the briefings ``edited`` in place (``placed``) claim the slugs and sources
    they claimed ``before`` (a kept state's, which claims none twice, or it was not kept):
    then ``after`` claims none twice either (checking all 30,000 took ~5 ms of an edit's build)."""
    return placed and all(path in before and before[path][1:3] == after[path][1:3] for path in edited)
