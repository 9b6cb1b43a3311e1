"""A manifest's pages are kept in columns (briefing_archive/cache/site_pages.py): read back,
they are the entries written, with a journal's changes over them."""

from __future__ import annotations

import pickle
import random

from briefing_archive import storage
from briefing_archive.cache.journal import write_base
from briefing_archive.cache.manifest import read_manifest, write_manifest
from briefing_archive.cache.page_columns import merged_columns, page_columns
from briefing_archive.cache.site_pages import SitePages, identities_in, part_of

ENTRIES = {
    "quotes/index.html": ("k1", 12345),
    "pagefind/shards/ab/index/1.pf_index": ("k2", 2**180 + 7),  # an inode, a size and an mtime in one int
    "index.html": ("k3", None),  # a file whose identity could not be read
    "pagefind/pagefind.js": ("k4", -(2**130)),  # an mtime before 1970
    "actors/x/index.html": ("a longer key", 0),
    "pagefind-ui.css": ("k6", 6),  # after "pagefind/" were it not for the slash
}


def read_back(entries: dict) -> SitePages:
    return SitePages.read_back(pickle.loads(pickle.dumps(page_columns(entries.items()))))


def test_the_pages_read_back_are_the_entries_written_in_any_order():
    pages = read_back(ENTRIES)
    assert pages == ENTRIES and dict(pages.items()) == ENTRIES and len(pages) == len(ENTRIES)
    assert list(pages) == sorted(ENTRIES)  # kept sorted: an output is found by bisection
    assert pages["index.html"] == ("k3", None) and pages.get("missing.html") is None
    assert "pagefind/pagefind.js" in pages and "pagefind" not in pages and 3 not in pages
    assert dict(pages.identities()) == {output: identity for output, (_, identity) in ENTRIES.items()}
    assert read_back({}) == {} and not read_back({})


def test_a_journal_s_changes_lie_over_the_columns():
    pages = read_back(ENTRIES)
    changed = pages.with_changes({"index.html": ("new", 1), "added.html": ("k", 2)}, ["quotes/index.html"])
    expected = {**ENTRIES, "index.html": ("new", 1), "added.html": ("k", 2)}
    del expected["quotes/index.html"]
    assert changed == expected and len(changed) == len(expected) and sorted(changed) == sorted(expected)
    assert dict(changed.items()) == expected and "quotes/index.html" not in changed
    assert sorted(changed.identities()) == sorted((output, identity) for output, (_, identity) in expected.items())
    again = changed.with_changes({"quotes/index.html": ("back", 3)}, ["added.html", "index.html"])
    expected = {**expected, "quotes/index.html": ("back", 3)}
    del expected["added.html"], expected["index.html"]
    assert again == expected and len(again) == len(expected)
    assert pages == ENTRIES  # the columns are shared, never changed


def test_the_search_files_are_one_run_of_the_sorted_outputs():
    for pages in (ENTRIES, read_back(ENTRIES), read_back(ENTRIES).with_changes({"pagefind/new.js": ("n", 1)}, [])):
        search = {output: entry for output, entry in pages.items() if output.startswith("pagefind/")}
        rest = {output: entry for output, entry in pages.items() if not output.startswith("pagefind/")}
        assert part_of(pages, "pagefind/", True) == search and len(search) >= 2
        others = part_of(pages, "pagefind/", False)
        assert others == rest and len(others) == len(rest) and sorted(others) == sorted(rest)
        assert dict(identities_in(others)) == {output: identity for output, (_, identity) in rest.items()}
        assert "pagefind/pagefind.js" not in others and others.get("pagefind/pagefind.js") is None
        if isinstance(others, SitePages):  # the cut rows stay cut under later changes
            assert others.with_changes({"new.html": ("n", 9)}, ["index.html"]) == {
                **{output: entry for output, entry in rest.items() if output != "index.html"},
                "new.html": ("n", 9),
            }
            assert dict(others.among({"pagefind/pagefind.js", "quotes/index.html"})) == {
                "quotes/index.html": ENTRIES["quotes/index.html"]
            }


def test_the_entries_among_some_outputs_are_found_in_one_pass():
    pages = read_back(ENTRIES).with_changes({"added.html": ("k", 2)}, ["index.html"])
    asked = {"index.html", "added.html", "quotes/index.html", "not there"}
    assert dict(pages.among(asked)) == {"added.html": ("k", 2), "quotes/index.html": ENTRIES["quotes/index.html"]}


def test_a_manifest_whose_columns_differ_in_length_is_no_manifest(tmp_path):
    path = tmp_path / "manifest.pickle"
    write_manifest(path, ENTRIES, "inputs", "code", "t1")
    assert read_manifest(path)["pages"] == ENTRIES
    columns = page_columns(ENTRIES.items())
    for damaged in ({"sizes": columns["sizes"][:-1]}, {"keys": columns["keys"] + "x"}, {"key_ends": None}):
        write_manifest(path, ENTRIES, "inputs", "code", "t1")
        saved = storage.read_pickle(path)
        saved["pages"] |= damaged
        write_base(path, saved)
        assert read_manifest(path) == {}


def test_a_shard_folder_s_files_are_found_alike_in_a_manifest_s_columns_and_in_a_dict():
    from briefing_archive.cache.manifest import PreviousSite
    from briefing_archive.page_reuse import search_files

    shards = {f"pagefind/shards/{key}/{name}": ("k", 1) for key in ("ab", "cd") for name in ("index/1", "fragment/2")}
    entries = ENTRIES | shards | {"pagefind/shards.json": ("k", 2)}
    for pages in (entries, read_back(entries).with_changes({"pagefind/shards/ab/extra": ("k", 3)}, ["index.html"])):
        files_of, code = search_files(PreviousSite(None, pages))
        assert sorted(files_of("pagefind/shards/ab/")) == sorted(
            o for o in pages if o.startswith("pagefind/shards/ab/")
        )
        assert files_of("pagefind/shards/none/") == [] and len(files_of("pagefind/shards/cd/")) == 2
        assert code == {o: e for o, e in pages.items() if o.startswith("pagefind/") and "/shards/" not in o}


def test_a_new_whole_copy_made_from_the_old_columns_is_the_one_made_from_its_entries():
    from briefing_archive.cache.manifest import NewPages

    rng = random.Random(7)
    for _ in range(200):
        names = rng.sample([f"p{n:03}.html" for n in range(60)], rng.randrange(0, 40))
        identities = [None, 0, 5, 2**180 + 1, -(2**129)]
        base = {name: (f"k{rng.randrange(9)}" * rng.randrange(1, 3), rng.choice(identities)) for name in names}
        pages = read_back(base)
        if names and rng.random() < 0.5:  # a journal's changes over the columns
            changed = {
                name: ("changed", rng.choice(identities)) for name in rng.sample(names, rng.randrange(len(names)))
            }
            pages = pages.with_changes(changed | {"new.html": ("n", 1)}, rng.sample(names, rng.randrange(len(names))))
        outputs = list(pages)
        kept = frozenset(rng.sample(outputs, rng.randrange(len(outputs) + 1)))
        made = rng.sample([*outputs, "fresh.html", "z.html"], rng.randrange(len(outputs) + 3))
        fresh = {output: ("fresh", rng.choice(identities)) for output in made}
        expected = page_columns(NewPages(pages, kept, fresh).whole_items())
        assert merged_columns(pages, kept, fresh) == expected
