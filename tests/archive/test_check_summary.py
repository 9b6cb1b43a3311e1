"""``check FILE`` against what earlier checks remembered says exactly what a full check says
about FILE, after any edit to the archive: the full check here is ``load_archive`` with
nothing remembered, the code builds use."""

from __future__ import annotations

import contextlib
import io
import shutil
import time
from pathlib import Path

import pytest

from briefing_archive import cli
from briefing_archive.archive import load_archive
from briefing_archive.cache.check_summary import SUMMARY_FOLDER
from briefing_archive.file_checks import UNSETTLED_NS, settled
from briefing_archive.validate import problems_summary
from tests.support.archive import VALID_BRIEFING, make_archive

PUBLISHED = VALID_BRIEFING.replace("status: draft", "status: published\nreviewed_by: Ed Itor")
TALKS = PUBLISHED.replace(
    "title: Japan and Russia accuse one another of military buildup", "title: Talks go on"
).replace("  file: content/articles/source.txt\n", "")
BUILDUP, TALKS_PATH = "briefings/2019-05-30-buildup.md", "briefings/2019-06-02-talks.md"


def check(root: Path, *paths: str, ahead: bool = False) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        cli.main(["--root", str(root), "check", *paths], ahead=ahead)
    return out.getvalue()


def full_check(root: Path, *paths: str) -> str:
    """What ``check PATHS`` must print: the lines of a check of everything, nothing remembered."""
    archive = load_archive(root)
    problems = [p for p in archive.problems if not paths or p.path in paths]
    return "".join(f"{p}\n" for p in problems) + problems_summary(problems, archive.files) + "\n"


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


@pytest.fixture
def archive(tmp_path):
    root = make_archive(tmp_path / "archive")
    write(root, BUILDUP, PUBLISHED)
    write(root, TALKS_PATH, TALKS)
    assert check(root) == full_check(root)  # the summary is made
    return root


EDITS = {
    "a new briefing citing a source already cited, sorted first": lambda root: write(
        root, "briefings/2019-05-29-early.md", PUBLISHED.replace("buildup", "early")
    ),
    "a new briefing whose slug collides": lambda root: write(root, "briefings/2019-06-02-Talks.md", TALKS),
    "an unknown name": lambda root: write(root, TALKS_PATH, TALKS.replace("[Kuril Islands]", "[Kurile Isles]")),
    "a problem fixed": lambda root: write(root, BUILDUP, PUBLISHED),
    "a deleted file": lambda root: (root / BUILDUP).unlink(),
    "a renamed registry entry": lambda root: write(
        root,
        "content/issues/kuril-islands.md",
        (root / "content/issues/kuril-islands.md").read_text().replace("name: Kuril Islands", "name: Kuril Isles"),
    ),
    "an edited source article": lambda root: write(
        root,
        "content/articles/source.txt",
        (root / "content/articles/source.txt").read_text().replace("missile", "rocket"),
    ),
    "a remote picture, and settings that allow it": lambda root: (
        write(root, TALKS_PATH, TALKS + "\n![map](https://maps.example.org/a.png)\n"),
        write(root, "mkdocs.yml", "site_name: A\nextra:\n  remote_images: [maps.example.org]\n"),
    ),
    "a file that no longer parses": lambda root: write(root, TALKS_PATH, TALKS.replace("date: 2019-05-30", "date: [")),
}


@pytest.mark.parametrize("edit", EDITS)
def test_check_of_some_files_says_what_a_full_check_says_of_them(archive, edit):
    write(archive, BUILDUP, PUBLISHED.replace("[Kuril Islands]", "[Kuril Islandz]"))  # a problem to fix
    check(archive)
    EDITS[edit](archive)
    for path in sorted(set(cli.storage.list_markdown(archive, "briefings")) | {BUILDUP, TALKS_PATH}):
        assert check(archive, path) == full_check(archive, path), path
    assert check(archive) == full_check(archive)
    assert check(archive) == full_check(archive)  # and again, all of it remembered


def test_a_cross_file_problem_of_an_unchanged_file_is_reported_with_it(archive):
    EDITS["a new briefing citing a source already cited, sorted first"](archive)
    assert "already the source of briefings/2019-05-29-early.md" in check(archive, BUILDUP)


def test_a_check_with_trusted_stamps_still_sees_every_edit(archive):
    """Once the files' stamps are old enough to be trusted, an edit still changes the stamp
    (its change time at least): the report of the old text is never taken for the new."""
    time.sleep(UNSETTLED_NS / 1e9 + 0.2)
    assert check(archive) == full_check(archive)
    write(archive, TALKS_PATH, TALKS.replace("[Kuril Islands]", "[Kurile Isles]"))
    assert "Kurile Isles" in check(archive) and check(archive) == full_check(archive)


def test_a_stamp_is_trusted_only_once_older_than_a_clock_tick_could_hide():
    """Within one tick of the file system's clock an edit of the same size keeps every time:
    a stamp younger than UNSETTLED_NS is not kept, so the text is compared next time."""
    started = 100 * 10**9
    old = (started - UNSETTLED_NS - 1, 10, started - UNSETTLED_NS - 1, 7)
    assert settled(old, started) == old
    assert settled((old[0], 10, started - 5, 7), started) is None  # changed just now (ctime)
    assert settled((started - 5, 10, old[2], 7), started) is None  # modified just now


def test_check_writes_only_its_cache(archive):
    before = sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if ".cache" not in p.parts)
    check(archive)
    assert sorted(p.relative_to(archive).as_posix() for p in archive.rglob("*") if ".cache" not in p.parts) == before
    assert (archive / SUMMARY_FOLDER).is_dir()


def test_a_deleted_summary_is_made_again(archive):
    shutil.rmtree(archive / SUMMARY_FOLDER)
    assert check(archive, BUILDUP) == full_check(archive, BUILDUP)
    assert check(archive) == full_check(archive)
