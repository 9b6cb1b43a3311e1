"""What a page reads is recorded as its context is made, and a rebuild keeps exactly the
pages whose reads did not change (see briefing_archive/reads.py, page_reuse.py)."""

from __future__ import annotations

import dataclasses
import pickle
from array import array

import pytest

from briefing_archive import storage
from briefing_archive.cache.key_numbers import NumberedKeys
from briefing_archive.cache.page_reads import (
    PageReads,
    kept_digests_file,
    read_kept_digests,
    read_page_reads,
    write_page_reads,
)
from briefing_archive.cache.read_table import ReadNumbers, ReadTable, compacted, readers_of
from briefing_archive.numbered_quotes import EveryQuote, NumberedQuotes
from briefing_archive.reads import (
    LENGTH,
    WHOLE,
    ReadsDict,
    ReadsEvery,
    ReadsLists,
    ReadsNumbered,
    ReadsTuple,
    recording,
)


def test_a_dict_records_each_key_looked_up_present_or_not():
    cards = ReadsDict("cards", {"a": 1, "b": 2})
    with recording() as reads:
        assert cards["a"] == 1 and cards.get("zzz") is None and "b" in cards
    assert reads == {("cards", "a"), ("cards", "zzz"), ("cards", "b")}


def test_quote_lists_by_key_record_each_key_and_each_list_its_pages_a_list_made_recording_when_read():
    """The ~10,000 lists of 30,000 briefings: an edit's build reads a few, and counts all
    (the quote pages to plan) without reading one."""
    every = ["q0", "q1", "q2"]
    lists = {
        ("x", None): NumberedQuotes(every, array("I", [0, 1, 2])),
        ("x", "s"): NumberedQuotes(every, array("I", [2])),
    }
    recorded = ReadsLists("by_issue", lists, "issue", 2)
    with recording() as reads:
        assert list(recorded.counts()) == [(("x", None), 3), (("x", "s"), 1)]
    assert reads == {("by_issue", WHOLE)} and recorded.made == {}
    with recording() as reads:
        side = recorded[("x", "s")]
        assert side[0] == "q2" and recorded[("x", "s")] is side and recorded.get(("y", None)) is None
    assert reads == {("by_issue", ("x", "s")), ("quote_list", (("issue", "x", "s"), 0)), ("by_issue", ("y", None))}
    with recording() as reads:
        assert pickle.loads(pickle.dumps(recorded)) == {("x", None): every, ("x", "s"): ["q2"]}
    assert ("by_issue", WHOLE) in reads and ("quote_list", (("issue", "x", None), WHOLE)) in reads


def test_walking_over_a_dict_or_asking_its_size_reads_it_whole():
    issues = ReadsDict("issues", {"x": 1})
    for look in (list, len, lambda d: d.items(), lambda d: d.values(), lambda d: sorted(d), lambda d: {**d}):
        with recording() as reads:
            look(issues)
        assert ("issues", WHOLE) in reads, look


def test_a_sequence_records_positions_slices_and_length():
    quotes = {"b/a.md": ["q0", "q1"], "b/b.md": [], "b/c.md": ["q2", "q3"]}
    every = ReadsEvery("every", EveryQuote.of(quotes, list(quotes), map(len, quotes.values())))
    with recording() as reads:
        assert every[1:3] == ["q1", "q2"] and every[-1] == "q3" and len(every) == 4
    assert reads == {("every", 1), ("every", 2), ("every", 3), ("every", LENGTH)}
    with recording() as reads:
        assert list(every) == ["q0", "q1", "q2", "q3"] and every[-4] == "q0"
    assert {("every", WHOLE), ("every", 0)} <= reads
    with pytest.raises(IndexError):
        every[4]
    briefings = ReadsTuple("briefings", ("b0", "b1"))
    with recording() as reads:
        assert list(briefings) == ["b0", "b1"]
    assert ("briefings", WHOLE) in reads


