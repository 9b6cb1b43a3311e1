"""The index on small inline archives: issues, actors, timeline, related, aliases."""

import datetime as dt

from briefing_archive.index import build_index
from briefing_archive.model import Actor, Briefing, Quote, RegistryEntry, Source
from briefing_archive.refs import Ref
from briefing_archive.registry import Registry
from briefing_archive.related import RELATED_LIMIT


def issue(name, *aliases):
    from briefing_archive.registry import slug_of

    return RegistryEntry(f"content/issues/{slug_of(name)}.md", "issue", name, slug_of(name), tuple(aliases))


def actor(name, kind, *aliases, country=None):
    from briefing_archive.registry import slug_of

    return RegistryEntry(
        f"content/actors/{slug_of(name)}.md",
        "actor",
        name,
        slug_of(name),
        tuple(aliases),
        actor_kind=kind,
        country=country,
    )


REGISTRY = Registry(
    issues=(issue("Kuril Islands", "Northern Territories", "Southern Kurils"), issue("Aegis Ashore")),
    actors=(
        actor("Japan", "country"),
        actor("Russia", "country"),
        actor("Taro Kono", "person", "Kono", country="Japan"),
        actor("Sergei Lavrov", "person", "Lavrov", country="Russia"),
    ),
)

KONO = Actor("Taro Kono", "person", "Foreign Minister", "Japan")
LAVROV = Actor("Sergei Lavrov", "person", "Foreign Minister", "Russia")
JAPAN, RUSSIA = Actor("Japan", "country"), Actor("Russia", "country")


def briefing(stem, date, issues=(), actors=(), quotes=(), status="published"):
    return Briefing(
        path=f"briefings/{stem}.md",
        title=stem.title(),
        date=dt.date.fromisoformat(date),
        status=status,
        source=Source("DW"),
        issues=tuple(issues),
        actors=tuple(actors),
        quotes=tuple(quotes),
    )


def test_issue_lists_its_briefings_newest_first_through_aliases():
    old = briefing("old", "2018-01-01", ["Kuril Islands"])
    new = briefing("new", "2019-01-01", ["Northern Territories"])  # an alias
    index = build_index([old, new], REGISTRY)
    assert index.issues["kuril-islands"].briefings == (new.path, old.path)
    assert index.facts[new.path].issues == (Ref("kuril-islands", "Kuril Islands"),)


def test_every_registry_entry_has_a_page_and_unknown_names_get_one_too():
    index = build_index([briefing("a", "2019-01-01", ["Arctic Shipping"], [Actor("Jane Doe", "person")])], REGISTRY)
    assert set(index.issues) == {"kuril-islands", "aegis-ashore", "arctic-shipping"}
    assert index.issues["aegis-ashore"].briefings == ()
    assert index.issues["arctic-shipping"].entry is None
    assert index.actors["jane-doe"].ref == Ref("jane-doe", "Jane Doe")


def test_actor_roles_over_time_quotes_and_counterparts():
    first = briefing(
        "first",
        "2017-03-01",
        ["Kuril Islands"],
        [Actor("Taro Kono", "person", "Defense Minister"), LAVROV],
        [Quote("Kono", "We object.", to="Lavrov")],
    )
    second = briefing(
        "second", "2018-06-01", ["Aegis Ashore"], [KONO, LAVROV], [Quote("Sergei Lavrov", "A threat.", to="Taro Kono")]
    )
    third = briefing("third", "2019-06-01", ["Aegis Ashore"], [KONO])
    index = build_index([first, second, third], REGISTRY)
    kono = index.actors["taro-kono"]
    assert [(r.role, r.first.isoformat(), r.last.isoformat(), r.briefings) for r in kono.roles] == [
        ("Defense Minister", "2017-03-01", "2017-03-01", 1),
        ("Foreign Minister", "2018-06-01", "2019-06-01", 2),
    ]
    assert [q.text for q in kono.quotes] == ["We object."]
    assert kono.counterparts == ((Ref("sergei-lavrov", "Sergei Lavrov"), 2),)
    assert kono.issues[0] == (Ref("aegis-ashore", "Aegis Ashore"), 2)
    assert kono.country == Ref("japan", "Japan")
    assert kono.briefings == (third.path, second.path, first.path)


def test_who_said_what_groups_quotes_by_the_speakers_country():
    b = briefing(
        "b",
        "2019-05-30",
        ["Kuril Islands"],
        [KONO, LAVROV, JAPAN, RUSSIA],
        [Quote("Taro Kono", "Ours."), Quote("Japan", "Unacceptable."), Quote("Sergei Lavrov", "Sovereign.")],
    )
    sides = build_index([b], REGISTRY).issues["kuril-islands"].sides
    assert [(side.name, [q.text for q in quotes]) for side, quotes in sides] == [
        ("Japan", ["Ours.", "Unacceptable."]),
        ("Russia", ["Sovereign."]),
    ]


def test_actors_most_involved_counts_briefings():
    a = briefing("a", "2019-01-01", ["Kuril Islands"], [KONO, JAPAN])
    b = briefing("b", "2019-02-01", ["Kuril Islands"], [JAPAN])
    top = build_index([a, b], REGISTRY).issues["kuril-islands"].top_actors
    assert top == ((Ref("japan", "Japan"), 2), (Ref("taro-kono", "Taro Kono"), 1))


def test_timeline_by_year_and_month_newest_first():
    bs = [
        briefing("a", "2018-12-31"),
        briefing("b", "2019-01-15"),
        briefing("c", "2019-01-02"),
        briefing("d", "2019-03-01"),
    ]
    timeline = build_index(bs, REGISTRY).timeline
    assert [(year, [(month, [p[10:-3] for p in paths]) for month, paths in months]) for year, months in timeline] == [
        (2019, [(3, ["d"]), (1, ["b", "c"])]),
        (2018, [(12, ["a"])]),
    ]


def test_related_most_shared_first_then_newest_then_path():
    me = briefing("me", "2019-01-01", ["Kuril Islands", "Aegis Ashore"], [KONO, LAVROV])
    three = briefing("three", "2015-01-01", ["Kuril Islands", "Aegis Ashore"], [KONO])
    one_old = briefing("one-old", "2016-01-01", ["Kuril Islands"])
    one_new = briefing("one-new", "2017-01-01", [], [LAVROV])
    unrelated = briefing("unrelated", "2019-01-02", [], [JAPAN])
    index = build_index([me, three, one_old, one_new, unrelated], REGISTRY)
    assert index.facts[me.path].related == (three.path, one_new.path, one_old.path)
    assert index.facts[unrelated.path].related == ()


def test_related_is_capped():
    bs = [briefing(f"b{n:02d}", f"2019-01-{n:02d}", ["Kuril Islands"]) for n in range(1, 20)]
    index = build_index(bs, REGISTRY)
    assert all(len(f.related) == RELATED_LIMIT for f in index.facts.values())


def test_alias_slugs_point_to_canonical_slugs():
    aliases = build_index([], REGISTRY).aliases
    assert aliases["issue"] == {"northern-territories": "kuril-islands", "southern-kurils": "kuril-islands"}
    assert aliases["actor"]["lavrov"] == "sergei-lavrov"


def test_the_same_actor_listed_by_name_and_alias_counts_once():
    b = briefing("b", "2019-01-01", ["Kuril Islands"], [LAVROV, Actor("Lavrov", "person")])
    index = build_index([b], REGISTRY)
    assert index.facts[b.path].actors == (Ref("sergei-lavrov", "Sergei Lavrov"),)
    assert index.actors["sergei-lavrov"].briefings == (b.path,)
