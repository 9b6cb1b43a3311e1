"""The search page and what it is made from: the form in every page's header (scoped on
an issue's or actor's page), the page itself, the topics it offers, and records whose
excerpts quote the briefing's text, not its names. (In a browser: test_browser*.py.)"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from briefing_archive import records, render
from briefing_archive.archive import load_archive
from briefing_archive.planning import views_for
from briefing_archive.records import search_filters, search_records
from briefing_archive.refs import Resolver
from tests.site.refresh_golden import PROJECT, read_templates

TEMPLATES = read_templates(PROJECT / "templates")
HEADER_FORM = '<form class="site-search" role="search" action="/search/" method="get">'


@pytest.fixture(scope="module")
def sample():
    return load_archive(PROJECT)


@pytest.fixture(scope="module")
def site(sample) -> dict[str, str]:
    return {
        path: data.decode("utf-8")
        for path, data in render.render_site(sample, TEMPLATES).items()
        if path.endswith((".html", ".json"))
    }


def header(page: str) -> str:
    return page[page.index("<header") : page.index("</header>")]


def test_every_page_but_search_has_the_plain_form_in_its_header_and_no_script(site):
    pages = {path: page for path, page in site.items() if path.endswith(".html") and 'http-equiv="refresh"' not in page}
    assert len(pages) > 20
    for path, page in pages.items():
        if path == "search/index.html":
            assert HEADER_FORM not in page and '<script src="/static/search.js" defer></script>' in page
        else:
            assert HEADER_FORM in header(page) and 'name="q"' in header(page), path
            assert "<script" not in page.replace('<script type="application/ld+json">', ""), path


def test_an_issue_or_actor_page_scopes_the_header_search_to_itself(site):
    checkbox = '<input type="checkbox" name="{}" value="{}" checked> {}'
    assert checkbox.format("issue", "Kuril Islands", "only in Kuril Islands") in header(
        site["issues/kuril-islands/index.html"]
    )
    assert checkbox.format("actor", "Sergei Lavrov", "only with Sergei Lavrov") in header(
        site["actors/sergei-lavrov/index.html"]
    )
    assert checkbox.format("actor", "Japan", "only with Japan") in header(site["actors/japan/index.html"])
    assert "site-search-scope" not in site["index.html"] + site["timeline/index.html"]
    assert "site-search-scope" not in site["actors/nato/index.html"]  # no briefing to find: no scope


def test_the_search_page_holds_the_form_and_names_its_filters(site):
    page = site["search/index.html"]
    assert "<h1>Search</h1>" in page and page.index("<h1>") < page.index('id="search-results"')
    form = re.search(r'<form id="search-form"[^>]*>', page).group(0)
    assert 'action="/search/" method="get"' in form and 'data-filters="issue actor country year location"' in form
    assert 'name="q"' in page and "<noscript>" in page


def test_the_topics_are_every_issue_and_actor_page_with_its_names(site, sample):
    topics = {row[0]: row for row in json.loads(site["search-topics.json"])}  # [name, url, about, briefings, aliases]
    assert topics["Kuril Islands"] == [
        "Kuril Islands",
        "/issues/kuril-islands/",
        "Issue",
        1,
        ["Northern Territories", "Southern Kurils", "South Kurils", "Kurils", "Kuriles", "Kuril Islands dispute"],
    ]
    assert topics["Sergei Lavrov"] == [
        "Sergei Lavrov",
        "/actors/sergei-lavrov/",
        "Person, Russia",
        1,
        ["Lavrov", "Sergey Lavrov"],
    ]
    assert topics["NATO"][2:4] == ["Organisation", 0]
    pages = {
        path.removesuffix("index.html")
        for path in site
        if re.fullmatch(r"(issues|actors)/[^/]+/index\.html", path) and "http-equiv" not in site[path]
    }
    assert {row[1].lstrip("/") for row in topics.values()} == pages


def test_a_record_is_the_text_then_the_names_and_says_where_the_text_is(sample):
    (record,) = search_records(sample)
    briefing = sample.briefings[0]
    words, meta = record["content"].split(), record["meta"]
    start, end = int(meta["excerpt_from"]), int(meta["excerpt_to"])
    assert words[:start] == briefing.title.split()
    assert words[start : start + len(briefing.summary.split())] == briefing.summary.split()
    assert " ".join(words[start:end]).endswith(briefing.quotes[-1].text)
    names = " ".join(words[end:])
    assert names.startswith("Aegis Ashore") and "Northern Territories" in names and names.endswith("Vladimir Putin")


def test_the_views_keep_each_briefings_filter_values_as_one_tuple_shared_by_briefings_alike(sample):
    first, second = sample.briefings[0], dataclasses.replace(sample.briefings[0], path="briefings/copy.md")
    views = views_for(dataclasses.replace(sample, briefings=(first, second)))
    one, other = views.filters[first.path], views.filters[second.path]
    assert one == {name: tuple(values) for name, values in search_filters(first, Resolver(sample.registry)).items()}
    assert one["issue"] and all(one[name] is other[name] for name in one)
    listed = {row["name"]: row["values"] for row in records.search_filters_data(views.filters.values())}
    assert listed["issue"] == sorted(one["issue"])  # the search page's filter list, as from lists


def test_a_name_the_registry_knows_is_resolved_without_being_slugged(sample, monkeypatch):
    """A slug took ~50 µs: a fifth of an edit's search records, made by a process new to every name."""
    known = sample.registry.actors[0]
    monkeypatch.setattr("briefing_archive.refs.slug_of", lambda name: pytest.fail(f"{name} slugged"))
    assert Resolver(sample.registry).actor(known.name) == (known.slug, known.name)
    monkeypatch.undo()
    unknown = Resolver(sample.registry).actor("Nobody  In The Registry")
    assert unknown == ("nobody-in-the-registry", "Nobody In The Registry")
