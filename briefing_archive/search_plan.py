"""Which search shards a build must index, known from the briefings before any record is made.

A shard's records are made from its briefings' files and the registry alone, so its
key is their content keys (with the registry's, the code's and Pagefind's): a shard
whose key is unchanged is the bundle the previous site holds, kept as it is, and
only the shards holding an edit get records and go to Pagefind. Where shards are
cut is ``search_shards``' rule, applied to each briefing's date and URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from .model import Briefing
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


def plan_shards(briefings: Sequence[Briefing], content_keys: dict[str, str], salt: str) -> list[ShardPlan]:
    """The shards of these (visible) briefings, oldest first, each keyed by ``salt`` and
    its briefings' content keys in order."""
    shards = []
    dates = map(iso_date, map(attrgetter("known_date"), briefings))
    for shard in split_placed(list(zip(dates, map(briefing_url, briefings), briefings, strict=True))):
        members = tuple(shard)
        digest = hashlib.blake2b(salt.encode(), digest_size=10)
        # one update of the keys joined is their updates one by one (~10 ms less at 30,000)
        digest.update("".join(map(content_keys.__getitem__, map(attrgetter("path"), members))).encode())
        shards.append(ShardPlan(digest.hexdigest(), members))
    return shards


def shards_file(shards: list[ShardPlan]) -> bytes:
    """``shards.json`` for these shards."""
    return listing_of([(shard.key, len(shard.briefings)) for shard in shards])
