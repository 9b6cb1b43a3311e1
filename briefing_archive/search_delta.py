"""Keeping the search index current without re-indexing the archive.

Pagefind cannot update an index: every change means indexing every record
again (≈1 ms a briefing, 10 s at 10,000). So the site carries two bundles:
the *base* (``pagefind/``: every record as it was when the base was built)
and a small *delta* (``pagefind-delta/``: the records added or changed since,
indexed on their own in a fraction of a second). The search box merges the
delta into the base with Pagefind's ``mergeIndex`` and drops the base's
results listed as ``hidden`` in ``pagefind-delta/changes.json`` (changed or
removed briefings), then interleaves the two lists by date.

When the delta grows past ``DELTA_LIMIT`` records a new base is built, so
the delta stays small for readers (one extra index chunk per search) and
for the build. Pure functions; ``search.py`` runs Pagefind and the cache.

One difference from a single index needs help from the search box: when no
indexed word starts with a search term, Pagefind falls back to the longest
indexed word the term starts with ("newword" → "new"). So a word found only
in the delta would make the base answer for "new", and a word missing from
the delta would make the delta answer for its prefix. ``changes.json``
carries the delta's words, and for each word new to the base the shortest
prefix no base word shares; with them the box drops a whole index's answer
when that index has no word for a term.
"""
from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import os
import re
from dataclasses import dataclass

# Indexing 300 records takes Pagefind ~0.3 s; past that a fresh base pays off.
DELTA_LIMIT = 300
DELTA_FOLDER = "pagefind-delta"
CHANGES_FILE = "changes.json"
# What a merged index needs: the browser runs it with the base's code and WebAssembly.
DELTA_FOLDERS = ("index/", "fragment/", "filter/")


@dataclass(frozen=True)
class Base:
    """A base bundle's records: URL → record digest, URL → Pagefind page id; its words, sorted."""
    digests: dict
    page_ids: dict
    words: tuple = ()


@dataclass(frozen=True)
class Update:
    """What differs from the base: records to index in the delta, URLs to hide."""
    changed: tuple
    removed: tuple

    @property
    def size(self) -> int:
        return len(self.changed) + len(self.removed)

    @property
    def hidden_urls(self) -> list[str]:
        """The base's pages the search box must not show: changed or removed."""
        return [r["url"] for r in self.changed] + list(self.removed)


def record_digest(record: dict) -> str:
    return hashlib.blake2b(json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8"),
                           digest_size=16).hexdigest()


def plan_update(base: Base, records: list[dict]) -> Update:
    """The records new or changed since the base (in URL order) and the base URLs now gone."""
    urls = {record["url"] for record in records}
    changed = tuple(r for r in records if base.digests.get(r["url"]) != record_digest(r))
    removed = tuple(sorted(url for url in base.digests if url not in urls))
    return Update(changed, removed)


def base_of(records: list[dict], files: dict[str, bytes]) -> Base:
    """The Base description of a bundle Pagefind built from ``records``."""
    return Base({r["url"]: record_digest(r) for r in records}, page_ids(files), vocabulary(records))


WORD = re.compile(r"\w+")


def vocabulary(records) -> tuple[str, ...]:
    """The lower-cased words of the records' text, sorted (as Pagefind splits them, near enough)."""
    return tuple(sorted({w for r in records for w in WORD.findall(r["content"].lower())}))


def unshared_prefix(word: str, words: tuple[str, ...]) -> str:
    """The shortest prefix of ``word`` that no word in ``words`` (sorted) starts with."""
    at = bisect.bisect_left(words, word)
    # The sorted neighbours share the longest prefixes any word does.
    shared = max((len(os.path.commonprefix([word, words[i]])) for i in (at - 1, at) if 0 <= i < len(words)),
                 default=0)
    return word[:shared + 1]


def page_ids(files: dict[str, bytes]) -> dict[str, str]:
    """URL → Pagefind's id for it (the fragment's name, which search results carry)."""
    ids = {}
    for path, data in files.items():
        if path.startswith("fragment/") and path.endswith(".pf_fragment"):
            ids[fragment_payload(data)["url"]] = path[len("fragment/"):-len(".pf_fragment")]
    return ids


def fragment_payload(data: bytes) -> dict:
    raw = gzip.decompress(data)
    signature = b"pagefind_dcd"
    return json.loads(raw[len(signature):] if raw.startswith(signature) else raw)


def delta_files(update: Update, base: Base, files: dict[str, bytes]) -> dict[str, bytes]:
    """``pagefind-delta/``: the delta's index (``files``, empty when nothing changed)
    without the code the base already ships, and ``changes.json``."""
    kept = {path: data for path, data in files.items()
            if path.startswith(DELTA_FOLDERS) or path.endswith(".pf_meta") or path == "pagefind-entry.json"}
    ids = page_ids(kept)
    dates = {r["url"]: r["sort"].get("date", "") for r in update.changed}
    hidden = sorted(base.page_ids[url] for url in update.hidden_urls if url in base.page_ids)
    words = vocabulary(update.changed)
    known = set(base.words)
    changes = {"delta": {ids[url]: dates[url] for url in sorted(ids)}, "hidden": hidden,
               "words": list(words),
               "fresh": [[unshared_prefix(w, base.words), w] for w in words if w not in known]}
    kept[CHANGES_FILE] = json.dumps(changes, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return kept


def without_hidden_text(files: dict[str, bytes], update: Update, base: Base) -> dict[str, bytes]:
    """The base bundle with the text of its hidden pages (changed or removed briefings)
    taken out of their fragments, so a corrected or withdrawn text is not shipped in the
    site's files. (The base's word lists still hold their words until a new base.)"""
    stubbed = dict(files)
    for url in update.hidden_urls:
        path = f"fragment/{base.page_ids.get(url)}.pf_fragment"
        if path in stubbed:
            stub = {"url": url, "content": "", "word_count": 0, "filters": {}, "meta": {}, "anchors": []}
            stubbed[path] = gzip.compress(b"pagefind_dcd" + json.dumps(stub).encode("utf-8"), mtime=0)
    return stubbed


def base_to_json(base: Base) -> bytes:
    return json.dumps({"digests": base.digests, "page_ids": base.page_ids, "words": base.words},
                      sort_keys=True).encode("utf-8")


def base_from_json(data: bytes | None) -> Base | None:
    """A saved Base, or None when missing or unreadable (then: build a new base)."""
    try:
        saved = json.loads(data) if data else None
        return Base(dict(saved["digests"]), dict(saved["page_ids"]), tuple(saved["words"]))
    except (ValueError, TypeError, KeyError):
        return None
