"""The site's search: a Pagefind index built from one record per briefing.

Pagefind splits its index into small chunks, so a query downloads a few
kilobytes whatever the archive's size, and it ships its own search UI.

We index *records* (briefing text and metadata, see ``records.search_records``)
rather than the rendered HTML: listing pages would only add noise, and the
records are cheap to hash, which gives us the cache key.

Why not ``pagefind.index.PagefindIndex``: its client polls the service's
answers with a 0.1 s sleep between messages (10,000 records would take
17 minutes) and reads ``get_files`` through a 2 MiB stream limit that a large
index overflows. We speak the same service protocol (base64 JSON messages
ending in ",") directly, with one thread writing requests while the caller
reads answers, so neither pipe can fill up and stall the other side.
"""
from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import threading
from pathlib import Path

from pagefind.service import get_executable

from . import storage
from .search_delta import (DELTA_FOLDER, DELTA_LIMIT, Base, Update, base_from_json, base_of, base_to_json,
                           delta_files, plan_update, without_hidden_text)

# Everything that changes the index bytes for the same records: bump the
# format when the record → Pagefind mapping below changes.
INDEX_FORMAT = "briefing-archive-search-2"
OUTPUT_FOLDER = "pagefind"
CACHE_FOLDER = ".cache/search"
CACHE_FILE = "bundle.pack"
BASE_FILE = "base.json"
BASE_POINTER = "base"  # "base-<flavour>" names the folder of that flavour's current base
CACHE_KEEP = 6  # folders in all: each flavour's base (never pruned) and the last few deltas
RECORD_KEYS = ("url", "content", "language", "meta", "filters", "sort")


class SearchIndexError(RuntimeError):
    """Pagefind is missing, crashed or rejected a record."""


def build_search_index(records: list[dict], cache_root: Path | None = None,
                       flavour: str = "published") -> dict[str, bytes]:
    """The search bundles for ``records``: site-relative path → bytes.

    ``pagefind/`` is the base index and ``pagefind-delta/`` what changed since
    it (see ``search_delta``). Without ``cache_root`` (the archive root) or
    without a usable base there, every record goes into a new base and the
    delta is empty; with one, only the records that differ from it are
    indexed, and an update seen before is read back, not indexed again.
    Each ``flavour`` has its own base: the preview's ("preview", with
    drafts) never goes out in a published site.
    """
    # Sorted by URL: the same archive gives the same keys and the same index
    # whatever order the caller listed the records in.
    records = sorted((clean_record(r) for r in records), key=lambda r: r["url"])
    if cache_root is None:
        files = index_records(records)
        return bundles(files, delta_files(Update((), ()), base_of(records, files), {}))
    cache, pointer = Path(cache_root) / CACHE_FOLDER, f"{BASE_POINTER}-{flavour}"
    base_key, base = read_base(cache, pointer)
    update = plan_update(base, records) if base else None
    base_files = unpack(storage.read_cache(cache / base_key / CACHE_FILE)) if update is not None else None
    if update is None or update.size > DELTA_LIMIT or base_files is None:
        base_key, base, base_files = write_base(cache, records, pointer)
        update = Update((), ())
    delta = cached_index(cache, list(update.changed), f"{base_key}\0{update.removed}") if update.changed else {}
    # Every flavour's base stays, however many deltas were made since it was last used.
    bases = frozenset(current_bases(cache))
    storage.prune_subfolders(cache, keep=max(0, CACHE_KEEP - len(bases)), spare=bases)
    return bundles(without_hidden_text(base_files, update, base), delta_files(update, base, delta))


def bundles(base_files: dict[str, bytes], delta: dict[str, bytes]) -> dict[str, bytes]:
    return {**{f"{OUTPUT_FOLDER}/{path}": data for path, data in sorted(base_files.items())},
            **{f"{DELTA_FOLDER}/{path}": data for path, data in sorted(delta.items())}}


def read_base(cache: Path, pointer: str) -> tuple[str, Base | None]:
    """The current base's cache key and description (None: there is none to use, or
    it was made by another Pagefind or mapping, whose files a delta must not join)."""
    key, _, version = (storage.read_cache(cache / pointer) or b"").decode("utf-8", "replace").partition(" ")
    if not key.isalnum() or version != index_version() or not storage.exists(cache / key, CACHE_FILE):
        return "", None
    storage.touch(cache / key)
    return key, base_from_json(storage.read_cache(cache / key / BASE_FILE))


def write_base(cache: Path, records: list[dict], pointer: str) -> tuple[str, Base, dict[str, bytes]]:
    """Index every record into a new base (or take the one cached for these very records):
    its key, description and files."""
    key = records_hash(records)
    base = files = None
    if storage.exists(cache / key, CACHE_FILE):
        storage.touch(cache / key)
        base = base_from_json(storage.read_cache(cache / key / BASE_FILE))
        files = unpack(storage.read_cache(cache / key / CACHE_FILE))
    if base is None or files is None:  # not cached, or the cache is damaged: index afresh
        files = index_records(records)
        base = base_of(records, files)
        storage.write_cache(cache / key / CACHE_FILE, pack(files))
        storage.write_cache(cache / key / BASE_FILE, base_to_json(base))
    storage.write_cache(cache / pointer, f"{key} {index_version()}".encode("utf-8"))
    return key, base, files


