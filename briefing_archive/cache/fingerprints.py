"""What a build reads, fingerprinted: has anything changed since the last build?

Each input's hash is remembered with its stamp (time, size, change time, inode), so
a build reads only the files whose stamp changed, and a file touched but unchanged
is no change. The digest of everything a build reads sums a term for each of the
archive's files: a build takes out and puts in the terms of the files that changed
instead of hashing a line for each of 31,000. It covers the templates and the code
too (``code_digest``): a site made by other code is never taken as current.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..layout import BRIEFINGS, BUILD_INPUTS, PRINTS_FILE
from ..storage.fingerprints import Stamp

# The package's modules; ``ingest/``, which builds never run, is left out.
PACKAGE = Path(__file__).resolve().parent.parent
CODE_FOLDERS = [".", "storage", "cache"]

# How an input's name says it is a template (``input_stamps``; the others are under the archive).
TEMPLATE_INPUT = "templates:"


@functools.cache  # the code a process runs stays as it was imported: read once (a build asked twice)
def code_digest() -> str:
    """The code that reads, indexes and renders: pages rendered by other code are not reused."""
    digest = hashlib.blake2b(digest_size=20)
    storage.tree_digest(PACKAGE, CODE_FOLDERS, digest, suffix=".py", recursive=False)
    return digest.hexdigest()


def input_stamps(root: Path, templates_dir: Path) -> dict[str, Stamp]:
    """(mtime ns, size, …) of every input a build reads: briefings, registry, articles
    ("content/…") and templates ("templates:…")."""
    return storage.stamps(Path(root), list(BUILD_INPUTS)) | template_stamps(templates_dir)


def template_stamps(templates_dir: Path) -> dict[str, Stamp]:
    return {f"{TEMPLATE_INPUT}{path}": stamp for path, stamp in storage.stamps(Path(templates_dir), ["."]).items()}


@dataclass(frozen=True)
class StampsAndListing:
    stamps: dict[str, Stamp]  # the archive's inputs (``input_stamps`` but the templates)
    templates: dict[str, Stamp]  # the templates', by their path in the templates folder
    listed: dict[str, Stamp]  # the briefings as ``archive.listed_briefings`` lists them, stamped
    listed_at: int  # when the walk began (ns since the epoch)


def stamps_and_listing(
    root: Path, templates_dir: Path, meanwhile: Callable[[], object] | None = None
) -> StampsAndListing:
    """The inputs' stamps, and the briefings listed from the same walk (a build that loads
    only the changed briefings needs the listing: a second walk took 90 ms at 30,000);
    ``meanwhile``: called when the walk begun ahead finds a file changed before it answers
    (``storage.stamped_ahead``)."""
    templates = storage.stamps(Path(templates_dir), ["."])  # while the walk begun ahead goes on
    ahead = storage.stamped_ahead(Path(root), list(BUILD_INPUTS), BRIEFINGS, meanwhile)  # begun by ``build.py build``
    if ahead is not None:
        listed_at, stamps, listed = ahead
    else:
        listed_at = time.time_ns()
        stamps, listed = storage.stamps_and_markdown(Path(root), list(BUILD_INPUTS), BRIEFINGS)
    return StampsAndListing(stamps, templates, listed, listed_at)


# The archive's digest sums a term for each file (``print_term``) modulo this: a build adds
# and takes away the terms of the files that changed, not 31,000 lines hashed on every build.
SUM_MODULUS = 1 << 128


def save_prints(root: Path, prints: dict) -> None:
    """Remember the file hashes ``inputs_digest`` read."""
    storage.write_pickle(Path(root) / PRINTS_FILE, prints, shares=False)


def read_prints(root: Path) -> dict:
    """The file hashes the last build remembered (``save_prints``); empty when none are."""
    known = storage.read_pickle(Path(root) / PRINTS_FILE)
    return known if isinstance(known, dict) and isinstance(known.get("sum"), int) else {}


def inputs_digest(
    root: Path, templates_dir: Path, include_drafts: bool, code: str, listing: StampsAndListing, known: dict
) -> tuple[str, dict, bool, frozenset[str] | None]:
    """A hash of everything a build reads: the archive's files, templates, this code
    and the drafts flag. Equal to the last build's: the site it made is still right,
    nothing to do. Each file's hash is remembered with its time and size
    (``known``: ``read_prints``), so only files whose stamps (in ``listing``, just taken)
    changed are read; the hashes come back with the digest ("archive": path → content
    print), whether any is new (to save), and the archive's inputs stamped anew, added or
    gone since the last build (None: no build left its prints)."""
    archive, total, restamped = archive_prints(root, known.get("archive", {}), known.get("sum"), listing.stamps)
    known_templates = known.get("files", {}) if known.get("templates") == str(templates_dir) else {}
    templates = storage.content_prints(templates_dir, ["."], known_templates, listing.templates)
    prints = {"archive": archive, "sum": total, "templates": str(templates_dir), "files": templates}
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"drafts={include_drafts}\0code={code}\0{len(archive)}\0{total:032x}\0".encode())
    lines = "".join(f"{path}\0{templates[path][-1]}\n" for path in sorted(templates))
    digest.update(f"{len(templates)}\n{lines}".encode("utf-8", "surrogateescape"))
    new = archive is not known.get("archive") or total != known.get("sum") or templates != known_templates
    return digest.hexdigest(), prints, new, restamped


def archive_prints(
    root: Path, known: dict, known_sum: int | None, stamps: dict[str, Stamp]
) -> tuple[dict, int, frozenset[str] | None]:
    """The archive's inputs' content prints (``known``, the last build's, when their stamps are
    all as they were), the sum of their terms (``known_sum`` with the terms of the files
    changed, added or gone since taken out or put in; all summed when it is not known), and
    the paths stamped anew, added or gone since ``known`` (None when nothing was known)."""
    same, fresh = storage.changed_prints(root, known, stamps)
    if not fresh and len(same) == len(known) and known_sum is not None:
        return known, known_sum, frozenset() if known else None
    prints = dict(zip(same, map(known.__getitem__, same), strict=True)) | fresh
    restamped = frozenset(fresh).union(known.keys() - stamps.keys()) if known else None
    if known_sum is None:
        return prints, sum(map(print_term, prints, prints.values())) % SUM_MODULUS, restamped
    gone = [path for path in known if path in fresh or path not in stamps]
    taken = sum(print_term(path, known[path]) for path in gone)
    return prints, (known_sum - taken + sum(map(print_term, fresh, fresh.values()))) % SUM_MODULUS, restamped


def print_term(path: str, content_print) -> int:
    """A file's part of the archive's digest: its path and the hash of its bytes (a file
    touched but not changed keeps its term)."""
    text = f"{path}\0{content_print[-1]}".encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(text, digest_size=16).digest(), "little")
