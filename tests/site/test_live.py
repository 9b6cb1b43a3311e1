"""The quick preview of an edit (live.py): the edited briefing's page, rendered
against the last build, is the page a full build makes, or nothing is promised."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing_archive import pipeline, storage
from briefing_archive.archive import load_archive
from briefing_archive.cache import input_stamps
from briefing_archive.index import build_index
from briefing_archive.live import Preview, Shown, Snapshot, changed_inputs, quick_pages, still_newer
from briefing_archive.live_changes import ChangeLog, input_name
from briefing_archive.page_views import views_of
from briefing_archive.pipeline import PROJECT_TEMPLATES
from briefing_archive.planning import visible
from briefing_archive.render import render_site
from briefing_archive.staging import Staging
from tests.support.synthetic_archive import make_archive


def snapshot_of(root: Path) -> Snapshot:
    stamps = input_stamps(root, PROJECT_TEMPLATES)
    archive = load_archive(root)
    views = views_of(build_index(visible(archive.briefings, True), archive.registry))
    return Snapshot(root, archive, views, storage.read_templates(PROJECT_TEMPLATES), stamps)


@pytest.fixture
def archive(tmp_path) -> Path:
    make_archive(30, tmp_path)
    return tmp_path


def briefing(root: Path, n: int = 3) -> Path:
    return sorted((root / "briefings").glob("*.md"))[n]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def quick_after(root: Path, snapshot: Snapshot):
    return quick_pages(snapshot, changed_inputs(snapshot.stamps, input_stamps(root, PROJECT_TEMPLATES)))


def test_a_quote_edit_gives_the_page_a_full_build_gives(archive):
    snapshot = snapshot_of(archive)
    path = briefing(archive)
    edit(path, 'text: "', 'text: "Indeed, ')
    pages = quick_after(archive, snapshot)
    output = f"briefings/{path.stem}/index.html"
    assert list(pages) == [output] and pages[output][0] == path.relative_to(archive).as_posix()
    assert b"Indeed, " in pages[output][1]
    full = render_site(load_archive(archive), storage.read_templates(PROJECT_TEMPLATES), include_drafts=True)
    assert pages[output][1] == full[output]


def test_nothing_changed_means_nothing_quick(archive):
    assert quick_after(archive, snapshot_of(archive)) is None


@pytest.mark.parametrize(
    "change", ["broken yaml", "unknown speaker", "new briefing", "removed briefing", "registry edit", "draft published"]
)
def test_anything_but_a_clean_briefing_edit_waits_for_the_full_build(archive, change):
    snapshot = snapshot_of(archive)
    path = briefing(archive)
    if change == "broken yaml":
        edit(path, "title: ", "title: [unclosed ")
    elif change == "unknown speaker":  # a speaker must be one of the briefing's actors
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\{speaker: [^,]+,", "{speaker: Nobody Known,", text, count=1), encoding="utf-8")
    elif change == "new briefing":
        (archive / "briefings" / "2020-01-01-new.md").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    elif change == "removed briefing":
        path.unlink()
    elif change == "registry edit":
        entry = sorted((archive / "content" / "issues").glob("*.md"))[0]
        entry.write_text(entry.read_text(encoding="utf-8") + "\nMore overview.\n", encoding="utf-8")
    else:
        edit(path, "status: published", "status: draft")
    assert quick_after(archive, snapshot) is None


def test_stamps_see_a_rewrite_of_the_same_size(archive):
    before = input_stamps(archive, PROJECT_TEMPLATES)
    path = briefing(archive)
    stat = os.stat(path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title:\t", 1).replace("\t", " ", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size, later time
    assert os.stat(path).st_size == stat.st_size
    assert changed_inputs(before, input_stamps(archive, PROJECT_TEMPLATES)) == [path.relative_to(archive).as_posix()]
    assert changed_inputs(before, before) == []


def test_the_change_log_names_inputs_as_the_stamps_do(tmp_path):
    root, templates = str(tmp_path / "archive"), str(tmp_path / "templates")
    assert input_name(root, templates, f"{root}/briefings/2020-01-01-a.md") == "briefings/2020-01-01-a.md"
    assert input_name(root, templates, f"{root}/content/issues/x.md") == "content/issues/x.md"
    assert input_name(root, templates, f"{root}/mkdocs.yml") == "mkdocs.yml"
    assert input_name(root, templates, f"{templates}/page.html") == "templates:page.html"
    assert input_name(root, templates, f"{root}/.cache/manifest") is None
    assert input_name(root, templates, f"{root}/briefings-old/a.md") is None
    assert input_name(root, templates, "/elsewhere/briefings/a.md") is None


def test_the_change_log_lists_what_changed_after_a_number_and_forgets_what_a_build_took(tmp_path):
    changes = ChangeLog(tmp_path, tmp_path / "templates")
    changes.note(str(tmp_path / "briefings" / "a.md"))
    taken = changes.now()
    changes.note(str(tmp_path / "briefings" / "b.md"))
    changes.note(str(tmp_path / ".cache" / "x"))  # not an input
    assert changes.since(0) == ["briefings/a.md", "briefings/b.md"]
    assert changes.since(taken) == ["briefings/b.md"]
    changes.forget(taken)
    assert changes.since(0) == ["briefings/b.md"]
    changes.note(str(tmp_path / "briefings" / "a.md"))  # changed again: listed again
    assert changes.since(taken) == ["briefings/a.md", "briefings/b.md"]


def test_a_build_that_read_an_older_briefing_leaves_the_newer_quick_page_shown():
    shown = {"briefings/a/index.html": Shown("briefings/a.md", (2, 10, 2, 7), b"new")}
    assert still_newer(shown, {"briefings/a.md": (1, 9, 1, 7)}) == shown  # the build read the older file
    assert still_newer(shown, {"briefings/a.md": (2, 10, 2, 7)}) == {}  # it read this one: its page stands


def built_alone(root: Path, folder: Path) -> dict[str, bytes]:
    assert pipeline.build_site(root, folder, include_drafts=True) == 0
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("watched", [False, True], ids=["stamps", "watcher"])
def test_an_edit_is_shown_at_once_while_a_build_runs_and_the_site_ends_as_a_full_build(archive, tmp_path, watched):
    site = tmp_path / "site"
    preview = Preview(archive, site)
    changes = preview.watch_changes() if watched else None
    assert preview.full_build() == 0
    path = briefing(archive)
    with preview.building:  # a full build is running
        edit(path, 'text: "', 'text: "Indeed, ')
        if changes is not None:
            changes.note(str(path))
        assert preview.rebuild() == 0  # it did not wait for the running build
        assert b"Indeed, " in (site / "briefings" / path.stem / "index.html").read_bytes()
    preview.finish()
    final = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert final == built_alone(archive, tmp_path / "alone")


def test_a_quick_page_shown_while_a_build_lands_its_older_page_is_put_back(archive, tmp_path, monkeypatch):
    site = tmp_path / "site"
    preview = Preview(archive, site)
    assert preview.full_build() == 0
    path, page = briefing(archive), site / "briefings" / briefing(archive).stem / "index.html"
    edit(path, 'text: "', 'text: "First, ')
    landing = Staging.put_in_place

    def edited_while_building(staging, removed):  # the build read "First, "; the editor edits again
        edit(path, 'text: "First, ', 'text: "Second, ')
        assert preview.show_quickly() == 1
        landing(staging, removed)

    monkeypatch.setattr(Staging, "put_in_place", edited_while_building)
    assert preview.full_build() == 0
    assert b"Second, " in page.read_bytes() and b"First, " not in page.read_bytes()
    monkeypatch.setattr(Staging, "put_in_place", landing)
    assert preview.full_build() == 0  # the build that follows makes the page itself
    assert preview.shown == {}
    assert page.read_bytes() == built_alone(archive, tmp_path / "alone")[page.relative_to(site).as_posix()]
