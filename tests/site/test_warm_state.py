"""A rebuild updates the last build's archive and views instead of loading the archive
whole: only when that gives what a whole load gives, and never hides a problem."""

from __future__ import annotations

import dataclasses
import io
import pickle
import shutil
from pathlib import Path

import pytest

from briefing_archive.archive import Archive
from briefing_archive.cache.build_cache import still_read
from briefing_archive.cache.digest_changes import since
from briefing_archive.cache.digest_columns import DigestPart, digest_columns
from briefing_archive.digest_update import patch_base, patched_digests
from briefing_archive.facts import BriefingFacts, QuoteFact
from briefing_archive.index_update import patched_lists, patched_views
from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from briefing_archive.planning import plan_site, views_for
from briefing_archive.quote_pages import quote_lists
from briefing_archive.site_digests import site_digests
from tests.site.inline_site import JAPAN, KONO, REGISTRY, TEMPLATES, briefing, said
from tests.support.archive import VALID_BRIEFING, make_archive

SOURCE = "content/articles/source.txt"
QUOTE = "legal position does not accept the missile drills"  # in the briefing's quote and its source


def build(root: Path, out: Path) -> tuple[int, str]:
    log = io.StringIO()
    status = build_site(root, out, templates_dir=PROJECT_TEMPLATES, log=log)
    return status, log.getvalue()


def views_of(*briefings):
    return views_for(Archive(".", tuple(briefings), REGISTRY, (), len(briefings)))


FIRST = briefing("2019-05-30-first", "2019-05-30", quotes=(said("Taro Kono", "We stay calm.", "Sergei Lavrov"),))
SECOND = briefing("2019-06-01-second", "2019-06-01", issues=("Kuril Islands", "Aegis Ashore"))


def test_an_edit_of_a_briefings_own_text_patches_the_views_into_those_made_anew():
    for edited in (
        dataclasses.replace(FIRST, title="Retitled"),
        dataclasses.replace(FIRST, summary="A new summary.", body="Another body."),
        dataclasses.replace(FIRST, quotes=(said("Taro Kono", "We stay calm, again.", "Sergei Lavrov"),)),
        FIRST,
    ):
        patched = patched_views(views_of(FIRST, SECOND), REGISTRY, {FIRST.path: (FIRST, edited)}, False)
        assert patched == views_of(edited, SECOND)


def test_the_quote_lists_hold_the_patched_views_quotes():
    retitled = dataclasses.replace(FIRST, title="Retitled")
    before = views_of(FIRST, SECOND)
    after = patched_views(before, REGISTRY, {FIRST.path: (FIRST, retitled)}, False)
    lists = patched_lists(quote_lists(before), before, after)
    assert lists == quote_lists(views_of(retitled, SECOND))
    assert lists.every[0]["briefing"]["title"] == "Retitled" and lists.every[0] is after.quotes[FIRST.path][0]


def test_the_facts_tuples_come_back_from_a_pickle_as_themselves_sharing_what_they_shared():
    views = views_of(FIRST, SECOND)
    facts = views.index.facts[FIRST.path]
    (quote,), again = pickle.loads(pickle.dumps((views.quotes[FIRST.path], facts), protocol=5))
    assert type(again) is BriefingFacts and again == facts
    assert type(again.quotes[0]) is QuoteFact and again.quotes[0].text == "We stay calm."
    assert quote["text"] is again.quotes[0].text  # one string, as before


def digests_of(views, lists, keys):
    archive = Archive(".", tuple(views.index.briefings), REGISTRY, (), 0, content_keys=keys)
    return site_digests(plan_site(archive, TEMPLATES, views, lists), keys)


def as_dicts(digests: dict) -> dict:
    return digests


