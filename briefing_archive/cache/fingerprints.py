"""What a build reads, fingerprinted: has anything changed since the last build?

Two digests: one from the files' sizes and modification times (no file read:
equal, nothing changed), and one from their bytes (tells an edit from a mere
touch). Each file's hash is remembered with its time and size, so even the
second reads only the files whose time or size changed. Both cover the code
too (``code_digest``): a site made by other code is never taken as current.
"""

from __future__ import annotations

import hashlib
import pickle
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..layout import BRIEFINGS, BUILD_INPUTS, CACHE
from ..storage.fingerprints import Stamp

# The package's modules; ``ingest/``, which builds never run, is left out.
PACKAGE = Path(__file__).resolve().parent.parent
CODE_FOLDERS = [".", "storage", "cache"]

# How an input's name says it is a template (``input_stamps``; the others are under the archive).
TEMPLATE_INPUT = "templates:"


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
    stamps: dict[str, Stamp]  # ``input_stamps``
    listed: dict[str, Stamp]  # the briefings as ``archive.listed_briefings`` lists them, stamped
    listed_at: int  # when the walk began (ns since the epoch)


def stamps_and_listing(root: Path, templates_dir: Path) -> StampsAndListing:
    """``input_stamps``, and the briefings listed from the same walk (a build that loads
    only the changed briefings needs the listing: a second walk took 90 ms at 30,000)."""
    ahead = storage.stamped_ahead(Path(root), list(BUILD_INPUTS), BRIEFINGS)  # begun by ``build.py build``
    if ahead is not None:
        listed_at, stamps, listed = ahead
    else:
        listed_at = time.time_ns()
        stamps, listed = storage.stamps_and_markdown(Path(root), list(BUILD_INPUTS), BRIEFINGS)
    return StampsAndListing(stamps | template_stamps(templates_dir), listed, listed_at)


def stamps_digest(stamps: dict[str, Stamp], include_drafts: bool, code: str) -> str:
    """``inputs_digest`` from the inputs' ``stamps`` (sizes and modification times), not
    their bytes: equal to the last build's, nothing changed (without reading 10,000 files);
    else ``inputs_digest`` tells an edit from a mere touch."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"drafts={include_drafts}\0code={code}\0".encode())
    paths = sorted(stamps)
    digest.update("\0".join(paths).encode("utf-8", "surrogateescape"))
    digest.update(stamp_bytes([stamps[path] for path in paths]))
    return digest.hexdigest()


def stamp_bytes(stamps: list[Stamp]) -> bytes:
    """The stamps' numbers end to end (their repr took 50 ms of an edit's build at 30,000)."""
    try:
        return array("q", [len(stamp) for stamp in stamps] + [n for stamp in stamps for n in stamp]).tobytes()
    except OverflowError:  # a number past 64 bits (an inode, on some file systems): spelled out
        return repr(stamps).encode()


PRINTS_FILE = f"{CACHE}/prints.pickle"


def save_prints(root: Path, prints: dict) -> None:
    """Remember the file hashes ``inputs_digest`` read."""
    storage.write_cache(Path(root) / PRINTS_FILE, pickle.dumps(prints, protocol=5))


def inputs_digest(
    root: Path, templates_dir: Path, include_drafts: bool, code: str, stamps: dict[str, Stamp]
) -> tuple[str, dict, bool]:
    """A hash of everything a build reads: the archive's files, templates, this code
    and the drafts flag. Equal to the last build's: the site it made is still right,
    nothing to do. Each file's hash is remembered with its time and size
    (``PRINTS_FILE``), so only files whose ``stamps`` (``input_stamps``, just taken)
    changed are read; the hashes come back with the digest ("archive": path → content
    print), and whether any is new (to save)."""
    known = storage.read_pickle(Path(root) / PRINTS_FILE)
    known = known if isinstance(known, dict) else {}
    of_archive = {path: stamp for path, stamp in stamps.items() if not path.startswith(TEMPLATE_INPUT)}
    of_templates = {
        name.removeprefix(TEMPLATE_INPUT): stamp for name, stamp in stamps.items() if name not in of_archive
    }
    archive = storage.content_prints(root, list(BUILD_INPUTS), known.get("archive", {}), of_archive)
    known_templates = known.get("files", {}) if known.get("templates") == str(templates_dir) else {}
    templates = storage.content_prints(templates_dir, ["."], known_templates, of_templates)
    prints = {"archive": archive, "templates": str(templates_dir), "files": templates}
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"drafts={include_drafts}\0code={code}\0".encode())
    for files in (archive, templates):
        lines = "".join(f"{path}\0{files[path][-1]}\n" for path in sorted(files))
        digest.update(f"{len(files)}\n{lines}".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), prints, prints != known
