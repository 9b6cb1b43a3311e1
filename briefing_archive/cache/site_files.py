"""The files of the site a manifest's base describes and their identities, in a file beside
the base: what the rendering process reads to find which of them moved (``PageRenderer.look_at``).

That process read the whole manifest for it, every page's key too: ~60 ms of an edit's
build at 30,000 briefings, on the core it shares with the build. This file is written with
each new base (a few hundred one-edit builds apart), after it, and names that base by its
file's ``identity`` (a base is only ever replaced, never written in place); read with the
base's journal, which holds every entry changed since, it is the manifest's files as they
are. One that names another file (the base written since, the archive copied) is not used:
the manifest is read whole, as before.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from .journal import read_journal

FILES_FORMAT = 1


@dataclass(frozen=True)
class SiteFiles:
    """The previous site's ``folder`` (None when there is none), the ``token`` of its
    manifest, and the identity each of its files had (none when other code made them)."""

    folder: Path | None
    token: str
    identities: dict[str, int | None]


def site_files_file(manifest_path: Path) -> Path:
    return Path(manifest_path).with_suffix(".files")


def write_site_files(manifest_path: Path, base: str, head: dict, pages: Mapping[str, tuple]) -> None:
    """The files of the base just written at ``manifest_path`` (its id ``base``, its ``head``
    and ``pages``) and their identities."""
    saved = {
        "format": FILES_FORMAT,
        "base": base,
        "base_file": storage.identity(manifest_path),
        "code": head.get("code", ""),
        "token": head.get("token", ""),
        "outputs": list(pages),
        "identities": [entry[1] for entry in pages.values()],
    }
    storage.write_cache(site_files_file(manifest_path), lambda stream: pickle.dump(saved, stream, protocol=5))


def read_site_files(manifest_path: Path, code: str) -> tuple[str, dict[str, int | None]] | None:
    """(the manifest's token, output → identity of each of its files), from the file beside
    its base and the base's journal; no files when other code made them (``read_manifest``);
    None when that file is missing, damaged or not the base's (then read the manifest)."""
    saved = storage.read_pickle(site_files_file(manifest_path))
    if not (isinstance(saved, dict) and saved.get("format") == FILES_FORMAT):
        return None
    if saved.get("base_file") is None or saved["base_file"] != storage.identity(manifest_path):
        return None
    try:
        head, sections = read_journal(manifest_path, saved["base"]) or ({}, {})
        token = str(head.get("token", saved["token"]))
        if head.get("code", saved["code"]) != code:
            return token, {}
        identities = dict(zip(saved["outputs"], saved["identities"], strict=True))
        changes = sections.get("pages")
        if changes is not None:
            for output in changes.removed:
                identities.pop(output, None)
            identities.update((output, entry[1]) for output, entry in changes.changed.items())
    except (KeyError, TypeError, ValueError):
        return None
    return token, identities
