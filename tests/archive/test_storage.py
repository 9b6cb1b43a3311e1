"""Disk helpers: what a build killed at the worst moment leaves is recovered next time."""

import subprocess
import sys
from dataclasses import replace

import pytest

from briefing_archive import storage
from briefing_archive.storage import stamps_ahead
from briefing_archive.workers import workers_wanted


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_site_moved_aside_by_a_killed_build_is_put_back(tmp_path):
    site = tmp_path / "site"
    aside = tmp_path / f".site.old.{dead_pid()}"
    aside.mkdir()
    (aside / "index.html").write_text("previous site")
    staging = storage.new_staging(site)
    assert (site / "index.html").read_text() == "previous site" and not aside.exists()
    assert staging.parent == tmp_path and staging.name.startswith(".site.new.")


def test_dead_builds_staging_is_removed_and_live_ones_kept(tmp_path):
    (tmp_path / "site").mkdir()
    dead = tmp_path / f".site.new.{dead_pid()}.abc"
    live = tmp_path / ".site.new.1.xyz"  # pid 1 is always running
    for folder in (dead, live):
        folder.mkdir()
    storage.new_staging(tmp_path / "site")
    assert not dead.exists() and live.exists()


def test_content_prints_read_only_files_whose_time_or_size_changed(tmp_path, monkeypatch):
    import builtins
    import os

    (tmp_path / "b").mkdir()
    for name in ("one.md", "two.md"):
        (tmp_path / "b" / name).write_text(name, encoding="utf-8")
    first = storage.content_prints(tmp_path, ["b"], {})
    assert sorted(first) == ["b/one.md", "b/two.md"] and first["b/one.md"][2] != first["b/two.md"][2]
    opened = []
    real_open = builtins.open
    monkeypatch.setattr(builtins, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    assert storage.content_prints(tmp_path, ["b"], first) == first and opened == []
    stat = os.stat(tmp_path / "b" / "two.md")
    (tmp_path / "b" / "two.md").write_text("TWO.md", encoding="utf-8")  # same size, later time
    os.utime(tmp_path / "b" / "two.md", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    again = storage.content_prints(tmp_path, ["b"], first)
    assert opened == [os.path.join(tmp_path, "b/two.md")] and again["b/two.md"][2] != first["b/two.md"][2]


def test_a_cache_file_reads_back_as_written_and_a_damaged_one_is_a_miss(tmp_path):
    import pickle

    data = pickle.dumps(list(range(100_000)), protocol=5)
    streamed, whole = tmp_path / "streamed.pickle", tmp_path / "whole.pickle"
    assert storage.write_cache(streamed, lambda stream: pickle.dump(list(range(100_000)), stream, protocol=5))
    assert storage.write_cache(whole, data)
    assert storage.read_cache(streamed) == data == storage.read_cache(whole)
    raw = whole.read_bytes()
    whole.write_bytes(raw[:-1] + bytes([raw[-1] ^ 1]))  # one bit flipped
    assert storage.read_cache(whole) is None
    whole.write_bytes(raw[:-10])  # cut short
    assert storage.read_cache(whole) is None
    whole.write_bytes(b"something else" + raw)
    assert storage.read_cache(whole) is None


def test_an_opened_cache_file_reads_as_written_by_position_and_a_foreign_or_cut_one_is_a_miss(tmp_path):
    """Opened, not summed: a damaged byte is the reader's to find (each part of the kept
    briefings' file has its own check), but a foreign, cut-short or empty file is a miss."""
    data = bytes(range(256)) * 4_000
    path = tmp_path / "packed"
    assert storage.write_cache(path, data)
    opened = storage.open_cache(path)
    assert opened is not None and len(opened) == len(data)
    assert opened.read(0, len(data)) == data
    assert opened.read(300, 5) == data[300:305] and opened.read(len(data) - 2, 10) == data[-2:]
    assert storage.write_cache(path, b"replaced")  # replaced, never changed in place:
    assert opened.read(256, 3) == data[256:259]  # the open file still reads as it was
    raw = path.read_bytes()
    for foreign in (raw[:-3], b"something else" + raw, raw[:5], b""):
        path.write_bytes(foreign)
        assert storage.open_cache(path) is None
    assert storage.open_cache(tmp_path / "missing") is None


def test_a_cache_file_of_pickles_in_parts_is_read_one_part_at_a_time_and_checked_at_the_end(tmp_path):
    """What both parts hold is one object again; damage to the first part is found before
    it is used (the checksum pickled after it), damage after it when the rest is read."""
    import pickle

    shared = {"briefing": "2019-01-01-kuril", "quotes": list(range(1000))}
    first, second = {"archive": [shared]}, {"views": [shared, shared]}

    def write(stream):
        pickler = pickle.Pickler(stream, protocol=5)
        pickler.dump(first)
        pickler.dump(storage.checksum_so_far(stream))
        pickler.dump(second)

    path = tmp_path / "state.pickle"
    assert storage.write_cache(path, write)
    with storage.pickled_parts(path) as parts:
        assert parts is not None
        read_first = parts.next_checked()
        read_second = parts.next()
        assert (read_first, read_second) == (first, second) and parts.whole()
        assert read_second["views"][0] is read_first["archive"][0]
    raw = path.read_bytes()
    path.write_bytes(raw[:-2] + bytes([raw[-2] ^ 1]) + raw[-1:])
    with storage.pickled_parts(path) as parts:
        assert parts is not None and parts.next_checked() == first
        parts.next()
        assert not parts.whole()
    at = raw.index(b"2019-01-01-kuril")  # in the first part: it unpickles, but not as written
    path.write_bytes(raw[:at] + b"2019-01-02" + raw[at + 10 :])
    with storage.pickled_parts(path) as parts:
        assert parts is not None and parts.next_checked() is None
    for foreign in (b"something else" + raw, raw[:5]):
        path.write_bytes(foreign)
        with storage.pickled_parts(path) as parts:
            assert parts is None or parts.next() is None
    with storage.pickled_parts(tmp_path / "missing.pickle") as parts:
        assert parts is None


def test_a_pickled_cache_file_unpickles_as_written_and_a_damaged_or_foreign_one_is_a_miss(tmp_path):
    import pickle

    kept = {"state": list(range(100_000)), "text": "Курилы", "bytes": bytes(range(256)) * 1000}  # read into
    path = tmp_path / "state.pickle"
    assert storage.write_cache(path, lambda stream: pickle.dump(kept, stream, protocol=5))
    assert storage.read_pickle(path) == kept
    raw = path.read_bytes()
    for damaged in (raw[:-1] + bytes([raw[-1] ^ 1]), raw[:-10], b"something else" + raw, raw[:5], b""):
        path.write_bytes(damaged)
        assert storage.read_pickle(path) is None
    assert storage.write_cache(path, b"not a pickle at all")  # checksummed, but no pickle
    assert storage.read_pickle(path) is None
    assert storage.read_pickle(tmp_path / "missing.pickle") is None


def test_the_briefings_listed_while_stamping_are_those_list_markdown_lists_stamped_alike(tmp_path):
    """One walk for both (``stamps_and_markdown``): hidden names, linked folders, other
    files and what is not a regular file are stamped but not listed, as ``list_markdown``
    does not list them."""
    import os

    briefings, elsewhere = tmp_path / "briefings", tmp_path / "elsewhere"
    for folder in (briefings / "2019" / "june", briefings / ".drafts", elsewhere / "linked"):
        folder.mkdir(parents=True)
    for path in ("a.md", "2019/b.md", "2019/june/c.md", ".hidden.md", ".drafts/d.md", "notes.txt", "2019/e.md.swp"):
        (briefings / path).write_text("text", encoding="utf-8")
    (elsewhere / "linked" / "f.md").write_text("text", encoding="utf-8")
    (elsewhere / "g.md").write_text("text", encoding="utf-8")
    (briefings / "linked").symlink_to(elsewhere / "linked", target_is_directory=True)
    (briefings / "g.md").symlink_to(elsewhere / "g.md")
    (briefings / "gone.md").symlink_to(elsewhere / "missing.md")
    (briefings / "folder.md").mkdir()
    os.mkfifo(briefings / "pipe.md")
    stamped, listed = storage.stamps_and_markdown(tmp_path, ["briefings", "elsewhere"], "briefings")
    assert listed == storage.markdown_stamps(tmp_path, "briefings")
    assert sorted(listed) == storage.list_markdown(tmp_path, "briefings")
    assert sorted(listed) == ["briefings/2019/b.md", "briefings/2019/june/c.md", "briefings/a.md", "briefings/g.md"]
    assert stamped == storage.stamps(tmp_path, ["briefings", "elsewhere"])
    assert "briefings/linked/f.md" in stamped and "briefings/.drafts/d.md" in stamped
    assert storage.stamps_and_markdown(tmp_path, ["briefings"], None)[1] == {}


def test_a_file_s_identity_changes_with_its_inode_size_or_time_and_is_the_same_however_asked(tmp_path):
    import os

    page = tmp_path / "page.html"
    page.write_bytes(b"one")
    first = storage.identity(page)
    assert storage.identities(tmp_path, ["page.html", "gone.html"]) == {"page.html": first, "gone.html": None}
    os.utime(page, ns=(1, 10**18))
    touched = storage.identity(page)
    page.write_bytes(b"four")
    os.utime(page, ns=(1, 10**18))
    resized = storage.identity(page)
    (tmp_path / "other.html").write_bytes(b"four")  # made while the page's inode is taken
    (tmp_path / "other.html").replace(page)
    os.utime(page, ns=(1, 10**18))
    assert len({first, touched, resized, storage.identity(page)}) == 4 and storage.identity(tmp_path / "no") is None


def test_the_files_no_longer_the_ones_written_are_those_edited_replaced_or_gone(tmp_path):
    import os

    names = ["same.html", "edited.html", "replaced.html", "gone.html", "deep/er/page.html"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"as written")
    known = [(name, storage.identity(tmp_path / name)) for name in names]
    known.append(("never.html", None))  # not there when it was written, nor now
    assert storage.changed_identities(tmp_path, known) == []
    with open(tmp_path / "edited.html", "r+b") as page:  # in place: the same inode and size
        page.write(b"AS")
    os.utime(tmp_path / "edited.html", ns=(1, 10**18))
    (tmp_path / "new.html").write_bytes(b"as written")
    (tmp_path / "new.html").replace(tmp_path / "replaced.html")
    (tmp_path / "gone.html").unlink()
    (tmp_path / "deep/er/page.html").write_bytes(b"longer than written")
    assert storage.changed_identities(tmp_path, known) == [
        "edited.html",
        "replaced.html",
        "gone.html",
        "deep/er/page.html",
    ]
    assert storage.changed_identities(tmp_path / "no-site", known) == names


def test_inputs_stamped_ahead_by_a_process_of_their_own_are_those_stamped_here_and_taken_once(tmp_path):
    import time

    (tmp_path / "briefings" / "2019").mkdir(parents=True)
    for path in ("briefings/a.md", "briefings/2019/b.md", "briefings/notes.txt", "mkdocs.yml"):
        (tmp_path / path).write_text("text", encoding="utf-8")
    folders = ["briefings", "content", "mkdocs.yml"]
    began = time.time_ns()
    storage.stamp_ahead(tmp_path, folders, "briefings")
    if workers_wanted() < 2:  # one core: nothing is begun, the build walks itself
        assert storage.stamped_ahead(tmp_path, folders, "briefings") is None
        return
    assert storage.stamped_ahead(tmp_path / "elsewhere", folders, "briefings") is None  # not the walk begun
    when, stamped, listed = storage.stamped_ahead(tmp_path / "briefings" / "..", folders, "briefings")
    assert (stamped, listed) == storage.stamps_and_markdown(tmp_path, folders, "briefings")
    assert began <= when <= time.time_ns()
    assert storage.stamped_ahead(tmp_path, folders, "briefings") is None  # taken once


def test_a_walk_begun_ahead_and_not_taken_ends_when_let_go(tmp_path):
    import os

    (tmp_path / "briefings").mkdir()
    for number in range(3000):  # more stamps than the pipe holds: the walk waits for a reader
        (tmp_path / "briefings" / f"{number}.md").write_text("text", encoding="utf-8")
    storage.stamp_ahead(tmp_path, ["briefings"], "briefings")
    walks = [pid for pid, *_ in stamps_ahead._AHEAD.values()]
    storage.drop_stamps_ahead()  # returns: the walk's process ended, and was reaped
    assert storage.stamped_ahead(tmp_path, ["briefings"], "briefings") is None
    for pid in walks:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # gone, not a zombie left behind


def test_of_a_set_of_pages_those_unmoved_are_the_same_whether_moved_is_known_or_looked_for(tmp_path):
    from briefing_archive.cache.manifest import PreviousSite

    names = ["same.html", "edited.html", "gone.html"]
    for name in names:
        (tmp_path / name).write_bytes(b"as written")
    looking = PreviousSite(tmp_path, {name: ("key", storage.identity(tmp_path / name)) for name in names})
    (tmp_path / "edited.html").write_bytes(b"edited since")
    (tmp_path / "gone.html").unlink()
    asked = {"same.html", "edited.html", "gone.html", "never-written.html"}
    known = replace(looking, moved=looking.find_moved())
    assert looking.unmoved_among(asked) == known.unmoved_among(asked) == {"same.html"}
    assert PreviousSite(None, looking.pages).unmoved_among(asked) == frozenset()
