"""The site's search: Pagefind indexes, one per shard of the briefings, built from records.

Pagefind splits each index into small chunks, so a query downloads a few
kilobytes of each index it searches, and it ships its own search API.

We index *records* (briefing text and metadata, see ``records.search_records``)
rather than the rendered HTML: listing pages would only add noise, and the
records are cheap to hash, which gives the cache keys.

The site's bundle (``pagefind/``): Pagefind's code with an empty index, which
the search box loads first and merges the shards into; ``shards.json``, the
shards newest first; and each shard's index under ``shards/<key>/`` (see
``search_shards``). Each shard is indexed by a Pagefind process of its own,
two at a time, and cached by its records' hash: an edit indexes its shard
again, the others are read back.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import storage
from .pagefind_service import Pagefinds, SearchIndexError, index_records
from .search_shards import SHARD_FOLDER, SHARDS_FILE, shard_bundle, shards_listing, split_into_shards

__all__ = ["SearchIndexError", "build_search_index", "clean_record", "index_shards", "records_hash", "search_bundles"]

# Everything that changes the index bytes for the same records: bump the
# format when the record → Pagefind mapping below changes.
INDEX_FORMAT = "briefing-archive-search-3"
OUTPUT_FOLDER = "pagefind"
CACHE_FOLDER = ".cache/search"
CACHE_FILE = "bundle.pack"
CURRENT = "current"  # "current-<flavour>": the cache folders of that flavour's last bundle, one a line
CACHE_KEEP = 8  # cached shards kept besides every flavour's current ones (an edit undone is read back)
PAGEFINDS = 2  # Pagefind processes at a time: one a core
# The primary bundle's one page: Pagefind ships the WebAssembly of the languages it
# indexed, and the shards run on the primary's. It has no shard filter,
# so no search (the search box always names a shard) ever finds it.
PLACEHOLDER = {"url": "/", "content": "search", "language": "en", "meta": {}, "filters": {}, "sort": {}}


def build_search_index(
    records: list[dict], cache_root: Path | None = None, flavour: str = "published"
) -> dict[str, bytes]:
    """The whole search bundle for ``records``: site-relative path → bytes."""
    bundle: dict[str, bytes] = {}
    for part in search_bundles(records, cache_root, flavour):
        bundle.update(part)
    return bundle


def search_bundles(
    records: list[dict], cache_root: Path | None = None, flavour: str = "published"
) -> Iterator[dict[str, bytes]]:
    """The search bundle in parts, site-relative path → bytes: first Pagefind's code with
    ``shards.json``, then each shard's index, so a caller can write each part and let it go.

    With ``cache_root`` (the archive root) each shard indexed before is read back from
    ``.cache/search``; each ``flavour`` (the preview's, with drafts, or the published one)
    keeps its shards from being pruned while the other is built.
    """
    shards = [(records_hash(shard)[:20], shard) for shard in split_into_shards([clean_record(r) for r in records])]
    yield from index_shards(shards, shards_listing(shards), [key for key, _ in shards], cache_root, flavour)


def index_shards(
    shards: Iterable[tuple[str, list[dict]]],
    listing: bytes,
    current: list[str],
    cache_root: Path | None = None,
    flavour: str = "published",
) -> Iterator[dict[str, bytes]]:
    """Pagefind's code with ``listing`` (``shards.json``), then ``shards`` (key, records made
    by ``clean_record``), each indexed or read back: a whole bundle (``search_bundles``), or
    the shards that changed for a build that keeps the others. ``current`` names every
    shard of the bundle, kept in the cache."""
    cache = Path(cache_root) / CACHE_FOLDER if cache_root is not None else None
    primary_key = records_hash([PLACEHOLDER])[:20]
    primary = cached_index(cache, primary_key, [PLACEHOLDER])
    yield {
        **{f"{OUTPUT_FOLDER}/{path}": data for path, data in sorted(primary.items())},
        f"{OUTPUT_FOLDER}/{SHARDS_FILE}": listing,
    }
    del primary
    with Pagefinds() as pagefinds:  # a process for each of the threads, for all its shards
        for key, files in two_at_a_time(lambda shard: shard_bundle(cached_index(cache, *shard, pagefinds)), shards):
            yield {f"{OUTPUT_FOLDER}/{SHARD_FOLDER}/{key}/{path}": data for path, data in sorted(files.items())}
    if cache is not None:
        remember_current(cache, flavour, [primary_key] + current)


def two_at_a_time(
    work: Callable[[tuple[str, list]], dict[str, bytes]], shards: Iterable[tuple[str, list]]
) -> Iterator[tuple[str, dict[str, bytes]]]:
    """(key, ``work((key, records))``) for each shard in order, ``PAGEFINDS`` at work at
    once and no more answers held than that: the memory is the shards', not the archive's."""
    with ThreadPoolExecutor(PAGEFINDS) as pool:
        running: deque = deque()
        for shard in shards:
            if len(running) >= PAGEFINDS:
                key, future = running.popleft()
                yield key, future.result()
            running.append((shard[0], pool.submit(work, shard)))
        while running:
            key, future = running.popleft()
            yield key, future.result()


def cached_index(
    cache: Path | None, key: str, records: list[dict], pagefinds: Pagefinds | None = None
) -> dict[str, bytes]:
    """Pagefind's bundle for ``records``, read back when indexed before (a damaged cache
    file reads as missing: indexed again); indexed by the thread's process of ``pagefinds``
    when given, else by a process of its own."""
    if cache is None:
        return index_records(records, pagefinds.service() if pagefinds is not None else None)
    folder = cache / key
    cached = unpack(storage.read_cache(folder / CACHE_FILE))
    if cached is not None:
        storage.touch(folder)
        return cached
    files = index_records(records, pagefinds.service() if pagefinds is not None else None)
    storage.write_cache(folder / CACHE_FILE, pack(files))
    return files


def remember_current(cache: Path, flavour: str, keys: list[str]) -> None:
    """Name the cache folders this flavour's bundle came from, then prune the others
    down to the ``CACHE_KEEP`` used last (every flavour's current ones stay)."""
    storage.write_cache(cache / f"{CURRENT}-{flavour}", "\n".join(keys).encode("utf-8"))
    current = frozenset(
        key
        for name, data in storage.read_caches(cache, "")
        if name.startswith(f"{CURRENT}-")
        for key in data.decode("utf-8", "replace").split()
    )
    storage.prune_subfolders(cache, keep=CACHE_KEEP, spare=current)


def pack(files: dict[str, bytes]) -> bytes:
    """One cache file for the whole bundle: a JSON table of contents, a newline, the bytes.

    A large index is ~10,000 small files; reading one file back is ~100x faster.
    """
    ordered = sorted(files.items())
    table = json.dumps([[path, len(data)] for path, data in ordered]).encode("utf-8")
    return b"".join([table, b"\n"] + [data for _, data in ordered])


def unpack(packed: bytes | None) -> dict[str, bytes] | None:
    """The files ``pack`` packed; None for a missing or damaged cache (index afresh)."""
    if packed is None:
        return None
    table, _, body = packed.partition(b"\n")
    files, offset = {}, 0
    try:
        for path, length in json.loads(table):
            files[str(path)] = body[offset : offset + int(length)]
            offset += int(length)
    except (ValueError, TypeError):
        return None
    return files if offset == len(body) else None


def clean_record(record: dict) -> dict:
    """The Pagefind fields of a record, with the string types Pagefind expects."""
    return {
        "url": str(record["url"]),
        "content": str(record.get("content") or ""),
        "language": str(record.get("language") or "en"),
        "meta": {str(k): str(v) for k, v in (record.get("meta") or {}).items() if v is not None},
        "filters": {
            str(k): sorted({str(v) for v in values if v is not None})
            for k, values in (record.get("filters") or {}).items()
        },
        "sort": {str(k): str(v) for k, v in (record.get("sort") or {}).items() if v is not None},
    }


def records_hash(records: list[dict], salt: str = "") -> str:
    """A key that changes whenever any record, the Pagefind version or our mapping does."""
    digest = hashlib.sha256()
    digest.update(f"{INDEX_FORMAT}\0{pagefind_version()}\0{salt}\0".encode())
    digest.update(json.dumps(records, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]


def pagefind_version() -> str:
    """The installed Pagefind package and its version, as the name of its ``.dist-info``
    folder gives them (what ``importlib.metadata`` reads too, after ~10 ms of imports:
    a build asks on its way to its search shard)."""
    for package in ("pagefind_bin_extended", "pagefind_bin", "pagefind"):
        installed = storage.installed_distribution(package)
        if installed is not None:
            return installed
    return "unknown"