def test_reads_outside_a_page_are_not_recorded_and_pickles_are_plain():
    cards = ReadsDict("cards", {"a": [1]})
    assert cards["a"] == [1]  # planning reads too, outside any page: nothing to record
    with recording() as reads:
        copy = pickle.loads(pickle.dumps(cards))
    assert type(copy) is dict and copy == {"a": [1]} and reads == {("cards", WHOLE)}


def test_a_page_is_kept_only_while_every_read_has_its_digest():
    before = PageReads(
        "code:1",
        {"cards": {"a": "1", "b": "1"}, "every": {0: "q", LENGTH: "1"}},
        ReadTable.of([("cards", "a"), ("cards", "b"), ("every", LENGTH), ("cards", "new")]),
        {"one.html": array("I", [0]), "two.html": array("I", [1, 2]), "three.html": array("I", [3])},
    )
    same = {"cards": {"a": "1", "b": "1"}, "every": {0: "q", LENGTH: "1"}}
    assert before.unchanged_pages("code:1", before.digest_changes(same)) == {
        "one.html",
        "two.html",
        "three.html",
    }
    card_b_edited = {"cards": {"a": "1", "b": "2"}, "every": {0: "q", LENGTH: "1"}}
    assert before.unchanged_pages("code:1", before.digest_changes(card_b_edited)) == {
        "one.html",
        "three.html",
    }
    a_key_appeared = {"cards": {"a": "1", "b": "1", "new": "1"}, "every": {0: "q", LENGTH: "1"}}
    assert before.unchanged_pages("code:1", before.digest_changes(a_key_appeared)) == {
        "one.html",
        "two.html",
    }
    assert (
        before.unchanged_pages("code:2", before.digest_changes(same)) == set()
    )  # new code, templates or registry: none kept


def test_parts_sharing_their_digests_have_the_same_changes_and_others_their_own():
    own_before, own_now = {"a": "1", "b": "1"}, {"a": "1", "b": "2"}
    before = PageReads("code:1", {"cards": own_before, "entries": own_before, "facts": {"a": "1", "b": "1"}})
    changes = before.digest_changes({"cards": own_now, "entries": own_now, "facts": {"a": "1"}})
    assert changes["cards"].changed == changes["entries"].changed == {"b": "2"}
    assert not changes["facts"].changed and changes["facts"].removed == {"b"}


def test_reads_no_page_makes_any_more_are_dropped_from_the_table():
    table = ReadTable.of([("cards", str(n)) for n in range(10)])
    kept_table, flat = compacted(table, array("I", [7, 9, 9]))
    assert list(kept_table) == [("cards", "7"), ("cards", "9")] and flat == array("I", [0, 1, 1])


def test_the_reads_file_gives_back_every_page_s_reads_to_the_build_that_wrote_it_alone(tmp_path):
    table = ReadTable.of([("cards", str(n)) for n in range(4)])
    pages = {"a.html": array("I", [0, 3]), "empty.html": array("I"), "b.html": array("I", [1, 2, 3])}
    written = PageReads("code:1", {"cards": {"0": "x"}}, table, pages, token="t1")
    write_page_reads(tmp_path / "reads.pickle", written)
    assert read_page_reads(tmp_path / "reads.pickle", "code", "t1") == written
    assert read_page_reads(tmp_path / "reads.pickle", "code", "t2") == PageReads()  # another build's manifest
    assert read_page_reads(tmp_path / "reads.pickle", "other", "t1") == PageReads()  # other code
    assert read_page_reads(tmp_path / "missing.pickle", "code", "t1") == PageReads()
    storage.write_cache(tmp_path / "reads.pickle", pickle.dumps({"format": 2, "token": "t1", "shared": "code:1"}))
    assert read_page_reads(tmp_path / "reads.pickle", "code", "t1") == PageReads()  # whole, yet not as written