@pytest.mark.parametrize("kept_as", [as_dicts, digest_columns])
@pytest.mark.parametrize(
    "change", [{"title": "Retitled"}, {"quotes": (said("Taro Kono", "Calm, again.", "Sergei Lavrov"),)}]
)
def test_the_digests_of_what_an_edit_changed_are_made_again_and_equal_those_made_anew(change, kept_as):
    """Made from the digests as a build makes them (dicts) or as a kept state holds them (columns)."""
    many = [briefing(f"2019-05-{day:02d}-more", f"2019-05-{day:02d}", quotes=FIRST.quotes) for day in range(1, 29)]
    edited = dataclasses.replace(many[3], **change)
    keys = {b.path: f"{number:040x}" for number, b in enumerate([*many, SECOND])}  # hexadecimal, as content keys are
    before = views_of(*many, SECOND)
    after = patched_views(before, REGISTRY, {edited.path: (many[3], edited)}, False)
    lists = patched_lists(quote_lists(before), before, after)
    new_keys = keys | {edited.path: "ab" * 20}
    kept = kept_as(digests_of(before, quote_lists(before), keys))
    patched = patched_digests(kept, after, lists, new_keys, [edited.path])
    fresh = views_of(*many[:3], edited, *many[4:], SECOND)
    assert after == fresh and lists == quote_lists(fresh)
    assert patched == digests_of(fresh, quote_lists(fresh), new_keys)
    assert patched != digests_of(before, quote_lists(before), keys)
    if kept_as is digest_columns:  # brought up to date over the columns, not copied
        assert all(type(part) is DigestPart and part.text is kept[name].text for name, part in patched.items())


@pytest.mark.parametrize("kept_as", [as_dicts, digest_columns])
def test_the_last_builds_digests_brought_up_to_date_for_what_changed_since_equal_those_made_anew(kept_as):
    """A build patches the last build's digests (the kept state's with the changes its page
    reads keep) for the briefings changed since that build alone: one edited again, one put
    back as it was kept, one edited for the first time; one edited by the last build and
    left as it was is not patched again."""
    many = [briefing(f"2019-05-{day:02d}-more", f"2019-05-{day:02d}", quotes=FIRST.quotes) for day in range(1, 29)]
    keys = {b.path: f"key of {b.path}" for b in many}

    def with_titles(titles: dict[int, str]):
        briefings = [dataclasses.replace(b, title=titles[at]) if at in titles else b for at, b in enumerate(many)]
        views = views_of(*briefings)
        now = keys | {many[at].path: f"key of {title}" for at, title in titles.items()}
        return views, quote_lists(views), now, digests_of(views, quote_lists(views), now)

    kept = kept_as(with_titles({})[3])
    last = with_titles({3: "Third, edited", 5: "Fifth, edited", 7: "Seventh, edited"})[3]
    views, lists, now, anew = with_titles({3: "Third, edited again", 7: "Seventh, edited", 9: "Ninth, edited"})
    edited = [many[at].path for at in (3, 7, 9)]  # the fifth is as the state has it again
    base, paths = patch_base(kept, since(kept, last), now, edited)
    assert paths == sorted(many[at].path for at in (3, 5, 9))
    assert patched_digests(base, views, lists, now, paths) == anew


def test_a_drafts_edit_leaves_the_published_views_as_they_are():
    draft = dataclasses.replace(FIRST, path="briefings/draft.md", status="draft")
    retitled = dataclasses.replace(draft, title="Retitled")
    views = views_of(draft, SECOND)
    assert patched_views(views, REGISTRY, {draft.path: (draft, retitled)}, False) is views


def test_an_edit_of_what_briefings_are_tallied_by_makes_the_views_anew():
    for edited in (
        dataclasses.replace(FIRST, issues=("Aegis Ashore",)),
        dataclasses.replace(FIRST, date=SECOND.date),
        dataclasses.replace(FIRST, quotes=(said("Sergei Lavrov", "We stay calm.", "Taro Kono"),)),
        dataclasses.replace(FIRST, quotes=(*FIRST.quotes, said("Taro Kono", "And more."))),
        dataclasses.replace(FIRST, actors=(dataclasses.replace(KONO, role="Prime Minister"), JAPAN)),
        dataclasses.replace(FIRST, status="draft"),
    ):
        assert patched_views(views_of(FIRST, SECOND), REGISTRY, {FIRST.path: (FIRST, edited)}, False) is None
    assert patched_views(views_of(FIRST), REGISTRY, {SECOND.path: (None, SECOND)}, False) is None


def test_a_file_changed_while_a_build_read_it_is_left_out_of_the_state():
    prints = {"briefings/a.md": (1, 10, 1, 7, "hash a"), "briefings/b.md": (1, 10, 1, 8, "hash b")}
    prints["briefings/gone.md"] = (1, 10, 1, 9, "hash gone")  # removed since: no stamp
    stamps_now = {"briefings/a.md": (1, 10, 1, 7), "briefings/b.md": (2, 10, 2, 8)}
    assert still_read(prints, stamps_now) == {"briefings/a.md": prints["briefings/a.md"]}


