"""The manifest and the page reads are kept as a base and a journal of what builds changed
since it (briefing_archive/cache/journal.py): what is read back is what was written last,
whichever of the two it went to."""

from __future__ import annotations

from array import array

import pytest

from briefing_archive import storage
from briefing_archive.cache import journal
from briefing_archive.cache.build_cache import BuildCache
from briefing_archive.cache.journal import Changes, changes, changes_up_to, journal_file
from briefing_archive.cache.manifest import (
    MANIFEST_FORMAT,
    NewPages,
    manifest_file,
    pages_in,
    read_manifest,
    write_manifest,
)
from briefing_archive.cache.page_reads import PageReads, read_page_reads, write_page_reads
from briefing_archive.cache.read_table import ReadTable


def test_changes_say_what_turns_one_dict_into_another_and_add_up():
    before = {"a": 1, "b": 2, "c": 3}
    after = {"a": 1, "b": 20, "d": 4}
    step = changes(before, after)
    assert step == Changes({"b": 20, "d": 4}, frozenset({"c"}))
    assert step.apply(dict(before)) == after
    later = changes(after, {"a": 1, "c": 30})
    assert Changes().then(step).then(later).apply(dict(before)) == {"a": 1, "c": 30}


def test_changes_among_the_entries_known_fresh_are_the_changes_when_the_others_are_the_same_objects():
    before = {"a": (1,), "b": (2,), "c": (3,)}
    after = {"a": before["a"], "b": (20,), "d": (4,)}
    fresh = {"b": after["b"], "d": after["d"]}
    assert changes(before, after, fresh) == changes(before, after) == Changes({"b": (20,), "d": (4,)}, frozenset("c"))
    same = {"b": (2,)}  # made again, equal to the entry it replaces: no change
    assert changes(before, {"a": before["a"], **same, "c": before["c"]}, same) == Changes()


def test_changes_up_to_a_number_are_none_past_it_without_comparing_the_rest():
    before = {"a": 1, "b": 2, "c": 3}
    after = {"a": 10, "b": 20, "c": 30, "d": 4}
    assert changes_up_to(4, before, after) == changes(before, after)
    assert changes_up_to(3, before, after) is None
    compared = []

    class Counted(dict):
        def get(self, key, default=None):
            compared.append(key)
            return super().get(key, default)

    assert changes_up_to(1, Counted(before), after) is None and compared == ["a", "b"]


def pages(count: int, key: str = "k") -> dict[str, tuple]:
    return {f"p{n}.html": (key, 1000 + n) for n in range(count)}  # output → (key, file identity)


def test_a_manifest_is_written_as_a_journal_of_the_one_read_while_that_holds_few_changes(tmp_path):
    path = tmp_path / "manifest.pickle"
    first = pages(100)
    write_manifest(path, first, "inputs1", "code", "t1")
    assert not journal_file(path).exists()
    second = first | {"p3.html": ("new", 3003), "added.html": ("k", 9999)}
    del second["p5.html"]
    write_manifest(path, second, "inputs2", "code", "t2", read_manifest(path))
    assert journal_file(path).exists()
    read = read_manifest(path)
    assert read["pages"] == second and (read["inputs"], read["token"]) == ("inputs2", "t2")
    third = {output: entry for output, entry in second.items() if output != "p7.html"}
    write_manifest(path, third, "inputs3", "code", "t3", read)
    assert read_manifest(path)["pages"] == third  # the journal holds every change since the base


def test_new_pages_are_the_kept_entries_of_the_manifest_read_and_the_fresh_ones(tmp_path):
    path = tmp_path / "manifest.pickle"
    write_manifest(path, pages(100) | {"feed.xml": ("k", 9999)}, "inputs1", "code", "t1")
    read = read_manifest(path)
    fresh = {"p2.html": ("new", 2002), "p4.html": read["pages"]["p4.html"], "added.html": ("k", 99)}
    kept = {"feed.xml", "p2.html", *(f"p{n}.html" for n in range(100) if n != 3)}
    new = NewPages(read["pages"], frozenset(kept), fresh)
    whole = {output: read["pages"][output] for output in sorted(kept - fresh.keys())} | fresh
    assert new.whole() == whole and list(new.whole()) == list(whole)
    assert (len(new), new.page_count, new.gone) == (len(whole), len(whole) - 1, frozenset({"p3.html"}))
    counted = NewPages(read["pages"], frozenset(kept), fresh, pages_in(read))  # from the gone and added alone
    assert (pages_in(read), counted.page_count) == (100, len(whole) - 1)
    assert new.changes_from(read["pages"], 100) == changes(read["pages"], whole)  # the fresh entries alone compared
    assert new.changes_from(dict(read["pages"]), 100) == changes(read["pages"], whole)  # another manifest: all compared
    assert new.changes_from(read["pages"], 1) is None  # more changed than that: no journal takes them
    write_manifest(path, new, "inputs2", "code", "t2", read)
    assert journal_file(path).exists() and read_manifest(path)["pages"] == whole
    assert read_manifest(path)["html_pages"] == len(whole) - 1  # the journal's head counts the new pages
    write_manifest(path, NewPages(read["pages"], frozenset(), fresh), "inputs3", "code", "t3", read)
    assert not journal_file(path).exists() and read_manifest(path)["pages"] == fresh  # a new base, made whole


