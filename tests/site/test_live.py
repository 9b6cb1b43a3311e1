"""The quick preview of an edit (live.py): the edited briefing's page, rendered
against the last build, is the page a full build makes, or nothing is promised."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing_archive import storage
from briefing_archive.archive import load_archive
from briefing_archive.cache import input_stamps
from briefing_archive.index import build_index
from briefing_archive.live import Snapshot, changed_inputs, quick_pages
from briefing_archive.page_views import views_of
from briefing_archive.pipeline import PROJECT_TEMPLATES
from briefing_archive.planning import visible
from briefing_archive.render import render_site
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
    assert list(pages) == [output] and b"Indeed, " in pages[output]
    full = render_site(load_archive(archive), storage.read_templates(PROJECT_TEMPLATES), include_drafts=True)
    assert pages[output] == full[output]


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