def small_archive(tmp_path: Path) -> Path:
    root = make_archive(tmp_path / "archive")
    (root / "briefings").mkdir(exist_ok=True)
    (root / "briefings" / "2019-05-30-buildup.md").write_text(VALID_BRIEFING, encoding="utf-8")
    assert QUOTE in VALID_BRIEFING and QUOTE in (root / "content/articles/source.txt").read_text(encoding="utf-8")
    return root


def test_a_source_articles_edit_checks_its_briefings_quotes_again(tmp_path):
    root = small_archive(tmp_path)
    assert build(root, root / "site")[0] == 0
    article = root / "content/articles/source.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace(QUOTE, "position is something else entirely"), encoding="utf-8")
    status, log = build(root, root / "site")
    assert status == 1 and "briefings/2019-05-30-buildup.md:" in log and "quotes" in log, log
    article.write_text(text, encoding="utf-8")
    assert build(root, root / "site")[0] == 0


def test_a_build_keeps_what_each_briefing_claims_as_its_load_checked_it(tmp_path):
    """Not made again from the briefings at the build's end: packed by then, each would unpickle
    its fields (~0.9 s of a cold build at 30,000), and without its line map."""
    from briefing_archive.cache.build_cache import BuildCache

    root = small_archive(tmp_path)
    assert build(root, root / "site")[0] == 0
    state = BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm.read()
    source_line = 1 + VALID_BRIEFING.splitlines().index(f"  file: {SOURCE}")
    path = "briefings/2019-05-30-buildup.md"
    assert state is not None and state.claims == {path: (path, "2019-05-30-buildup", SOURCE, source_line)}


def test_a_kept_state_tells_the_next_build_each_briefings_url(synthetic_archive, monkeypatch):
    """Made again for all 30,000 briefings, the URLs took ~40 ms of every edit's build."""
    from briefing_archive import page_views
    from briefing_archive.cache.build_cache import BuildCache

    root = synthetic_archive(12)
    assert build(root, root / "site")[0] == 0
    monkeypatch.setattr(page_views, "_URLS", {})  # a new process's
    with BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm_state() as state:
        assert state is not None
        paths = [briefing.path for briefing in state.archive.briefings]
    assert len(paths) == 12 and page_views._URLS == {path: page_views.url_of_path(path) for path in paths}


def test_a_kept_state_reads_back_each_briefings_path_as_one_string_it_and_its_hash_share(synthetic_archive):
    """Pickled once, not once for the hashes and once for the briefing: 31,000 strings fewer
    to make and hold at 30,000 briefings."""
    from briefing_archive.cache.build_cache import BuildCache

    root = synthetic_archive(12)
    assert build(root, root / "site")[0] == 0
    with BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm_state() as state:
        assert state is not None
        hashed = {path: path for path in state.hashes}
        assert all(hashed[briefing.path] is briefing.path for briefing in state.archive.briefings)


def test_a_kept_state_holds_its_briefings_paths_in_order_each_the_briefings_own_string(synthetic_archive):
    """What an edit's build walks the briefings' paths for (their URLs, the briefings by path)
    it reads from one tuple, not from each briefing's object; a state without it is a miss."""
    from briefing_archive.cache.build_cache import BuildCache
    from briefing_archive.cache.state_head import briefing_paths

    root = synthetic_archive(12)
    assert build(root, root / "site")[0] == 0
    with BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm_state() as state:
        assert state is not None and len(state.paths) == 12
        assert all(path is briefing.path for path, briefing in zip(state.paths, state.archive.briefings, strict=True))
    head = {"archive": state.archive, "paths": state.paths}
    assert briefing_paths(head) is state.paths
    assert briefing_paths({**head, "paths": state.paths[1:]}) is None  # not one for each briefing
    assert briefing_paths({"archive": state.archive}) is None  # an older state's head