def test_a_written_bases_table_is_read_back_as_numbered_keys_each_read_its_number_as_before(tmp_path):
    reads = [("cards", f"briefings/{n}.md") for n in range(40)] + [
        ("quote_list", (("actor", "kono"), n)) for n in range(3)
    ]
    table = ReadTable.of(reads)
    pages = {"a.html": array("I", range(0, 43, 2)), "b.html": array("I", range(1, 43, 2))}
    write_page_reads(tmp_path / "reads.pickle", PageReads("code:1", {}, table, pages, token="t1"))
    again = read_page_reads(tmp_path / "reads.pickle", "code", "t1").table
    assert all(type(part) is NumberedKeys for part in again.by_part.values())
    assert [again.number(read) for read in reads] == list(range(43)) and again.number(("cards", "other.md")) is None
    assert list(again) == reads
    numbers = again.extended()
    assert numbers.add(("cards", "other.md")) == 43 and numbers.parts()["cards"]["other.md"] == 43
    assert numbers.parts()["quote_list"] is again.by_part["quote_list"]  # a part no later read joins is shared


def test_a_list_read_by_runs_notes_the_run_of_each_position():
    listed = NumberedQuotes([f"q{n}" for n in range(60)], array("I", range(60)))
    quotes = ReadsNumbered("quote_list", listed, ("issue", "x", None), 25)
    with recording() as reads:
        assert quotes[25:50][0] == "q25" and quotes[-1] == "q59"
    assert reads == {("quote_list", (("issue", "x", None), 1)), ("quote_list", (("issue", "x", None), 2))}


def test_every_position_a_page_reads_has_a_digest(tmp_path):
    """A read whose key the digests never hold (a position counted differently on the two
    sides) would keep a page whatever changed: the byte-compare tests would catch it only
    for the edits they make."""
    import io

    from briefing_archive.cache.build_cache import BuildCache
    from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
    from tests.support.synthetic_archive import make_archive

    root = tmp_path / "archive"
    make_archive(60, root, seed=4)
    assert build_site(root, root / "site", log=io.StringIO()) == 0
    cache = BuildCache(root, root / "site", PROJECT_TEMPLATES, False)
    reads = cache.page_reads
    assert reads.pages, "the build kept what its pages read"
    assert reads.load_kept is not None and not reads.since_kept and not reads.digests  # a build keeping its state
    digests = reads.load_kept()  # the state's, kept beside
    assert digests
    sequences = ("briefings", "timeline", "every", "every_years", "quote_list")
    read_keys = {(part, key) for number in set().union(*reads.pages.values()) for part, key in [reads.table[number]]}
    unknown = [(part, key) for part, key in read_keys if part in sequences and key not in digests[part]]
    assert unknown == []


def test_a_table_numbers_later_reads_after_its_base_and_leaves_the_base_as_it_was():
    base = ReadTable.of([("cards", "a"), ("every", LENGTH)])
    numbers = base.extended()
    assert numbers.number(("every", LENGTH)) == 1 and numbers.number(("cards", "zzz")) is None
    assert numbers.add(("cards", "zzz")) == 2 and numbers.number(("cards", "zzz")) == 2
    assert len(base) == 2 and base.number(("cards", "zzz")) is None  # its dicts shared, never changed
    assert numbers.follows(base) and not base.follows(numbers)
    assert numbers.parts() == {"cards": {"a": 0, "zzz": 2}, "every": {LENGTH: 1}} and base.by_part["cards"] == {"a": 0}
    assert list(numbers) == [("cards", "a"), ("every", LENGTH), ("cards", "zzz")] and numbers[0] == ("cards", "a")


def test_a_page_s_read_numbers_are_in_order_whatever_order_its_reads_were_made_in():
    # a page's reads are a set, whose order differs between processes: the same reads, the same numbers
    numbers = ReadNumbers(ReadTable.of([("cards", "b.md"), ("entries", "a.md"), ("cards", "a.md")]))
    made_once = numbers.of([("cards", "a.md"), ("entries", "new.md"), ("cards", "b.md")])
    made_again = numbers.of([("entries", "new.md"), ("cards", "b.md"), ("cards", "a.md")])
    assert list(made_once) == list(made_again) == [0, 2, 3]