def test_a_manifest_read_under_other_code_is_its_head_only_and_the_journal_says_whose_it_is(tmp_path):
    path = tmp_path / "manifest.pickle"
    write_manifest(path, pages(100), "inputs1", "old", "t1")
    other = read_manifest(path, "new")
    head = {"format": MANIFEST_FORMAT, "inputs": "inputs1", "code": "old", "token": "t1"}
    assert other == head | {"pages": {}, "site_made": True}
    assert read_manifest(path, "old")["pages"] == pages(100)
    edited = pages(100) | {"p0.html": ("new", 1)}
    write_manifest(path, edited, "inputs2", "new", "t2", read_manifest(path, "old"))
    assert journal_file(path).exists()  # the code is the journal's head: read under it, the pages are
    assert read_manifest(path, "new")["pages"] == edited and read_manifest(path, "old")["pages"] == {}
    write_manifest(path, pages(100, key="other"), "inputs3", "newer", "t3", read_manifest(path, "newer"))
    assert not journal_file(path).exists() and read_manifest(path, "newer")["pages"] == pages(100, key="other")


def test_a_site_other_code_made_is_known_as_made_here_though_its_pages_are_not_read(tmp_path):
    root, out, templates = tmp_path / "archive", tmp_path / "site", tmp_path / "templates"
    assert not BuildCache(root, out, templates, False).made_site_here()
    write_manifest(manifest_file(root, out), pages(3), "inputs", "another version's code", "t1")
    cache = BuildCache(root, out, templates, False)
    assert cache.made_site_here() and cache.manifest["pages"] == cache.previous_site().pages == {}


def test_a_journal_grown_past_its_share_of_the_base_gives_way_to_a_new_base(tmp_path):
    path = tmp_path / "manifest.pickle"
    write_manifest(path, pages(100), token="t1")
    write_manifest(path, pages(100) | {"p0.html": ("new", 1)}, token="t2", before=read_manifest(path))
    assert journal_file(path).exists()
    rewritten = pages(100, key="other")  # every page made again (new templates)
    write_manifest(path, rewritten, token="t3", before=read_manifest(path))
    assert not journal_file(path).exists() and read_manifest(path)["pages"] == rewritten


def test_a_damaged_journal_loses_the_manifest_and_another_base_s_is_not_used(tmp_path):
    path = tmp_path / "manifest.pickle"
    write_manifest(path, pages(100), token="t1")
    edited = pages(100) | {"p0.html": ("new", 1)}
    write_manifest(path, edited, token="t2", before=read_manifest(path))
    kept = journal_file(path).read_bytes()
    journal_file(path).write_bytes(kept[:-10])
    assert read_manifest(path) == {}  # the base alone would list the files as they were before
    write_manifest(path, pages(50), token="t3")  # a new base: its build stopped before the old journal went
    journal_file(path).write_bytes(kept)
    assert read_manifest(path)["pages"] == pages(50)


def reads(pages: dict[str, list[int]], table: list, digests: dict, token: str) -> PageReads:
    numbered = {output: array("I", numbers) for output, numbers in pages.items()}
    return PageReads("code:1", digests, ReadTable.of(table), numbered, token)


def test_page_reads_go_to_a_journal_and_come_back_as_written(tmp_path, monkeypatch):
    monkeypatch.setattr(journal, "REBASE_AT", 1)
    path = tmp_path / "reads.pickle"
    table = [("cards", str(n)) for n in range(40)]
    digests = {"cards": {str(n): "d" for n in range(40)}, "every": {0: "q"}}
    first = reads({f"p{n}.html": [n, 39 - n] for n in range(40)}, table, digests, "t1")
    write_page_reads(path, first)
    before = read_page_reads(path, "code", "t1")
    assert before == first and not journal_file(path).exists()
    pages = dict(first.pages) | {"p1.html": array("I", [40]), "new.html": array("I", [41, 0])}
    del pages["p2.html"]
    cards = {key: digest for key, digest in digests["cards"].items() if key != "3"} | {"1": "e", "40": "d"}
    second = PageReads(
        "code:1", {"cards": cards, "quotes": {}}, ReadTable.of(table + [("cards", "40"), ("quotes", "x")]), pages, "t2"
    )
    write_page_reads(path, second, before)
    assert journal_file(path).exists()
    assert read_page_reads(path, "code", "t2") == second
    assert read_page_reads(path, "code", "t1") == PageReads()  # the token of the build that wrote them only


@pytest.mark.parametrize("damage", [b"", b"not a cache"])
def test_damaged_page_reads_journal_means_no_reads_kept(tmp_path, damage):
    path = tmp_path / "reads.pickle"
    first = reads({"a.html": [0]}, [("cards", "a")], {"cards": {"a": "d"}}, "t1")
    write_page_reads(path, first)
    storage.write_atomic(journal_file(path), damage)
    assert read_page_reads(path, "code", "t1") == PageReads()
