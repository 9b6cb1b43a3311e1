"""The thin MkDocs adapter: MkDocs hosts the site, our pipeline makes it.

Listed under ``hooks:`` in ``mkdocs.yml``. After MkDocs' own (placeholder)
build, ``on_post_build`` builds the archive into MkDocs' ``site_dir``,
replacing everything MkDocs wrote, so ``mkdocs build`` gives the same site
as ``python build.py build``. ``mkdocs serve`` builds into a temporary folder
and serves files from that path on every request, so swapping the folder
underneath it is safe, and it reloads the browser when a watched file
(briefings, registry, templates) changes.

Nothing else in the package knows about MkDocs; a fork or successor only
needs to call ``pipeline.build_site`` the same way.
"""
from __future__ import annotations

import sys
from pathlib import Path

# MkDocs loads this file by path, not as part of the package: make the
# package importable whatever folder ``mkdocs`` was started from.
PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from briefing_archive.pipeline import build_site  # noqa: E402

# Set by on_startup; MkDocs keeps this module loaded for a whole serve session.
serving = False


def on_startup(command: str, dirty: bool = False, **kwargs) -> None:
    """Editors previewing with ``mkdocs serve`` see drafts (with their banner)."""
    global serving
    serving = command == "serve"


def on_post_build(config, **kwargs) -> None:
    root = Path(config["config_file_path"] or ".").resolve().parent
    status = build_site(root, Path(config["site_dir"]), include_drafts=serving)
    if status != 0:
        # MkDocs' own error type: `mkdocs build` exits 1 with our message, and
        # `mkdocs serve` logs it and keeps serving the last good site.
        from mkdocs.exceptions import PluginError
        raise PluginError("the briefing archive did not build (problems listed above)")