def test_the_readers_of_each_number_are_the_pages_reading_it_in_page_order():
    # page 0 reads 2 and 0; page 1 reads nothing; page 2 reads 0, 1 and 2; number 3 is read by none
    readers = readers_of(["a", "b", "c"], array("Q", [2, 2, 5]), array("I", [2, 0, 0, 1, 2]), 4)
    assert list(readers.ends) == [2, 3, 5, 5] and list(readers.pages) == [0, 2, 2, 0, 2]
    assert (readers.reading([0]), readers.reading([1]), readers.reading([3]), readers.reading([4])) == (
        {"a", "c"},
        {"c"},
        set(),
        set(),
    )


def test_the_pages_reading_a_change_are_found_from_the_base_s_readers_as_by_asking_each_page(tmp_path, monkeypatch):
    """A base keeps which pages read each read; pages changed by a journal since are asked
    themselves: a page that stopped reading something is no longer found by it, one that
    started is."""
    from briefing_archive.cache import journal

    monkeypatch.setattr(journal, "REBASE_AT", 1)  # a journal, however many pages changed
    table = ReadTable.of([("cards", str(n)) for n in range(6)])
    digests = {"cards": {str(n): "d" for n in range(6)}}
    pages = {f"p{n}.html": array("I", [n, (n + 1) % 6]) for n in range(6)} | {"none.html": array("I")}
    path = tmp_path / "reads.pickle"
    write_page_reads(path, PageReads("code:1", digests, table, pages, token="t1"))
    base = read_page_reads(path, "code", "t1")
    assert base.readers is not None and not base.stale
    edited = {"cards": digests["cards"] | {"2": "e"}}
    assert base.unchanged_pages("code:1", base.digest_changes(edited)) == pages.keys() - {"p1.html", "p2.html"}

    numbers = base.numbered()
    then = dict(base.pages) | {"p1.html": numbers.of([("cards", "5")]), "p5.html": numbers.of([("cards", "2")])}
    del then["p0.html"]
    write_page_reads(path, PageReads("code:1", digests, numbers.table, then, token="t2"), base)
    assert journal.journal_file(path).exists()
    journaled = read_page_reads(path, "code", "t2")
    assert journaled.stale == {"p0.html", "p1.html", "p5.html"}
    unchanged = journaled.unchanged_pages("code:1", journaled.digest_changes(edited))
    asked_each = PageReads("code:1", digests, journaled.table, journaled.pages)
    assert unchanged == asked_each.unchanged_pages("code:1", asked_each.digest_changes(edited))
    assert unchanged == then.keys() - {"p2.html", "p5.html"}


def test_the_unchanged_pages_among_some_are_those_of_all_the_unchanged_pages_that_are_among_them(tmp_path, monkeypatch):
    """A rebuild asks which of the pages it plans are unchanged (``kept_pages``): the same as
    all the unchanged pages cut to those, from a base, a journal over one (a page gone,
    some changed, one new since the base) or a plain dict of pages."""
    from briefing_archive.cache import journal

    monkeypatch.setattr(journal, "REBASE_AT", 1)
    table = ReadTable.of([("cards", str(n)) for n in range(6)])
    digests = {"cards": {str(n): "d" for n in range(6)}}
    pages = {f"p{n}.html": array("I", [n]) for n in range(6)}
    path = tmp_path / "reads.pickle"
    write_page_reads(path, PageReads("code:1", digests, table, pages, token="t1"))
    base = read_page_reads(path, "code", "t1")
    numbers = base.numbered()
    then = dict(base.pages) | {"p1.html": numbers.of([("cards", "4")]), "new.html": numbers.of([("cards", "0")])}
    del then["p0.html"]
    write_page_reads(path, PageReads("code:1", digests, numbers.table, then, token="t2"), base)
    journaled = read_page_reads(path, "code", "t2")
    plain = PageReads("code:1", digests, journaled.table, dict(then))
    edited = {"cards": digests["cards"] | {"3": "e"}}
    planned = frozenset({"p0.html", "p1.html", "p3.html", "p5.html", "new.html", "elsewhere.html"})
    for reads in (base, journaled, plain):
        changed = reads.digest_changes(edited)
        every = reads.unchanged_pages("code:1", changed)
        assert reads.unchanged_pages("code:1", changed, among=planned) == every & planned
        assert reads.unchanged_pages("code:2", changed, among=planned) == set()  # another shared key
        assert reads.unchanged_pages("code:1", None, among=planned) == set()  # changes not known
    assert journaled.unchanged_pages("code:1", journaled.digest_changes(edited), among=planned) == {
        "p1.html",
        "p5.html",
        "new.html",
    }


