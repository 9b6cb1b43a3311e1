"""A build server's walk taken ahead and brought up to date from file events finds what a
walk taken now finds; where the events cannot tell, it gives up and the walk is taken again.

Real files and the real kernel's events (inotify) throughout: Linux only.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_archive.layout import BRIEFINGS, BUILD_INPUTS
from briefing_archive.storage import input_watch, stamp_ahead, stamped_ahead, stamps_and_markdown, stand_by
from briefing_archive.storage.input_watch import brought_up_to_date, local_filesystem, watch_inputs
from briefing_archive.workers import workers_wanted

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")

FOLDERS = list(BUILD_INPUTS)


def an_archive(root: Path) -> Path:
    (root / "briefings" / "2019").mkdir(parents=True)
    (root / "content" / "articles").mkdir(parents=True)
    (root / "briefings" / "a.md").write_text("one")
    (root / "briefings" / "2019" / "b.md").write_text("two")
    (root / "briefings" / ".hidden.md").write_text("hidden")
    (root / "content" / "registry.yml").write_text("people: []")
    (root / "mkdocs.yml").write_text("site_name: x")
    return root


def walked_then_updated(root: Path, change) -> tuple | None:
    """The walk taken with ``root``'s inputs watched, brought up to date after ``change(root)``."""
    watch = watch_inputs(str(root), FOLDERS)
    assert watch is not None
    try:
        walked = stamps_and_markdown(root, FOLDERS, BRIEFINGS)
        change(root)
        changed = watch.changed()
        return brought_up_to_date(str(root), walked, changed, BRIEFINGS) if changed is not None else None
    finally:
        watch.close()


def edits(root: Path) -> None:
    (root / "briefings" / "a.md").write_text("one, edited")
    (root / "briefings" / "2019" / "c.md").write_text("new")
    (root / "briefings" / "2019" / "b.md").rename(root / "briefings" / "2019" / "d.md")
    (root / "briefings" / ".hidden.md").unlink()
    (root / "briefings" / "notes.txt").write_text("not a briefing, still an input")
    (root / "content" / "registry.yml").write_text("people: [someone]")
    os.utime(root / "mkdocs.yml", ns=(1, 1))  # its time put back: the change time still moves
    (root / "site").mkdir()  # not an input: a folder made beside them changes nothing
    (root / "site" / "index.html").write_text("x")


def test_a_walk_brought_up_to_date_is_the_walk_taken_now(tmp_path):
    root = an_archive(tmp_path)
    assert walked_then_updated(root, edits) == stamps_and_markdown(root, FOLDERS, BRIEFINGS)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "briefings" / "2020").mkdir(),
        lambda root: (root / "briefings" / "2019").rename(root / "briefings" / "2018"),
        lambda root: (root / "briefings" / "link.md").symlink_to(root / "mkdocs.yml"),
        lambda root: (root / "briefings").rename(root / "old-briefings"),
    ],
    ids=["a folder made", "a folder renamed", "a link made", "the briefings folder moved away"],
)
def test_what_the_events_cannot_follow_is_walked_again(tmp_path, change):
    assert walked_then_updated(an_archive(tmp_path), change) is None


def test_inputs_holding_a_link_are_not_watched(tmp_path):
    root = an_archive(tmp_path)
    (root / "briefings" / "linked.md").symlink_to(root / "briefings" / "a.md")
    assert watch_inputs(str(root), FOLDERS) is None


def test_a_filesystem_other_machines_write_is_not_watched(tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    # the kernel writes a space or tab in a mount point as an octal escape
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/export {tmp_path}/nfs\\040share\\011x nfs4 rw 0 0\n")
    monkeypatch.setattr(input_watch, "MOUNTS", str(mounts))
    (tmp_path / "nfs share\tx").mkdir()
    assert local_filesystem(str(tmp_path))
    assert not local_filesystem(str(tmp_path / "nfs share\tx"))
    assert watch_inputs(str(tmp_path / "nfs share\tx"), FOLDERS) is None


NAMES = ["a.md", "b.md", ".c.md", "d.txt", "2019/e.md", "2019/f.md", ".git/g.md"]
STEPS = st.lists(
    st.tuples(st.sampled_from(["write", "append", "remove", "rename", "touch", "chmod"]), st.sampled_from(NAMES)),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS, st.sets(st.sampled_from(NAMES)))
def test_any_run_of_file_changes_is_followed(steps, present):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("briefings/2019", "briefings/.git", "content"):
            (root / name).mkdir(parents=True)
        for name in present:
            (root / "briefings" / name).write_text(name)

        def change(root: Path) -> None:
            for step, name in steps:
                apply(step, root / "briefings" / name, root / "briefings" / NAMES[(NAMES.index(name) + 1) % len(NAMES)])

        assert walked_then_updated(root, change) == stamps_and_markdown(root, FOLDERS, BRIEFINGS)


def apply(step: str, path: Path, other: Path) -> None:
    if step == "write":
        path.write_text(f"{step} {time.time_ns()}")
    elif step == "append" and path.exists():
        with path.open("a") as stream:
            stream.write("more")
    elif step == "remove":
        path.unlink(missing_ok=True)
    elif step == "rename" and path.exists():
        path.rename(other)
    elif step == "touch" and path.exists():
        os.utime(path, ns=(5, 5))
    elif step == "chmod" and path.exists():
        path.chmod(0o600)


def a_folder_made_too(root: Path) -> None:
    edits(root)
    (root / "content" / "articles" / "2019").mkdir()  # what the events cannot follow: walked again
    (root / "content" / "articles" / "2019" / "x.txt").write_text("an article")


@pytest.mark.skipif(workers_wanted() < 2, reason="a walk is forked ahead only with a second core")
@pytest.mark.parametrize("change, ahead", [(edits, True), (a_folder_made_too, False)], ids=["files", "a folder"])
def test_a_standing_walk_asked_after_edits_answers_what_a_walk_then_finds(tmp_path, change, ahead):
    root = an_archive(tmp_path)
    stand_by(root, FOLDERS, BRIEFINGS)
    time.sleep(0.5)  # it watched and walked meanwhile, as while an editor edits
    edited = time.time_ns()
    change(root)
    stamp_ahead(root, FOLDERS, BRIEFINGS)
    answer = stamped_ahead(root, FOLDERS, BRIEFINGS)
    assert answer is not None
    began, stamps, markdown = answer
    assert (stamps, markdown) == stamps_and_markdown(root, FOLDERS, BRIEFINGS)
    assert (began < edited) == ahead  # walked before the edits, or again when asked
