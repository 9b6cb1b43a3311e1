"""Which search shards a build must index, known from the briefings before any record is made.

A shard's records are made from its briefings' files and the registry alone, so its
key is their content keys (with the registry's, the code's and Pagefind's): a shard
whose key is unchanged is the bundle the previous site holds, kept as it is, and
only the shards holding an edit get records and go to Pagefind. Where shards are
cut is ``search_shards``' rule, applied to each briefing's date and URL.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, chain
from operator import attrgetter

from .model import Briefing, at_paths, visible
from .page_views import briefing_url, iso_date
from .search_shards import SHARD_FOLDER, listing_of, split_placed


@dataclass(frozen=True)
class ShardPlan:
    key: str
    briefings: tuple[Briefing, ...]  # oldest first, as the shard's records are

    @property
    def folder(self) -> str:
        """Its bundle's folder in the site."""
        return f"pagefind/{SHARD_FOLDER}/{self.key}/"


@dataclass(frozen=True)
class ShardOrder:
    """Where ``split_placed`` cuts a list of visible briefings: their positions in it, in
    the shards' order, and where each shard ends among those. It holds while the list holds
    the same paths and each keeps its date (a URL is its path's): a title edit's build
    reuses the kept state's (sorting 30,000 briefings by date and URL took ~35 ms of it)."""

    positions: array  # of the briefings, oldest first
    ends: tuple[int, ...]  # each shard's end in ``positions``
    count: int  # the briefings in the list cut
    # Their paths, in the list's order, when every briefing of the archive is in it
    # (``order_kept``: a pass over 30,000 briefings' objects for them took ~6 ms of an edit's build)
    paths: tuple[str, ...] | None = None


def shard_order(briefings: Sequence[Briefing]) -> ShardOrder:
    """How these (visible) briefings are cut into shards, oldest first."""
    dates = map(iso_date, map(attrgetter("known_date"), briefings))
    shards = split_placed(list(zip(dates, map(briefing_url, briefings), range(len(briefings)), strict=True)))
    return ShardOrder(array("I", chain.from_iterable(shards)), tuple(accumulate(map(len, shards))), len(briefings))


def plan_shards(
    briefings: Sequence[Briefing], content_keys: dict[str, str], salt: str, order: ShardOrder | None = None
) -> list[ShardPlan]:
    """The shards of these (visible) briefings, oldest first, each keyed by ``salt`` and
    its briefings' content keys in order; cut as ``order`` says when given (``ShardOrder``)."""
    order = order if order is not None and order.count == len(briefings) else shard_order(briefings)
    members = tuple(map(briefings.__getitem__, order.positions))
    held = order.paths if order.paths is not None and len(order.paths) == len(briefings) else None
    paths = map(held.__getitem__, order.positions) if held is not None else map(attrgetter("path"), members)
    keys = list(map(content_keys.__getitem__, paths))
    shards, start = [], 0
    for end in order.ends:
        digest = hashlib.blake2b(salt.encode(), digest_size=10)
        # one update of the keys joined is their updates one by one (~10 ms less at 30,000)
        digest.update("".join(keys[start:end]).encode())
        shards.append(ShardPlan(digest.hexdigest(), members[start:end]))
        start = end
    return shards


def shown(briefings: Sequence[Briefing], include_drafts: bool, order: ShardOrder | None) -> Sequence[Briefing]:
    """``visible(briefings)``, which are all of them when ``order`` holds their paths (no
    draft was among them, and none became one: ``order_kept``)."""
    if order is not None and order.paths is not None and order.count == len(briefings):
        return briefings
    return visible(briefings, include_drafts)


def shards_file(shards: list[ShardPlan]) -> bytes:
    """``shards.json`` for these shards."""
    return listing_of([(shard.key, len(shard.briefings)) for shard in shards])


def order_kept(
    order: ShardOrder | None,
    before: Mapping[str, Briefing],
    after: Sequence[Briefing],
    edited: Collection[str],
    paths: tuple[str, ...] | None = None,
) -> ShardOrder | None:
    """``order``, a kept state's of its briefings (``before``, by path), when it holds for
    the briefings ``after`` (sorted by path) that ``edited`` changed: the same paths, each
    edited one with its date and status as before; else None. ``paths``: those of
    ``before``'s briefings in their order, held by the order when it cut all of them."""
    if order is None or len(before) != len(after):
        return None
    now = at_paths(after, edited)
    for path in edited:
        old, new = before.get(path), now.get(path)
        if old is None or new is None or (old.date, old.status) != (new.date, new.status):
            return None
    return replace(order, paths=paths) if paths is not None and order.count == len(paths) == len(after) else order