def applied(digests: dict, changes: dict) -> dict:
    return {part: changes[part].apply(dict(keys)) if part in changes else keys for part, keys in digests.items()}


KEPT = {"cards": {"a": "1", "b": "1", "c": "1"}, "every": {0: "q", LENGTH: "1"}}


def test_the_digests_changed_since_the_last_build_are_found_from_both_builds_changes_to_one_kept_state():
    from briefing_archive.cache.digest_changes import between_builds, compared, since
    from briefing_archive.cache.journal import Changes

    last = {"cards": Changes({"a": "2", "d": "1"}, frozenset({"c"}))}  # the last build's, since the state
    now = {**KEPT, "cards": {"a": "1", "b": "3", "c": "1"}}  # "a" back as kept, "b" new, "c" back, "d" gone
    found = between_builds(KEPT, last, since(KEPT, now), now)
    assert found == {part: changes for part, changes in compared(applied(KEPT, last), now).items() if changes}
    assert found["cards"].changed == {"a": "1", "b": "3", "c": "1"} and found["cards"].removed == {"d"}
    assert since(KEPT, now).keys() == {"cards"}  # the part it shares with the state is not looked at


def test_a_parts_digest_changes_are_those_an_entry_by_entry_comparison_finds():
    from briefing_archive.cache.digest_changes import digest_changes
    from briefing_archive.cache.journal import changes

    before = {"a": "1", "b": "1", ("list", 0): "1", WHOLE: "w"}
    patched = before | {"b": "2", WHOLE: "v"}  # the same keys in the same order: compared side by side
    reordered = {WHOLE: "w", ("list", 0): "1", "b": "2", "a": "1"}
    for now in ({**before, "b": "2", "c": "1", WHOLE: "v"}, {"a": "1"}, dict(before), {}, patched, reordered):
        assert digest_changes(before, now) == changes(before, now)
    assert digest_changes(before, patched).changed == {"b": "2", WHOLE: "v"}


def test_reads_kept_as_a_state_s_changes_are_compared_through_that_state_or_its_digests_kept_beside(
    tmp_path, monkeypatch
):
    """Another build (of another folder: ``mkdocs serve``'s) may have kept a newer state
    since: the reads' own state's digests are read from beside them, never lost."""
    from briefing_archive.cache import journal
    from briefing_archive.cache.digest_changes import KeptDigests, since
    from briefing_archive.cache.journal import Changes

    table = ReadTable.of([("cards", "a"), ("cards", "b"), ("every", LENGTH)])
    pages = {"a.html": array("I", [0]), "b.html": array("I", [1]), "all.html": array("I", [2])}
    last = {"cards": Changes({"b": "2"})}
    written = PageReads("code:1", {}, table, pages, token="t1", digests_from=b"state", since_kept=last)
    path, state = tmp_path / "reads.pickle", KeptDigests(b"state", KEPT)
    write_page_reads(path, written, kept=state)
    reads = read_page_reads(path, "code", "t1")
    assert reads == written and reads.digests_from == b"state" and reads.since_kept == last
    now = {**KEPT, "cards": {"a": "5", "b": "2", "c": "1"}}
    changed = reads.digest_changes(now, state, since(KEPT, now))
    assert reads.unchanged_pages("code:1", changed) == {"b.html", "all.html"}
    newer = {**now, "every": dict(now["every"])}  # the digests of a newer state, not those objects
    from_beside = reads.digest_changes(now, KeptDigests(b"newer", newer), since(newer, now))
    assert {part: changes for part, changes in from_beside.items() if changes} == changed
    kept_digests_file(path).unlink()
    assert read_page_reads(path, "code", "t1").digest_changes(now, KeptDigests(b"newer", newer), {}) is None
    assert reads.unchanged_pages("code:1", None) == set()  # not known: every page made again

    monkeypatch.setattr(journal, "REBASE_AT", 1)
    newer_state = KeptDigests(b"newer", newer)
    then = PageReads("code:1", now, table, pages, token="t2", digests_from=b"newer", since_kept=since(newer, now))
    write_page_reads(path, then, read_page_reads(path, "code", "t1"), kept=newer_state)
    assert not journal.journal_file(path).exists()  # another state's changes: a new base, its digests beside
    assert read_kept_digests(path, b"newer") == newer and read_kept_digests(path, b"state") is None
    write_page_reads(path, dataclasses.replace(then, token="t3"), read_page_reads(path, "code", "t2"), kept=newer_state)
    assert journal.journal_file(path).exists()  # the same state's: a journal
    again = read_page_reads(path, "code", "t3")
    assert (again.digests, again.digests_from, again.since_kept) == ({}, b"newer", since(newer, now))