def test_an_edit_that_breaks_a_briefing_is_reported_as_a_whole_load_reports_it(tmp_path):
    root = small_archive(tmp_path)
    assert build(root, root / "site")[0] == 0
    path = root / "briefings" / "2019-05-30-buildup.md"
    path.write_text(VALID_BRIEFING.replace("date: 2019-05-30", "date: 2019-13-45"), encoding="utf-8")
    status, log = build(root, root / "site")
    assert status == 1 and "briefings/2019-05-30-buildup.md:3: date:" in log, log
    path.write_text(VALID_BRIEFING, encoding="utf-8")
    copy = path.with_name("2019-05-31-copy.md")
    copy.write_text(VALID_BRIEFING, encoding="utf-8")  # the same source as the first: an error across files
    status, log = build(root, root / "site")
    assert status == 1 and "is already the source of" in log, log


def test_each_quote_of_the_list_of_every_quote_is_placed_in_its_briefing_and_found_in_the_lists():
    from array import array

    from briefing_archive.digest_update import positions_of

    two = (said("Taro Kono", "One.", "Sergei Lavrov"), said("Taro Kono", "Two.", "Sergei Lavrov"))
    none = briefing("2019-05-31-none", "2019-05-31")
    twice = briefing("2019-05-29-twice", "2019-05-29", quotes=two)
    views = views_of(FIRST, none, twice, SECOND)  # newest first: SECOND, none (no quotes), FIRST, twice
    every = quote_lists(views).every
    assert [every.place(at) for at in range(len(every))] == [(FIRST.path, 0), (twice.path, 0), (twice.path, 1)]
    assert [every[at] for at in sorted(every.positions_of([twice.path]))] == views.quotes[twice.path]
    assert every.positions_of([none.path]) == set()
    assert list(every) == [quote for path in views.quotes for quote in views.quotes[path]]
    lazily = every.over(views.quotes)  # as a build that kept the views reads it: through the views' quotes
    assert every.made is not None and lazily.made is None
    assert lazily == every and lazily[1:] == every[1:] and lazily[-1] is every[-1] and len(lazily) == 3
    assert sorted(positions_of(array("I", [5, 2, 7, 2]), {2, 9})) == [1, 3] and positions_of(range(4), {2, 9}) == [2]
    assert positions_of(array("I", [256, 0]), {1}) == []  # its bytes 00 01 00 00 00 ...: 1's, but across two items


def test_a_build_that_makes_most_pages_lets_go_of_the_kept_values_it_read_for_them(tmp_path):
    from briefing_archive.cache.packed_values import PackedValues

    root, kept = small_archive(tmp_path), []

    def keep(archive, views, templates) -> None:
        kept.append(views)

    shutil.copytree(PROJECT_TEMPLATES, root / "templates")
    for edit in ("", "{# every page made again #}"):
        (root / "templates" / "base.html").write_text(
            (PROJECT_TEMPLATES / "base.html").read_text(encoding="utf-8") + edit, encoding="utf-8"
        )
        assert build_site(root, root / "site", include_drafts=True, log=io.StringIO(), keep=keep) == 0  # as served
    made_anew, from_state = kept
    values = (from_state.index.facts, from_state.cards, from_state.filters)
    assert all(isinstance(mapping, PackedValues) and len(mapping) == 1 and not mapping.read for mapping in values)
    assert values == (made_anew.index.facts, made_anew.cards, made_anew.filters)  # read again when asked


def test_an_edits_build_lets_go_of_the_kept_states_archive_part_with_its_cache_a_full_one_at_once(synthetic_archive):
    """Freeing the state's first part one object at a time is left to the end of a
    ``build.py`` process, which never does it; a build that makes most pages frees it before."""
    from briefing_archive.cache.build_cache import BuildCache
    from briefing_archive.cache.warm_state import OpenedState

    root, held = synthetic_archive(40), []
    shutil.copytree(PROJECT_TEMPLATES, root / "templates")
    assert build_site(root, root / "site", log=io.StringIO()) == 0  # keeps a state
    edited = sorted((root / "briefings").glob("*.md"))[7]
    base = root / "templates" / "base.html"
    for change in (
        lambda: edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: New ", 1)),
        lambda: base.write_text(base.read_text(encoding="utf-8") + "{# every page made again #}"),
    ):
        change()
        assert build_site(root, root / "site", log=io.StringIO(), hold=held.append) == 0
    edit_cache, template_cache = [c for _, _, used in held for c in used if isinstance(c, BuildCache)]
    assert any(isinstance(thing, OpenedState) for thing in edit_cache.set_aside)
    assert template_cache.set_aside == []


