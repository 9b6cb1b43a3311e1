"""A build that loads cleanly leaves ``check`` what a check of the whole archive would have
left in ``.cache/checked/`` (``build_checks``): the next ``check FILE`` reads FILE alone
(and parses nothing while FILE is as the build read it), and every check after the build
says exactly what it says with nothing remembered, whatever was edited after (or while)
the build read the archive."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

import pytest

import briefing_archive.archive as archive_module
from briefing_archive import file_checks, storage
from briefing_archive.cache.check_summary import SUMMARY_FOLDER, CheckSummary, shard_of
from briefing_archive.cache.fingerprints import code_digest
from briefing_archive.checking import CheckResult, Selection, check_archive
from briefing_archive.pipeline import build_site
from briefing_archive.workers import workers_wanted
from tests.archive.test_check_summary import BUILDUP, EDITS, PUBLISHED, TALKS, TALKS_PATH, check, full_check, write
from tests.support.archive import make_archive

PICTURE = "\n![map](https://maps.example.org/a.png)\n"  # a warning: the build goes on
MARGIN_NS = 20 * 10**6
EVERYTHING = Selection()


@pytest.fixture
def settled_soon(monkeypatch):
    """Stamps are trusted once 20 ms old, not 2 s (a coarse file system clock's tick), and
    the archive's files are older than that: else each check would compare every text."""
    monkeypatch.setattr(file_checks, "UNSETTLED_NS", MARGIN_NS)


@pytest.fixture
def root(tmp_path):
    root = make_archive(tmp_path / "archive")
    write(root, BUILDUP, PUBLISHED)
    write(root, TALKS_PATH, TALKS + PICTURE)
    time.sleep(2 * MARGIN_NS / 1e9)
    return root


def build(root: Path) -> None:
    log = io.StringIO()
    assert build_site(root, root / "site", log=log) == 0, log.getvalue()


def unremembered(root: Path, selection: Selection = EVERYTHING) -> CheckResult:
    """The check with nothing remembered (what it leaves is removed again)."""
    shutil.rmtree(root / SUMMARY_FOLDER, ignore_errors=True)
    result = check_archive(root, selection)
    shutil.rmtree(root / SUMMARY_FOLDER)
    return result


def left(root: Path) -> tuple[dict, dict]:
    """The rows and registry parses in the check summary."""
    summary = CheckSummary(root, code_digest()).read()
    return summary.rows, summary.registry.old


def counted(monkeypatch) -> tuple[list[str], list[str]]:
    """The briefings check reads, and those it parses, from now on."""
    reads: list[str] = []
    parses: list[str] = []
    read_text = storage.read_text

    def reading(root, path, *rest):
        reads.extend([path] if path.startswith("briefings/") else [])
        return read_text(root, path, *rest)

    monkeypatch.setattr(storage, "read_text", reading)
    for name in ("parse_briefing", "parse_briefing_file"):
        parse = getattr(file_checks, name)
        monkeypatch.setattr(file_checks, name, lambda p, t, parse=parse: parses.append(p) or parse(p, t))
    return reads, parses


@pytest.mark.parametrize("path", [BUILDUP, TALKS_PATH])
def test_a_check_of_one_file_after_a_build_reads_that_file_alone(settled_soon, root, monkeypatch, path):
    build(root)
    reads, parses = counted(monkeypatch)
    result = check_archive(root, Selection((path,)))
    assert reads == [path] and parses == []  # read afresh: the same text, so the build's report holds
    assert result == unremembered(root, Selection((path,)))


def test_the_summary_a_build_leaves_is_the_one_a_check_leaves(settled_soon, root):
    build(root)
    rows, registry = left(root)
    assert sorted(rows) == [BUILDUP, TALKS_PATH] and all(row[0] and row[3] is not None for row in rows.values())
    assert any(row[3] for row in rows.values())  # the picture's warning
    shutil.rmtree(root / SUMMARY_FOLDER)
    check_archive(root)
    assert left(root) == (rows, registry)


def test_the_summary_a_build_after_an_edit_leaves_is_the_one_a_check_leaves(settled_soon, root):
    build(root)
    write(root, TALKS_PATH, TALKS)
    time.sleep(2 * MARGIN_NS / 1e9)
    build(root)  # from the kept state: only the edited briefing's shard is read and made again
    rows, registry = left(root)
    shutil.rmtree(root / SUMMARY_FOLDER)
    check_archive(root)
    assert left(root) == (rows, registry)


def test_a_build_remakes_the_rows_of_the_briefings_changed_since_the_last_build_only(settled_soon, root, monkeypatch):
    assert shard_of(TALKS_PATH) != shard_of(BUILDUP)
    build(root)
    write(root, TALKS_PATH, TALKS)
    time.sleep(2 * MARGIN_NS / 1e9)
    build(root)  # TALKS is read again by every build until the state is kept anew; its rows are not made again
    asked: list = []
    read = CheckSummary.read
    monkeypatch.setattr(
        CheckSummary,
        "read",
        lambda self, shards=None, registry=True: asked.append(shards) or read(self, shards, registry),
    )
    write(root, BUILDUP, PUBLISHED.replace("military buildup", "a buildup"))
    time.sleep(2 * MARGIN_NS / 1e9)
    build(root)
    assert asked == [{shard_of(BUILDUP)}]
    rows, registry = left(root)
    shutil.rmtree(root / SUMMARY_FOLDER)
    check_archive(root)
    assert left(root) == (rows, registry)


def test_a_check_by_the_command_takes_the_briefings_stamped_ahead_and_says_what_a_full_check_says(
    settled_soon, root, monkeypatch
):
    """``build.py check`` (``cli.run``: ``main(..., ahead=True)``) has the briefings stamped by
    a process of its own while it imports the rest of the tool; the check takes those stamps."""
    build(root)
    taken: list = []
    stamped_ahead = storage.stamped_ahead
    monkeypatch.setattr(storage, "stamped_ahead", lambda *walk: taken.append(stamped_ahead(*walk)) or taken[-1])
    write(root, TALKS_PATH, TALKS.replace("[Kuril Islands]", "[Kurile Isles]"))  # an unknown name: an error
    assert check(root, TALKS_PATH, ahead=True) == full_check(root, TALKS_PATH)
    assert check(root, ahead=True) == full_check(root)
    one_core = workers_wanted() < 2  # then none is begun: the check walks itself
    assert len(taken) == 2 and all(walk is not None for walk in taken) != one_core


def test_a_check_of_everything_after_a_build_reads_nothing_and_says_the_same(settled_soon, root, monkeypatch):
    build(root)
    reads, parses = counted(monkeypatch)
    result = check_archive(root)
    assert reads == parses == []
    assert result == unremembered(root) and result.problems


def test_with_stamps_too_new_to_trust_a_check_after_a_build_compares_texts_and_parses_none(root, monkeypatch):
    build(root)
    reads, parses = counted(monkeypatch)
    result = check_archive(root, Selection((TALKS_PATH,)))
    assert sorted(reads) == [BUILDUP, TALKS_PATH] and parses == []
    assert result == unremembered(root, Selection((TALKS_PATH,)))


@pytest.mark.parametrize("edit", EDITS)
def test_every_edit_after_a_build_is_seen(settled_soon, root, edit):
    build(root)
    EDITS[edit](root)
    for path in sorted(set(storage.list_markdown(root, "briefings")) | {BUILDUP, TALKS_PATH}):
        assert check(root, path) == full_check(root, path), path
    assert check(root) == full_check(root)


def test_a_build_rewrites_only_the_rows_that_changed(settled_soon, root):
    def shards() -> dict[str, tuple | None]:
        return {p.name: storage.identity(p) for p in sorted((root / SUMMARY_FOLDER).iterdir())}

    build(root)
    before = shards()
    check_archive(root)
    assert shards() == before  # the check found every row as it would have left it
    write(root, TALKS_PATH, TALKS)
    build(root)
    assert {name for name, identity in shards().items() if before.get(name) != identity} == {
        f"{shard_of(TALKS_PATH)}.pickle"
    }


def test_briefings_edited_while_the_build_reads_them_are_read_again(settled_soon, root, monkeypatch):
    """One edited after it was listed but before it was read, one just after it was read."""
    read_briefings = archive_module.read_briefings

    def racing(*args):
        write(root, TALKS_PATH, TALKS)
        try:
            return read_briefings(*args)
        finally:
            write(root, BUILDUP, PUBLISHED + PICTURE)
            time.sleep(2 * MARGIN_NS / 1e9)  # settled by the time the build ends

    with monkeypatch.context() as patched:
        patched.setattr(archive_module, "read_briefings", racing)
        build(root)
    assert check(root) == full_check(root) and "maps.example.org" in check(root)
    for path in (BUILDUP, TALKS_PATH):
        assert check(root, path) == full_check(root, path), path


def test_a_source_edited_after_the_build_read_it_is_read_again(settled_soon, root, monkeypatch):
    read_sources = archive_module.read_sources

    def racing(*args):
        try:
            return read_sources(*args)
        finally:
            source = root / "content/articles/source.txt"
            source.write_text(source.read_text().replace("missile", "rocket"))
            time.sleep(2 * MARGIN_NS / 1e9)

    with monkeypatch.context() as patched:
        patched.setattr(archive_module, "read_sources", racing)
        build(root)
    assert check(root) == full_check(root) and "quotes.0.text" in check(root)
    assert check(root, BUILDUP) == full_check(root, BUILDUP)
