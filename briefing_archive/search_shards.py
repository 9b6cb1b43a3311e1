"""The search index in shards: runs of briefings in date order, each its own Pagefind index.

Pagefind holds a whole index in memory while it builds it (~200 KB a
briefing: 6 GB at 30,000), and a reader's browser downloads its page list
(~9 bytes a briefing: 900 KB at 100,000) before the first search. Shards of
about ``ShardSizes.target`` briefings bound both: Pagefind's memory by the
shard, and a search's download by the shards it needs, since the shards are
consecutive in date order and the search box (newest first) opens the older
ones only as the reader goes on past the newer ones' results.

Where one shard ends is decided by the briefings themselves (a cut after a
briefing whose URL hashes to a chosen value, once a shard has ``least``
briefings; always at ``most``), not by counting from the start: adding,
editing or removing a briefing changes its own shard (rarely a neighbour
too), so only that shard is indexed again. New briefings go into the newest.
Pure functions; ``search.py`` runs Pagefind and the cache.
"""

from __future__ import annotations

import json
import zlib
from operator import itemgetter
from typing import NamedTuple, TypeVar

SEARCH_FOLDER = "pagefind/"  # the search bundle in the site
SHARDS_FILE = "shards.json"
SHARD_FOLDER = "shards"  # each shard's bundle: pagefind/shards/<key>/
# What a shard's bundle needs: the browser runs it with the primary bundle's code and WebAssembly.
SHARD_FILES = ("index/", "fragment/", "filter/")


class ShardSizes(NamedTuple):
    """Briefings a shard: at least ``least`` (unless it is the newest), ``target`` on
    average, never more than ``most``."""

    least: int
    target: int
    most: int


# Pagefind takes ~1 ms and ~200 KB a briefing: indexing an edit's shard again takes
# ~0.25 s on average and ~0.35 s at ``most``, within the rest of an edit's build at 10,000
# briefings (~0.45 s from when it asks); two shards at a time hold < 0.2 GB. At most 500,
# a third of the edits at 10,000 landed in a shard of over 400 and waited for Pagefind
# (1.02-1.09 s against 0.79-0.89 s). Smaller shards would lengthen ``shards.json`` (~30
# bytes a shard), which every search downloads first.
SHARD_SIZES = ShardSizes(least=125, target=250, most=350)


def split_into_shards(records: list[dict], sizes: ShardSizes | None = None) -> list[list[dict]]:
    """``records`` in date order (then URL), cut into shards, oldest first."""
    return split_placed([(r["sort"].get("date", ""), r["url"], r) for r in records], sizes)


Item = TypeVar("Item")


def split_placed(placed: list[tuple[str, str, Item]], sizes: ShardSizes | None = None) -> list[list[Item]]:
    """Items placed by (date, URL) in that order, cut into shards, oldest first."""
    sizes = sizes or SHARD_SIZES
    shards: list[list[Item]] = []
    current: list[Item] = []
    for _, url, item in sorted(placed, key=itemgetter(0, 1)):
        current.append(item)
        if len(current) >= sizes.most or (len(current) >= sizes.least and cuts_after(url, sizes)):
            shards.append(current)
            current = []
    return shards + [current] if current else shards


def cuts_after(url: str, sizes: ShardSizes) -> bool:
    """Whether a shard may end after this briefing: true for one URL in (target - least).
    A CRC (spread evenly enough for that, and asked of half the briefings on every build:
    a cryptographic hash of each took 28 ms of an edit's build at 30,000)."""
    return zlib.crc32(url.encode("utf-8", "surrogatepass")) % max(1, sizes.target - sizes.least) == 0


def shard_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """A shard's Pagefind files without the code the primary bundle already ships."""
    return {
        path: data
        for path, data in files.items()
        if path.startswith(SHARD_FILES) or path.endswith(".pf_meta") or path == "pagefind-entry.json"
    }


def shards_listing(shards: list[tuple[str, list[dict]]]) -> bytes:
    """``shards.json``: each shard (key, records) newest first, with its size, for the
    search box, which opens them in this order."""
    return listing_of([(key, len(records)) for key, records in shards])


LISTING_COLUMNS = ("key", "pages")


def listing_of(shards: list[tuple[str, int]]) -> bytes:
    """``shards.json`` of shards given as (key, briefings), oldest first: a row a shard,
    newest first, under the columns' names. Only what the search box or a reader of the
    file needs (each shard's dates are in its briefings): rows rather than objects, and
    nothing more, keep it short, since every search downloads it before its first shard."""
    rows = [[key, pages] for key, pages in reversed(shards)]
    return json.dumps({"columns": LISTING_COLUMNS, "shards": rows}, separators=(",", ":")).encode("utf-8")


def read_listing(data: bytes) -> list[dict]:
    """The shards ``shards.json`` lists, newest first, each a dict of its columns."""
    listing = json.loads(data)
    return [dict(zip(listing["columns"], row, strict=True)) for row in listing["shards"]]
