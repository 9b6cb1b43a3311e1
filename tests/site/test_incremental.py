"""A rebuild that reuses the previous site gives the same bytes as a build from nothing.

On a 200-briefing synthetic archive (tests/support/synthetic_archive.py), each edit is
followed by an incremental build into the same site folder and a full build
into a fresh one; every file must be byte-identical. Pagefind does not build
its bundle deterministically, so under pagefind/ only the file names are
compared (the index itself is tested in test_search.py).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from briefing_archive.cache import journal
from briefing_archive.cache.warm_state import WARM_FOLDER
from briefing_archive.page_renderer import PageRenderer
from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from briefing_archive.staging import Stager
from tests.support.synthetic_archive import make_archive

SIZE = 200


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(root: Path, out: Path, templates: Path) -> str:
    log = io.StringIO()
    assert build_site(root, out, templates_dir=templates, log=log) == 0, log.getvalue()
    return log.getvalue()


def assert_same_site(incremental: Path, full: Path) -> None:
    a, b = site_files(incremental), site_files(full)
    assert sorted(a) == sorted(b)
    differing = [path for path in a if not path.startswith("pagefind/") and a[path] != b[path]]
    assert differing == []


def briefing_files(root: Path) -> list[Path]:
    return sorted((root / "briefings").glob("*.md"))


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"{pattern!r} not found in {path}"
    path.write_text(changed, encoding="utf-8")


def edit_quote(root, templates):
    edit(briefing_files(root)[50], r"(text: .*?)(\.?\"?\}\s*)$", r"\1 again\2")


def edit_title(root, templates):
    edit(briefing_files(root)[60], r"^title: (.*)$", r"title: \1 (revised)")


def add_issue(root, templates):
    edit(briefing_files(root)[70], r"^issues: \[", "issues: [Kuril Islands, ")


def remove_issue(root, templates):
    edit(briefing_files(root)[80], r"^issues: \[[^,\]]+, ", "issues: [")


def add_briefing(root, templates):
    source = briefing_files(root)[90]
    target = source.with_name("2024-12-31-a-new-briefing.md")
    text = re.sub(r"^date: .*$", "date: 2024-12-31", source.read_text(encoding="utf-8"), count=1, flags=re.M)
    target.write_text(re.sub(r"^title: .*$", "title: A new briefing", text, count=1, flags=re.M), encoding="utf-8")


def delete_briefing(root, templates):
    briefing_files(root)[100].unlink()


def change_alias(root, templates):
    entry = sorted((root / "content" / "issues").glob("*.md"))[0]
    edit(entry, r"^name: (.*)$", r"name: \1\naliases: [Quite Another Name]")


def change_template(root, templates):
    edit(templates / "briefing.html", r"</article>", "</article>\n<!-- changed -->")


def edit_summary(root, templates):
    edit(briefing_files(root)[20], r"^summary: \"", 'summary: "Revised. ')


def move_date(root, templates):
    edit(briefing_files(root)[30], r"^date: \d{4}-\d\d-\d\d", "date: 2016-02-29")


def change_speaker(root, templates):
    """The first quote given to another of the briefing's actors."""
    path = briefing_files(root)[40]
    text = path.read_text(encoding="utf-8")
    speaker = re.search(r"quotes:\n  - \{speaker: ([^,]+)", text).group(1)
    other = next(name for name in re.findall(r"\{name: ([^,]+),", text) if name != speaker)
    edit(path, r"(quotes:\n  - \{speaker: )[^,]+", rf"\g<1>{other}")


def change_role(root, templates):
    edit(briefing_files(root)[45], r"(kind: person, role: )[^,}]+", r"\1Deputy Foreign Minister")


