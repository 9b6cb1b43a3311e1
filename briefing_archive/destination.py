"""Which folder a build may replace with a site (``--out``, MkDocs' ``site_dir``)."""

from __future__ import annotations

from pathlib import Path

from . import storage
from .layout import BRIEFINGS, CACHE, CONTENT, TEMPLATES

# The archive's own folders: a site is never written into one of them.
INPUT_FOLDERS = (BRIEFINGS, CONTENT, TEMPLATES, ".git", CACHE)


def destination_problem(root: Path, out: Path, built_there: bool) -> str | None:
    """Why ``out`` must not be replaced by a site, or None. A build replaces the folder
    whole: only a missing or empty folder, or a site this tool built (it holds
    ``storage.SITE_MARK``, or ``built_there``: the cache remembers building it), may
    be; never the archive, its inputs, or a link's target."""
    if storage.is_link(out):
        return f"{out} is a symbolic link; the site is never written through one (remove it or choose another --out)"
    where, home = out.resolve(), root.resolve()
    if where == home or where in home.parents:
        return f"{out} is the archive itself (or holds it); choose a folder for the site, such as {root / 'site'}"
    for folder in INPUT_FOLDERS:
        inputs = (home / folder).resolve()
        if where == inputs or inputs in where.parents:
            return f"{out} is inside the archive's {folder}/; choose a folder for the site, such as {root / 'site'}"
    # (a site an older version built has no mark, but this archive's cache knows it)
    if not storage.is_our_site(out) and not built_there:
        return (
            f"{out} holds files this tool did not build (no {storage.SITE_MARK} in it); "
            "choose an empty or new folder, or delete that one yourself"
        )
    return None
