"""Each page's output file is named once in a process, by what its URL is made of, and
looked up after (page_outputs.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from briefing_archive import page_outputs
from briefing_archive.archive import load_archive
from briefing_archive.kinds import KINDS
from briefing_archive.page_outputs import known_outputs, outputs_known, outputs_of
from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from briefing_archive.planning import pages_among, pages_of, plan_site, planned_kinds, planned_pages, views_for
from briefing_archive.storage import read_templates


def slug_only(facts):
    return SimpleNamespace(ref=SimpleNamespace(slug=facts.ref.slug))


# Each key cut down to what its kind's ``url_key`` takes: its URL must be made of that alone.
CUT_DOWN = {
    "briefing": lambda briefing: SimpleNamespace(path=briefing.path),
    "issue": slug_only,
    "issue-feed": slug_only,
    "actor": slug_only,
    "redirect": lambda key: (key[0], key[1], None),
}


@dataclass
class CountedKind:
    """A kind whose outputs say how often they were named."""

    name: str
    url_key: object = None
    named: list = field(default_factory=list)

    def output(self, key) -> str:
        self.named.append(key)
        return f"{key}/index.html"


@pytest.fixture
def kind(monkeypatch):
    monkeypatch.setattr(page_outputs, "_KNOWN", {})  # a new process's
    return CountedKind("counted")


def test_every_kinds_url_is_made_of_its_url_key_alone(synthetic_archive):
    """A page is remembered by its url_key: a URL that read more of its key would be
    looked up stale once that other part changed."""
    archive = load_archive(synthetic_archive(40))
    site = plan_site(archive, read_templates(PROJECT_TEMPLATES), views_for(archive))
    assert {kind.name for kind in KINDS if kind.url_key is not None} == CUT_DOWN.keys()
    for kind in KINDS:
        keys = list(kind.keys(site))
        assert keys, f"the archive has no {kind.name} page to try"
        if kind.url_key is not None:
            cut_down = [CUT_DOWN[kind.name](key) for key in keys]
            assert list(map(kind.url, cut_down)) == list(map(kind.url, keys))
            assert list(map(kind.url_key, cut_down)) == list(map(kind.url_key, keys))


def test_a_planning_names_only_the_pages_new_since_the_last_one_and_remembers_its_own_alone(kind):
    assert outputs_of(kind, ["a", "b"]) == ["a/index.html", "b/index.html"] and kind.named == ["a", "b"]
    assert outputs_of(kind, ["b", "c", "b"]) == ["b/index.html", "c/index.html", "b/index.html"]
    assert kind.named == ["a", "b", "c"]
    assert known_outputs()["counted"] == {"b": "b/index.html", "c": "c/index.html"}


def test_pages_are_remembered_by_their_url_key(kind):
    kind.url_key = len
    assert outputs_of(kind, ["ab"]) == ["ab/index.html"]
    assert outputs_of(kind, ["cd", "efg"]) == ["ab/index.html", "efg/index.html"] and kind.named == ["ab", "efg"]


def test_the_names_a_kept_state_holds_are_looked_up_not_made(kind):
    outputs_known({"counted": {"a": "kept/a/index.html"}, "other": "not names"})
    assert outputs_of(kind, ["a", "b"]) == ["kept/a/index.html", "b/index.html"] and kind.named == ["b"]
    assert "other" not in known_outputs()


def test_the_same_pages_in_the_same_order_take_the_last_outputs_as_two_lists_compared(kind):
    """No dict of the names is made (nor unpickled with a kept state) while the pages are
    the same as last time, in the same order; it is once they differ."""
    import pickle

    outputs_of(kind, ["a", "b"])
    known = pickle.loads(pickle.dumps(known_outputs()["counted"]))
    assert (known.names, known.outputs, known.by_name) == (["a", "b"], ["a/index.html", "b/index.html"], None)
    outputs_known({"counted": known})
    assert outputs_of(kind, ["a", "b"]) == ["a/index.html", "b/index.html"] and kind.named == ["a", "b"]
    assert known.by_name is None
    assert outputs_of(kind, ["b", "a"]) == ["b/index.html", "a/index.html"] and kind.named == ["a", "b"]
    assert known.by_name == {"a": "a/index.html", "b": "b/index.html"}


def test_the_url_keys_a_site_holds_in_order_are_taken_not_made_of_each_key(kind):
    kind.url_key = lambda key: pytest.fail("the names were at hand")
    assert outputs_of(kind, [1, 2], names=["a", "b"]) == ["1/index.html", "2/index.html"]
    assert known_outputs()["counted"].names == ["a", "b"]
    kind.url_key = str
    # not one for each key: made of each
    assert outputs_of(kind, [1, 2, 3], names=["a", "b"]) == ["1/index.html", "2/index.html", "3/index.html"]


def test_an_indexs_briefing_paths_are_its_by_path_keys_when_as_many(synthetic_archive):
    from briefing_archive.page_outputs import index_paths

    index = views_for(load_archive(synthetic_archive(12))).index
    assert index_paths(index) == [briefing.path for briefing in index.briefings]
    assert (
        index_paths(SimpleNamespace(by_path=dict(list(index.by_path.items())[1:]), briefings=index.briefings)) is None
    )


def test_a_kept_state_brings_the_pages_names_to_the_next_build(synthetic_archive, monkeypatch):
    from briefing_archive.cache.build_cache import BuildCache

    root = synthetic_archive(12)
    assert build_site(root, root / "site", templates_dir=PROJECT_TEMPLATES) == 0
    named = known_outputs()
    monkeypatch.setattr(page_outputs, "_KNOWN", {})  # a new process's
    with BuildCache(root, root / "site", PROJECT_TEMPLATES, False).warm_state() as state:
        assert state is not None
    assert known_outputs() == named and len(named["briefing"]) == 12
    archive = load_archive(root)
    site = plan_site(archive, read_templates(PROJECT_TEMPLATES), views_for(archive))
    assert [page[0] for page in planned_pages(site)] == sorted(
        kind.output(key) for kind in KINDS for key in kind.keys(site)
    )


def test_the_pages_of_a_few_outputs_are_those_of_all_pages_but_the_others(synthetic_archive):
    archive = load_archive(synthetic_archive(40))
    kinds = planned_kinds(plan_site(archive, read_templates(PROJECT_TEMPLATES), views_for(archive)))
    every = [output for _, outputs, _ in kinds for output in outputs]
    for few in (set(), set(every[::17]), {every[0], every[-1], "not/a/page.html"}, set(every)):
        assert pages_of(kinds, few) == [page for page in pages_among(kinds) if page[0] in few]
    assert [output for output, _, _ in pages_of(kinds, set(every[::17]))] == sorted(set(every[::17]))