def test_pages_numbers_are_cut_from_their_base_when_asked_for_and_changed_over_it():
    from briefing_archive.cache.journal import changes
    from briefing_archive.cache.read_table import PageNumbers

    base = PageNumbers(["a", "b", "c"], array("Q", [2, 2, 5]), array("I", [0, 1, 2, 3, 4]))
    assert dict(base) == {"a": array("I", [0, 1]), "b": array("I"), "c": array("I", [2, 3, 4])}
    journaled = base.with_changes({"b": array("I", [9]), "new": array("I", [7])}, ["c"])
    assert list(journaled) == ["a", "b", "new"] and journaled["b"] == array("I", [9]) and "c" not in journaled
    assert len(journaled) == 3 and dict(base)["c"] == array("I", [2, 3, 4])  # the base as it was
    assert journaled.key_set() == set(journaled) and base.key_set() == {"a", "b", "c"}
    next_build = journaled.kept_and_made(["a", "new"], {"c": array("I", [8])})
    assert dict(next_build) == {"a": array("I", [0, 1]), "new": array("I", [7]), "c": array("I", [8])}
    assert next_build.changes_from(journaled) == changes(dict(journaled), dict(next_build))
    assert journaled.changes_from(next_build) == changes(dict(next_build), dict(journaled))
    other = PageNumbers(["a"], array("Q", [1]), array("I", [0]))
    assert other.changes_from(base) is None  # of another base: compared whole


def test_a_new_base_of_reads_of_the_same_state_leaves_its_digests_beside_as_they_are(tmp_path):
    from briefing_archive.cache.digest_changes import KeptDigests

    table = ReadTable.of([("cards", "a")])
    path, state = tmp_path / "reads.pickle", KeptDigests(b"state", KEPT)
    first = PageReads("code:1", {}, table, {"a.html": array("I", [0])}, token="t1", digests_from=b"state")
    write_page_reads(path, first, kept=state)
    written = kept_digests_file(path).stat().st_mtime_ns, kept_digests_file(path).stat().st_ino
    second = dataclasses.replace(first, token="t2", pages={"a.html": array("I", [0]), "b.html": array("I", [0])})
    write_page_reads(path, second, read_page_reads(path, "code", "t1"), kept=state)  # a new base: no journal yet
    assert (kept_digests_file(path).stat().st_mtime_ns, kept_digests_file(path).stat().st_ino) == written
    assert read_page_reads(path, "code", "t2").load_kept() == KEPT


def test_the_list_of_every_quote_reads_through_the_briefings_quotes_until_much_of_it_is_read():
    quotes = {"b/a.md": [f"q{n}" for n in range(10)], "b/b.md": [f"q{n}" for n in range(10, 20)]}
    every = EveryQuote.of(quotes, list(quotes), map(len, quotes.values()))
    assert every[3] == "q3" and every[-1] == "q19" and every.made is None  # 2 reads of 20: an edit's pages
    assert every[12] == "q12" and every.made == [f"q{n}" for n in range(20)]  # past an eighth: made whole
    again = every.over(quotes)
    assert again.made is None and list(again) == every.made and again.made == every.made  # walked whole: made
