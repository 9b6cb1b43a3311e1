"""The thin MkDocs adapter: MkDocs hosts the site, our pipeline makes it.

Listed under ``hooks:`` in ``mkdocs.yml``. MkDocs empties its ``site_dir``
before every build (``mkdocs serve`` too, on each edit) and then writes its
own pages there; our build reuses the previous site's unchanged pages and
swaps a finished site in at once. So ``on_config`` points MkDocs' own
(placeholder) build at a scratch folder, and ``on_post_build`` builds the
archive into the real ``site_dir``: ``mkdocs build`` gives the same site as
``python build.py build``, a failed build leaves the previous site as it
was, and ``mkdocs serve`` (which serves files from that folder on every
request) never serves a half-built or emptied site while it rebuilds.
Under ``mkdocs serve``, ``live.Preview`` builds with drafts and shows an
edited briefing's page at once, before the rest of the site follows.

Nothing else in the package knows about MkDocs; a fork or successor only
needs to call ``pipeline.build_site`` the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import watchdog.events
import watchdog.observers

# MkDocs loads this file by path, not as part of the package: make the
# package importable whatever folder ``mkdocs`` was started from.
PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from briefing_archive import storage  # noqa: E402
from briefing_archive.live import Preview  # noqa: E402
from briefing_archive.pipeline import build_site  # noqa: E402

# Set by on_startup; MkDocs keeps this module loaded for a whole serve session.
serving = False


def on_startup(command: str, dirty: bool = False, **kwargs) -> None:
    """Editors previewing with ``mkdocs serve`` see drafts (with their banner)."""
    global serving
    serving = command == "serve"


# Set BRIEFING_ARCHIVE_WATCH=poll where the system's file events do not arrive (a Docker
# volume on macOS or Windows, a network mount): MkDocs' own polling is then kept.
WATCH_SETTING = "BRIEFING_ARCHIVE_WATCH"

# The events that mean an input changed; reading a file (opened, closed unwritten) is not one.
CHANGES = (
    watchdog.events.FileCreatedEvent,
    watchdog.events.FileModifiedEvent,
    watchdog.events.FileDeletedEvent,
    watchdog.events.FileMovedEvent,
)


class ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc,valid-type]  # an alias of the platform's class
    """The system's file events (inotify, FSEvents, ...), changes only."""

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES)


def on_serve(server, config, builder, **kwargs):
    """Watch the inputs through the system's file events, not MkDocs' polling: a poll
    stats every watched file twice a second (30,000 briefings: a core kept busy, and an
    edit seen up to half a second late)."""
    if os.environ.get(WATCH_SETTING, "").strip().lower() == "poll":
        return server
    # What MkDocs watched before this hook (docs, mkdocs.yml, themes): moved to the new
    # observer. MkDocs keeps no public list of it; the serve tests fail if that changes.
    watched = list(server._watched_paths)
    for path in watched:
        server.unwatch(path)
    server.observer = ChangesObserver(timeout=server.shutdown_delay)
    for path in watched:
        server.watch(path)
    for preview in previews.values():  # made by the first build, which ran before this
        tell_changes(server.observer, preview)
    return server


def tell_changes(observer, preview: Preview) -> None:
    """Have ``observer`` report each changed input to ``preview``'s quick path."""
    changes = preview.watch_changes()
    handler = watchdog.events.FileSystemEventHandler()

    def note(event) -> None:
        if not event.is_directory:
            changes.note(os.fsdecode(event.src_path))
            if event.dest_path:
                changes.note(os.fsdecode(event.dest_path))

    handler.on_any_event = note  # type: ignore[method-assign]
    # The inputs only: a watch of the whole archive would take one of the system's
    # limited watches for every folder of .cache/ and of a site built inside it.
    for path in [*changes.inputs(), changes.templates]:
        if os.path.exists(path):
            observer.schedule(handler, path, recursive=True)


# site_dir → the scratch folder MkDocs builds into instead (per build; removed after).
scratch: dict[str, Path] = {}


def on_config(config, **kwargs):
    site_dir = Path(config["site_dir"]).resolve()
    folder = storage.scratch_folder(site_dir, "mkdocs")
    scratch[str(site_dir)] = folder
    config["site_dir"] = str(folder)
    return config


def on_build_error(error, **kwargs) -> None:
    """MkDocs' own build failed (ours never ran): drop its scratch folders."""
    for folder in scratch.values():
        storage.discard(folder)
    scratch.clear()


# One per served site for the whole ``mkdocs serve`` session (see live.Preview).
previews: dict[str, Preview] = {}


def on_shutdown(**kwargs) -> None:
    for preview in previews.values():
        preview.finish()


def on_post_build(config, **kwargs) -> None:
    root = Path(config["config_file_path"] or ".").resolve().parent
    folder = Path(config["site_dir"])
    site_dir = next((Path(site) for site, made in scratch.items() if made == folder), folder)
    scratch.pop(str(site_dir), None)
    if site_dir != folder:
        storage.discard(folder)
    if serving:
        preview = previews.setdefault(str(site_dir), Preview(root, site_dir))
        status = preview.rebuild()
    else:
        status = build_site(root, site_dir)
    config["site_dir"] = str(site_dir)  # what MkDocs does next (gh-deploy) takes our site
    if status != 0 and serving:
        # An error raised here would leave `mkdocs serve` answering no request until the
        # archive is fixed: the last good site stays served, the problems are printed above.
        print(
            "the briefing archive did not build: the last good site is still served (fix the problems listed above)",
            file=sys.stderr,
        )
    elif status != 0:
        # MkDocs' own error type: `mkdocs build` exits 1 with our message.
        from mkdocs.exceptions import PluginError

        raise PluginError("the briefing archive did not build (problems listed above)")
