"""A build server's renderer looks at the previous site ahead; its build takes that look only
while no file event came from the site and the manifest is the one read, else looks again.

Real files, the real kernel's events (inotify), the renderer's functions as its process runs them.
"""

from __future__ import annotations

import os
import sys

import pytest

from briefing_archive import site_look
from briefing_archive.cache.manifest import SiteReader, page_entry, write_manifest
from briefing_archive.storage import quiet_watch, watch_folder

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

OUTPUTS = ("a/index.html", "b/c/index.html", "pagefind/x.js")


def a_site(tmp_path, token: str = "built:1"):
    site, manifest = tmp_path / "site", tmp_path / "manifest.pickle"
    for output in OUTPUTS:
        (site / output).parent.mkdir(parents=True, exist_ok=True)
        (site / output).write_text(output)
    write_manifest(manifest, {output: page_entry("key", site / output) for output in OUTPUTS}, code="c", token=token)
    return site, manifest, SiteReader(manifest, site, "c")


@pytest.fixture(autouse=True)
def nothing_looked_ahead():
    yield
    site_look._AHEAD.clear()
    site_look._READ.clear()


def test_a_watched_folder_is_quiet_until_something_in_it_changes(tmp_path):
    site, _, _ = a_site(tmp_path)
    watch = watch_folder(str(site))
    assert watch is not None
    try:
        assert watch.quiet()
        (tmp_path / "notes.txt").write_text("beside the site, not in it")
        assert watch.quiet()
        (site / "b" / "c" / "index.html").write_text("edited by hand")
        assert not watch.quiet() and not watch.quiet()  # and stays so
    finally:
        watch.close()


@pytest.mark.parametrize(
    "change",
    [
        lambda site: (site / "b" / "new").mkdir(),
        lambda site: os.chmod(site / "a" / "index.html", 0o600),
        lambda site: (site / "a" / "index.html").unlink(),
        lambda site: site.rename(site.with_name("old-site")),
    ],
    ids=["a folder made", "a file's mode", "a file removed", "the site moved away"],
)
def test_any_change_stirs_the_watch(tmp_path, change):
    site, _, _ = a_site(tmp_path)
    watch = watch_folder(str(site))
    assert watch is not None
    try:
        change(site)
        assert not watch.quiet()
    finally:
        watch.close()


def test_a_site_with_a_link_or_too_many_folders_is_not_watched(tmp_path, monkeypatch):
    site, _, _ = a_site(tmp_path)
    limit = tmp_path / "max_user_watches"
    limit.write_text("8\n")  # half of it: at most 4 folders (the site has 5)
    monkeypatch.setattr(quiet_watch, "MAX_WATCHES", str(limit))
    assert watch_folder(str(site)) is None
    monkeypatch.undo()
    (site / "a" / "linked.html").symlink_to(site / "a" / "index.html")
    assert watch_folder(str(site)) is None


def test_the_look_ahead_is_taken_while_the_site_is_untouched(tmp_path):
    site, manifest, reader = a_site(tmp_path)
    (site / "a" / "index.html").write_text("edited by hand before the look")
    site_look.look_ahead_there(reader, (manifest,), site)
    assert site_look.looked_ahead(reader, True) == ("built:1", frozenset())
    assert site_look.looked_ahead(reader, False) == ("built:1", {"a/index.html"})
    assert not site_look._AHEAD  # let go once both parts are taken


def test_a_change_after_the_look_ahead_is_seen_by_a_look_then(tmp_path):
    site, manifest, reader = a_site(tmp_path)
    site_look.look_ahead_there(reader, (manifest,), site)
    (site / "b" / "c" / "index.html").write_text("edited by hand after the look")
    assert site_look.find_moved_there(reader, True) == ("built:1", frozenset())
    assert site_look.find_moved_there(reader, False) == ("built:1", {"b/c/index.html"})


def test_a_look_ahead_at_another_manifest_is_not_taken(tmp_path):
    site, manifest, reader = a_site(tmp_path)
    site_look.look_ahead_there(reader, (manifest,), site)
    write_manifest(manifest, {output: page_entry("key", site / output) for output in OUTPUTS}, code="c", token="b:2")
    assert site_look.looked_ahead(reader, True) is None
    assert site_look.find_moved_there(reader, True) == ("b:2", frozenset())