def current_bases(cache: Path) -> list[str]:
    """The cache folders the flavours' base pointers ("base-<flavour>" files) name."""
    return [data.decode("utf-8", "replace").partition(" ")[0]
            for name, data in storage.read_caches(cache, "") if name.startswith(f"{BASE_POINTER}-")]


def cached_index(cache: Path, records: list[dict], salt: str) -> dict[str, bytes]:
    """Pagefind's bundle for ``records``, read back when indexed before."""
    folder = cache / records_hash(records, salt)
    cached = unpack(storage.read_cache(folder / CACHE_FILE)) if storage.exists(folder, CACHE_FILE) else None
    if cached is not None:
        storage.touch(folder)
        return cached
    files = index_records(records)
    storage.write_cache(folder / CACHE_FILE, pack(files))
    return files


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
            files[str(path)] = body[offset:offset + int(length)]
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
        "filters": {str(k): sorted({str(v) for v in values if v is not None})
                    for k, values in (record.get("filters") or {}).items()},
        "sort": {str(k): str(v) for k, v in (record.get("sort") or {}).items() if v is not None},
    }


def records_hash(records: list[dict], salt: str = "") -> str:
    """A key that changes whenever any record, the Pagefind version or our mapping does."""
    digest = hashlib.sha256()
    digest.update(f"{INDEX_FORMAT}\0{pagefind_version()}\0{salt}\0".encode())
    digest.update(json.dumps(records, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]


def index_version() -> str:
    return f"{INDEX_FORMAT}/{pagefind_version()}"


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    for package in ("pagefind_bin_extended", "pagefind_bin", "pagefind"):
        try:
            return f"{package}-{version(package)}"
        except PackageNotFoundError:
            continue
    return "unknown"


def index_records(records: list[dict]) -> dict[str, bytes]:
    """Run Pagefind over ``records``: its bundle, paths relative to ``pagefind/``."""
    with PagefindService() as service:
        index_id = service.call({"type": "NewIndex", "config": None})[0]["index_id"]
        service.call(*({"type": "AddRecord", "index_id": index_id, **r} for r in records))
        answer = service.call({"type": "GetFiles", "index_id": index_id})[0]
    return {f["path"]: base64.b64decode(f["content"]) for f in answer["files"]}


class PagefindService:
    """The ``pagefind --service`` process, spoken to over its stdin/stdout."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("the Pagefind binary is missing: pip install pagefind[extended]")
        self.process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.last_id = 0
        self.pending = b""
        self.errors: list[bytes] = []
        # Drained in the background so a chatty stderr cannot block the service.
        self.stderr_reader = threading.Thread(target=self.drain_stderr, daemon=True)
        self.stderr_reader.start()

    def __enter__(self) -> "PagefindService":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def call(self, *payloads: dict) -> list[dict]:
        """Send every payload, then return the answers in the same order."""
        first = self.last_id + 1
        self.last_id += len(payloads)
        messages = [encode_message(first + i, p) for i, p in enumerate(payloads)]
        writer = threading.Thread(target=self.write_all, args=(messages,), daemon=True)
        writer.start()
        answers = {}
        while len(answers) < len(payloads):
            message_id, payload = self.read_message()
            if payload.get("type") == "Error":
                raise SearchIndexError(f"Pagefind: {payload.get('message')}")
            answers[message_id] = payload
        writer.join()
        return [answers[first + i] for i in range(len(payloads))]

    def write_all(self, messages: list[bytes]) -> None:
        try:
            for message in messages:
                self.process.stdin.write(message)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader sees the service gone and says why

    def read_message(self) -> tuple[int | None, dict]:
        # Only fresh chunks are searched for the separator, so a 100 MB answer
        # (GetFiles of a large index) is read in linear time.
        parts = []
        while True:
            if not self.pending:
                self.pending = self.process.stdout.read1(1 << 20)
                if not self.pending:
                    stderr = b"".join(self.errors).decode("utf-8", "replace").strip()
                    raise SearchIndexError(f"Pagefind stopped unexpectedly: {stderr or 'no message'}")
            head, comma, self.pending = self.pending.partition(b",")
            parts.append(head)
            if comma:
                break
        answer = json.loads(base64.b64decode(b"".join(parts)))
        return answer.get("message_id"), answer.get("payload") or {}

    def drain_stderr(self) -> None:
        for line in self.process.stderr:
            self.errors = (self.errors + [line])[-20:]

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def encode_message(message_id: int, payload: dict) -> bytes:
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","
