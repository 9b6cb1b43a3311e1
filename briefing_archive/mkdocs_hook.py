"""The thin MkDocs adapter: MkDocs hosts the site, our pipeline makes it.

Listed under ``hooks:`` in ``mkdocs.yml``. After MkDocs' own (placeholder)
build, ``on_post_build`` builds the archive into MkDocs' ``site_dir``,
replacing everything MkDocs wrote, so ``mkdocs build`` gives the same site
as ``python build.py build``. ``mkdocs serve`` builds into a temporary folder
and serves files from that path on every request, so swapping the folder
underneath it is safe, and it reloads the browser when a watched file
(briefings, registry, templates) changes.

MkDocs empties ``site_dir`` before every build (``mkdocs serve`` too, on
each edit), which would throw away the previous site our build reuses
unchanged pages from. So ``on_pre_build`` moves the site aside first (one
rename) and ``on_post_build`` builds into that folder, reusing it, then moves
the result back; if the build fails, the previous site is put back.

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

import threading  # noqa: E402

from briefing_archive import storage  # noqa: E402
from briefing_archive.pipeline import build_site  # noqa: E402
from briefing_archive.search import OUTPUT_FOLDER, SearchIndexError, build_search_index  # noqa: E402
from briefing_archive.search_delta import DELTA_FOLDER  # noqa: E402

# Set by on_startup; MkDocs keeps this module loaded for a whole serve session.
serving = False


def on_startup(command: str, dirty: bool = False, **kwargs) -> None:
    """Editors previewing with ``mkdocs serve`` see drafts (with their banner)."""
    global serving
    serving = command == "serve"


def aside(site_dir: Path) -> Path:
    """Where the site waits while MkDocs cleans and fills ``site_dir`` (same folder: renames are cheap)."""
    site_dir = Path(site_dir).resolve()
    return site_dir.with_name(f".{site_dir.name}.briefing-archive")


# Under `mkdocs serve` the search index is rebuilt in the background after an
# edit (Pagefind takes seconds on a large archive; the edited page should not
# wait for it). ``generation`` counts builds: an index finished after a newer
# build started is dropped (that build schedules its own). The lock keeps
# the swap of pagefind/ and the next build's move of the site apart.
search_lock = threading.Lock()
generation = 0


def on_pre_build(config, **kwargs) -> None:
    global generation
    with search_lock:
        generation += 1
        storage.move_aside(Path(config["site_dir"]), aside(config["site_dir"]))


def search_in_background(root: Path, site_dir: Path):
    """``search_later`` for build_site: index in a thread, then swap site_dir/pagefind."""
    started = generation

    def index(records: list[dict]) -> None:
        try:
            files = build_search_index(records, root)
        except SearchIndexError as error:
            print(f"search index not rebuilt, the previous one stays: {error}", file=sys.stderr)
            return
        with search_lock:
            if generation == started and site_dir.is_dir():
                for folder in (OUTPUT_FOLDER, DELTA_FOLDER):
                    storage.write_tree(site_dir / folder, {path.split("/", 1)[1]: data for path, data
                                                           in files.items() if path.startswith(folder + "/")})

    return lambda records: threading.Thread(target=index, args=(records,), daemon=True).start()


def on_post_build(config, **kwargs) -> None:
    root = Path(config["config_file_path"] or ".").resolve().parent
    site_dir, ours = Path(config["site_dir"]), aside(config["site_dir"])
    later = search_in_background(root, site_dir.resolve()) if serving else None
    status = build_site(root, ours, include_drafts=serving, search_later=later)
    if ours.is_dir():  # the new site, or the previous one when the build failed
        storage.move_back(ours, site_dir)
    if status != 0:
        # MkDocs' own error type: `mkdocs build` exits 1 with our message, and
        # `mkdocs serve` logs it and keeps serving the last good site.
        from mkdocs.exceptions import PluginError
        raise PluginError("the briefing archive did not build (problems listed above)")