EDITS = [
    edit_quote,
    edit_title,
    edit_summary,
    move_date,
    change_speaker,
    change_role,
    add_issue,
    remove_issue,
    add_briefing,
    delete_briefing,
    change_alias,
    change_template,
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """Every build after the first keeps its manifest and page reads as a journal of the
    first's (at this size, most edits would rewrite the manifest whole)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal, "REBASE_AT", 0)
        yield built_archive(tmp_path_factory)


def built_archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    make_archive(SIZE, root, seed=3)
    templates = root.parent / f"{root.name}-templates"
    shutil.copytree(PROJECT_TEMPLATES, templates)
    build(root, root / "site", templates)
    return root, templates


@pytest.mark.parametrize("change", EDITS, ids=lambda f: f.__name__)
def test_an_incremental_build_equals_a_full_build(archive, change, tmp_path):
    root, templates = archive
    change(root, templates)
    log = build(root, root / "site", templates)
    rendered = int(re.search(r"\((\d+) files rendered", log).group(1))
    pages = int(re.search(r"built (\d+) pages", log).group(1))
    assert pages == sum(1 for _ in (root / "site").rglob("*.html")), log  # counted from the last build's count
    # An edit re-renders fewer pages than there are briefings; a template edit, every page.
    assert (0 < rendered < SIZE) if change is not change_template else (pages <= rendered), log
    # Only the pages that read what a briefing's edit changed are made at all (the others
    # kept without making their context); a registry or template edit makes every page.
    made = int(re.search(r"rendering ([\d,]+) in", log).group(1).replace(",", ""))
    assert (made >= pages) if change in (change_alias, change_template) else (made < pages // 4), log
    if change in (edit_title, edit_summary, edit_quote):
        # Its own page and the pages showing it: its issues', actors' and related briefings'
        # pages, the listings and feeds, the quote pages holding its quotes (25 of 1,804 here).
        assert made <= 60, log
    if change not in (change_alias, change_template):
        # Only the briefings edited since the state was last kept are read (a few here):
        # the others come from that state.
        loaded = int(re.search(r"loading ([\d,]+) in", log).group(1).replace(",", ""))
        assert loaded <= len(EDITS), log
    assert_same_site(root / "site", full_build(root, templates, tmp_path))


def full_build(root: Path, templates: Path, tmp_path: Path) -> Path:
    """A build into a new folder with every view made anew: the archive is loaded whole,
    not updated from the last build's state (which is put back after, so that the next
    edit's build goes on updating it). Pagefind's file names depend on the archive's
    folder, so the archive stays where it is."""
    kept = root / WARM_FOLDER
    aside = tmp_path / "warm-state"
    if kept.exists():
        shutil.move(kept, aside)
    build(root, tmp_path / "full", templates)
    if aside.exists():
        shutil.rmtree(kept, ignore_errors=True)
        shutil.move(aside, kept)
    return tmp_path / "full"


def test_a_rebuild_with_nothing_changed_does_nothing(archive):
    root, templates = archive
    before = site_files(root / "site")
    log = build(root, root / "site", templates)
    assert "nothing changed" in log
    assert site_files(root / "site") == before


def test_a_touched_but_unchanged_file_is_no_change_and_an_edit_of_the_same_size_is(archive, monkeypatch):
    """Sizes and times say "nothing changed" without reading the files; when they
    differ, the files' bytes decide (a touch is still no change, an edit is one)."""
    import os

    from briefing_archive.storage import fingerprints

    root, templates = archive
    path = briefing_files(root)[7]
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    printed, file_print = [], fingerprints.file_print
    monkeypatch.setattr(
        fingerprints, "file_print", lambda root, path, stamp: printed.append(path) or file_print(root, path, stamp)
    )
    assert "nothing changed" in build(root, root / "site", templates)
    assert printed == [path.relative_to(root).as_posix()]  # the touched file alone was read
    printed.clear()
    assert "nothing changed" in build(root, root / "site", templates)
    assert printed == []  # the touch was remembered: this time no file was read
    monkeypatch.undo()
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^(title: )(\w)(\w)", r"\1\3\2", text, count=1, flags=re.M), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text and os.stat(path).st_size == stat.st_size
    assert "nothing changed" not in build(root, root / "site", templates)


def test_an_edit_indexes_only_its_own_search_shard_again(tmp_path, monkeypatch):
    """Shards are keyed by their briefings' content: the others are kept as they are."""
    from briefing_archive import search_shards

    monkeypatch.setattr(search_shards, "SHARD_SIZES", search_shards.ShardSizes(least=20, target=40, most=80))
    root = tmp_path / "archive"
    make_archive(SIZE, root, seed=5)
    build(root, root / "site", PROJECT_TEMPLATES)
    shards_before = {p.name for p in (root / "site" / "pagefind" / "shards").iterdir()}
    edit_title(root, None)
    log = build(root, root / "site", PROJECT_TEMPLATES)
    indexed = int(re.search(r"indexing ([\d,]+) in", log).group(1).replace(",", ""))
    shards_after = {p.name for p in (root / "site" / "pagefind" / "shards").iterdir()}
    assert len(shards_before) >= 3 and 0 < indexed <= 80, log
    assert len(shards_after - shards_before) == 1 and len(shards_before - shards_after) == 1
    assert_same_site(root / "site", full_build(root, PROJECT_TEMPLATES, tmp_path))


def damage(path: Path, tail: int) -> None:
    """Bytes of the last 1/``tail`` of the file flipped, its length as written."""
    data = bytearray(path.read_bytes())
    for at in range(len(data) - 1, len(data) - len(data) // tail, -509):
        data[at] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("name", "tail"),
    [("published.packed", 4), ("published.pickle", 10), ("published.values", 2)],
    ids=[
        "its briefings, found as they are used",
        "its views, found once its archive part was read",
        "its briefings' facts, cards and filters, found as they are used",
    ],
)
def test_a_damaged_kept_state_is_dropped_and_the_build_equals_a_full_build(tmp_path, name, tail):
    """Bytes of the last 1/``tail`` of a kept state's file flipped (its length as written):
    the edit's build finds it, says so, and builds again without the state, leaving no
    staging folder of its first try; the next build goes on from the state that one kept."""
    root = tmp_path / "archive"
    make_archive(SIZE, root, seed=9)
    build(root, root / "site", PROJECT_TEMPLATES)
    damage(root / WARM_FOLDER / name, tail)
    edit_title(root, None)
    log = build(root, root / "site", PROJECT_TEMPLATES)
    assert "is damaged: building again without the kept state" in log and f"loading {SIZE} in" in log, log
    assert_same_site(root / "site", full_build(root, PROJECT_TEMPLATES, tmp_path))
    assert not list(root.glob(".site.*")), "the first try's staging folder was left behind"
    edit_title(root, None)
    log = build(root, root / "site", PROJECT_TEMPLATES)  # from the state that build kept
    assert "warning" not in log and "loading 1 in" in log, log


def test_a_failed_build_stops_its_renderer_before_it_removes_its_staging_folder(tmp_path, monkeypatch):
    """A renderer still at work writes pages into the staging folder: removed before it was
    stopped, the folder came back and was left behind (a damaged state's first try, on a
    loaded machine)."""
    root = tmp_path / "archive"
    make_archive(SIZE, root, seed=9)
    build(root, root / "site", PROJECT_TEMPLATES)
    damage(root / WARM_FOLDER / "published.packed", 4)
    said: list[str] = []
    stop, abandon = PageRenderer.stop, Stager.abandon
    monkeypatch.setattr(PageRenderer, "stop", lambda renderer: (said.append("renderer stopped"), stop(renderer))[1])
    monkeypatch.setattr(Stager, "abandon", lambda stager: (said.append("staging removed"), abandon(stager))[1])
    edit_title(root, None)
    assert "building again without the kept state" in build(root, root / "site", PROJECT_TEMPLATES)
    assert said.index("renderer stopped") < said.index("staging removed"), said


def test_briefings_changed_since_the_state_was_kept_are_parsed_once_not_by_every_build(tmp_path, monkeypatch):
    """Every build reads the briefings changed since the state was kept; each is parsed
    and checked by the first, and its parse taken by the next (``recent_parses``)."""
    from briefing_archive import warm_load

    root = tmp_path / "archive"
    make_archive(SIZE, root, seed=13)
    build(root, root / "site", PROJECT_TEMPLATES)
    first, second = briefing_files(root)[40], briefing_files(root)[41]
    edit(first, r"^title: (.*)$", r"title: \1 (first)")
    build(root, root / "site", PROJECT_TEMPLATES)
    parsed: list[str] = []
    parse = warm_load.parse_briefing_file
    monkeypatch.setattr(warm_load, "parse_briefing_file", lambda path, text: parsed.append(path) or parse(path, text))
    edit(second, r"^title: (.*)$", r"title: \1 (second)")
    log = build(root, root / "site", PROJECT_TEMPLATES)
    assert "loading 2 in" in log and parsed == [second.relative_to(root).as_posix()], (log, parsed)
    assert_same_site(root / "site", full_build(root, PROJECT_TEMPLATES, tmp_path))


@pytest.mark.parametrize("cores", [2, 1], ids=["files looked at by the renderer", "one core"])
def test_a_site_file_changed_since_the_last_build_is_a_change_when_no_input_is(archive, tmp_path, monkeypatch, cores):
    """A build says "nothing changed" only while every file of the site is still the one the last
    build wrote, as the renderer's process found them (or this one, on one core)."""
    from briefing_archive import page_renderer

    monkeypatch.setattr(page_renderer, "workers_wanted", lambda: cores)
    root, templates = archive
    site = root / "site"
    page = sorted(site.glob("briefings/*/index.html"))[4]
    page.write_bytes(page.read_bytes().replace(b"<title>", b"<title>changed by hand "))
    assert "nothing changed" not in build(root, site, templates)
    assert b"changed by hand" not in page.read_bytes()
    assert "nothing changed" in build(root, site, templates)
    assert_same_site(site, full_build(root, templates, tmp_path))


@pytest.mark.parametrize("cores", [2, 1], ids=["files looked at by the renderer", "one core"])
def test_files_changed_or_removed_in_the_site_are_made_again_by_the_next_build(archive, tmp_path, monkeypatch, cores):
    """A build keeps a page or search shard only while its file is the one the last build
    wrote: one edited or removed in the site since is made again, whatever was edited."""
    from briefing_archive import page_renderer

    monkeypatch.setattr(page_renderer, "workers_wanted", lambda: cores)
    root, templates = archive
    site = root / "site"
    pages = sorted(site.glob("briefings/*/index.html"))
    shard_file = sorted((site / "pagefind" / "shards").rglob("pagefind-entry.json"))[0]
    listed = site / "briefings.json"  # its unchanged items are copied out of the file the last build wrote
    listed.write_bytes(listed.read_bytes().replace(b'"title": "', b'"title": "changed by hand '))
    for changed in (site / "index.html", pages[3], shard_file):
        changed.write_bytes(b"changed by hand")
    pages[5].unlink()
    edit(briefing_files(root)[90 + cores], r"^title: (.*)$", r"title: \1 (again)")
    build(root, site, templates)
    assert b"changed by hand" not in (site / "index.html").read_bytes() + pages[3].read_bytes() + listed.read_bytes()
    assert b"changed by hand" not in shard_file.read_bytes() if shard_file.exists() else True
    assert_same_site(site, full_build(root, templates, tmp_path))


def test_a_folder_built_again_after_another_kept_a_newer_state_still_makes_only_what_changed(tmp_path):
    """``mkdocs serve`` builds into a folder of its own from the same kept state as
    ``build.py build``: when it keeps a newer one (a briefing added), the site's next
    build compares its pages' reads with the digests kept beside them, not every page made again."""
    root = tmp_path / "archive"
    make_archive(120, root, seed=6)
    build(root, root / "site", PROJECT_TEMPLATES)
    add_briefing(root, None)
    assert "rendered" in build(root, tmp_path / "preview", PROJECT_TEMPLATES)  # keeps a newer state
    edit_title(root, None)
    log = build(root, root / "site", PROJECT_TEMPLATES)
    made = int(re.search(r"rendering ([\d,]+) in", log).group(1).replace(",", ""))
    pages = int(re.search(r"built (\d+) pages", log).group(1))
    assert made < pages // 3, log
    assert_same_site(root / "site", full_build(root, PROJECT_TEMPLATES, tmp_path))


def test_an_edit_built_by_the_command_with_its_inputs_stamped_ahead_equals_a_full_build(tmp_path, monkeypatch):
    """``build.py build`` begins stamping the inputs in a process of its own as it starts
    (``cli.run``: ``main(..., ahead=True)``); the build takes those stamps for its own."""

    from briefing_archive import cli, storage
    from briefing_archive.workers import workers_wanted

    taken = []
    stamped_ahead = storage.stamped_ahead
    monkeypatch.setattr(storage, "stamped_ahead", lambda *walk: taken.append(stamped_ahead(*walk)) or taken[-1])
    root = tmp_path / "archive"
    make_archive(120, root, seed=7)
    assert cli.main(["--root", str(root), "build"], ahead=True) == 0
    edit_title(root, None)
    assert cli.main(["--root", str(root), "build"], ahead=True) == 0
    one_core = workers_wanted() < 2  # then none is begun: the build walks itself
    assert len(taken) == 2 and all(walk is not None for walk in taken) != one_core
    assert_same_site(root / "site", full_build(root, PROJECT_TEMPLATES, tmp_path))