def test_a_one_edit_build_unpacks_no_kept_briefing_it_does_not_show(tmp_path, monkeypatch):
    """A kept briefing's fields but its path, date, status and corrections are read from the
    packed file when first used: a build that asked each for one more (its source, say) would
    read 30,000 pickles at 30,000 briefings."""
    from briefing_archive.cache.kept_briefings import KeptBriefing
    from tests.support.synthetic_archive import make_archive as make_synthetic

    root = make_synthetic(60, tmp_path / "archive", seed=5)
    assert build_site(root, root / "site", log=io.StringIO()) == 0
    path = sorted((root / "briefings").glob("*.md"))[20]
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(title, f"{title} (revised)", 1), encoding="utf-8")
    unpacked, unpack = set(), KeptBriefing.unpack
    monkeypatch.setattr(KeptBriefing, "unpack", lambda briefing: unpacked.add(briefing.path) or unpack(briefing))
    log = io.StringIO()
    assert build_site(root, root / "site", log=log) == 0 and "loading 1 " in log.getvalue(), log.getvalue()
    assert 0 < len(unpacked) < 30, sorted(unpacked)  # those the pages made again show, not all 60


def test_a_cold_build_sends_the_search_shards_before_it_makes_the_views(tmp_path, monkeypatch):
    """Pagefind indexes while a cold build makes the views: the briefings it is sent hold no
    fields but those every build reads (the views are made of others, holding them all), and
    are the very objects the kept state keeps, not a second copy of each."""
    from briefing_archive import warm_load
    from briefing_archive.cache.build_cache import BuildCache
    from briefing_archive.progress import Progress
    from tests.support.synthetic_archive import make_archive as make_synthetic

    root, events, asked = make_synthetic(12, tmp_path / "archive", seed=3), [], []
    views_for = warm_load.views_for
    monkeypatch.setattr(warm_load, "views_for", lambda *args: events.append("views") or views_for(*args))
    cache = BuildCache(root, root / "site", PROJECT_TEMPLATES, False)
    archive, made, keep_state = warm_load.load_prepared(
        root,
        cache,
        False,
        Progress(None),
        lambda archive, order: events.append("asked") or asked.append((archive, order)),
    )
    ((sent, order),) = asked
    assert events == ["asked", "views"] and order is None  # no kept state: the shards are cut anew
    assert made is not None and keep_state and len(sent.briefings) == 12
    assert not any(briefing.is_unpacked() for briefing in sent.briefings)
    assert all(a is b for a, b in zip(sent.briefings, archive.briefings, strict=True))
    by_path = {briefing.path: briefing for briefing in sent.briefings}
    assert made.views.index.briefings and all(b is by_path[b.path] for b in made.views.index.briefings)


def test_a_kept_state_gives_the_next_build_its_registrys_digest_as_made_anew(synthetic_archive, monkeypatch):
    """Digesting the registry took ~6 ms of every edit's build at 30,000 briefings."""
    from briefing_archive import site_digests
    from briefing_archive.cache.build_cache import BuildCache

    root = synthetic_archive(12)
    assert build(root, root / "site")[0] == 0
    monkeypatch.setattr(site_digests, "_REGISTRY", [])  # a new process's
    with BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm_state() as state:
        assert state is not None
        registry = state.archive.registry
        made_anew = site_digests.data_digest(registry)
        monkeypatch.setattr(site_digests, "data_digest", lambda value: pytest.fail("digested again"))
        assert site_digests.registry_digest(registry) == made_anew
    with pytest.raises(pytest.fail.Exception):
        site_digests.registry_digest(dataclasses.replace(registry))  # another registry: digested


def test_a_changed_file_named_as_a_briefings_source_loads_the_archive_whole():
    from types import SimpleNamespace

    from briefing_archive.warm_load import names_a_source

    def briefing(source):
        return SimpleNamespace(source=SimpleNamespace(file=source))

    claims = {"b/1.md": ("b/1.md", "one", "a.txt", 3), "b/2.md": ("b/2.md", "two", None, 0)}
    briefings = {"b/1.md": briefing("a.txt"), "b/2.md": briefing(None), "b/3.md": briefing("c.txt")}
    assert names_a_source({"a.txt"}, claims, briefings)
    assert names_a_source({"c.txt"}, claims, briefings)  # b/3.md has no claims kept: asked itself
    assert not names_a_source({"b/2.md", "d.txt"}, claims, briefings)
    assert not names_a_source(set(), claims, briefings)
