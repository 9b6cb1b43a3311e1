"""Rendering: safety (nothing in a briefing can inject markup), the page set,
drafts, feeds, data files, determinism, and the golden copy of key pages."""

import dataclasses
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import markupsafe
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from briefing_archive import planning, render, safe_markdown, templating
from briefing_archive.archive import load_archive
from briefing_archive.model import Correction, Quote, Source
from briefing_archive.records import search_records
from tests.site.refresh_golden import GOLDEN, KEY_PAGES, PROJECT, SAMPLE, read_templates, render_key_pages

TEMPLATES = read_templates(PROJECT / "templates")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sample():
    return load_archive(PROJECT)


def with_briefings(archive, *briefings):
    return dataclasses.replace(archive, briefings=tuple(archive.briefings) + briefings)


def variant(archive, stem, **changes):
    base = archive.briefings[0]
    return dataclasses.replace(base, path=f"briefings/{stem}.md", **changes)


# --- Markdown ---------------------------------------------------------------


def test_raw_html_in_markdown_is_shown_as_text():
    html = safe_markdown.markdown_html('Hi <script>alert(1)</script>\n\n<div onclick="x()">block</div>\n\n*ok*')
    assert "<script" not in html and "<div" not in html
    assert "&lt;script&gt;" in html and "<em>ok</em>" in html


def test_only_web_and_relative_links_survive():
    html = safe_markdown.markdown_html(
        "[a](javascript:alert(1)) [b](https://x.org/) [c](/issues/x/) [d](data:text/html,hi) ![e](JaVaScRiPt:x)"
    )
    assert "javascript" not in html.lower() and "data:" not in html
    assert 'href="https://x.org/"' in html and 'href="/issues/x/"' in html


PLAIN_TEXT = st.text(alphabet=st.sampled_from(list("ab ,.;'\"\n-+=*_#>1.2)&<[]`!\\:\u00a0é—\t")), max_size=80)


@settings(max_examples=400, deadline=None)
@given(PLAIN_TEXT)
def test_plain_paragraph_shortcut_matches_python_markdown(text):
    fast = safe_markdown.plain_paragraphs(text)
    if fast is not None:
        converter = safe_markdown.safe_markdown()
        assert fast == converter.convert(text)


def test_plain_paragraph_shortcut_is_taken_for_ordinary_prose():
    assert (
        safe_markdown.plain_paragraphs("One line,\nsame paragraph.\n\n\nAnother — with “quotes”.\n")
        == "<p>One line,\nsame paragraph.</p>\n<p>Another — with “quotes”.</p>"
    )


def test_json_for_a_script_element_cannot_close_it():
    text = templating.json_script({"headline": "</script><script>alert(1)</script> & more"})
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(str(text)) == {"headline": "</script><script>alert(1)</script> & more"}


class ShowsItself:
    def __html__(self):
        return "<b>itself</b>"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        PLAIN_TEXT,
        st.integers(),
        st.booleans(),
        st.floats(allow_nan=False),
        st.none(),
        PLAIN_TEXT.map(Markup),
        st.just(ShowsItself()),
    )
)
def test_pages_escape_what_they_show_as_markupsafe_does(value):
    quick = templating.quick_escape(value)
    assert type(quick) is Markup and quick == markupsafe.escape(value)


def test_the_templates_of_the_pages_escape_through_the_quicker_escape():
    from jinja2 import Environment

    source = "{% macro quoted(v) %}<q>{{ v }}</q>{% endmacro %}{{ text }} {{ quoted(text) }} {{ count }}"
    values = {"text": "<script>\"a\" & 'b'</script>", "count": 3}
    template = templating.environment({"page.html": source}).get_template("page.html")
    assert template.root_render_func.__globals__["escape"] is templating.quick_escape
    assert template.render(values) == Environment(autoescape=True).from_string(source).render(values)


# --- The site ---------------------------------------------------------------


def test_the_site_has_every_page_kind(sample):
    site = render.render_site(sample, TEMPLATES)
    expected = {
        "index.html",
        f"{SAMPLE}/index.html",
        "issues/kuril-islands/index.html",
        "issues/kuril-islands/feed.xml",
        "issues/aegis-ashore/index.html",
        "actors/sergei-lavrov/index.html",
        "actors/nato/index.html",
        "timeline/index.html",
        "quotes/index.html",
        "issues/index.html",
        "actors/index.html",
        "corrections/index.html",
        "feed.xml",
        "briefings.json",
        "search-filters.json",
        "static/style.css",
        "static/search.js",
        "search/index.html",
        "search-topics.json",
        "issues/northern-territories/index.html",
        "actors/lavrov/index.html",
    }
    assert expected <= set(site)


def test_alias_pages_redirect_to_the_canonical_page(sample):
    page = render.render_site(sample, TEMPLATES)["issues/northern-territories/index.html"].decode()
    assert '<meta http-equiv="refresh" content="0; url=/issues/kuril-islands/">' in page
    assert '<link rel="canonical" href="/issues/kuril-islands/">' in page
    assert '<a href="/issues/kuril-islands/">Kuril Islands</a>' in page


def test_internal_links_all_resolve(sample):
    site = render.render_site(sample, TEMPLATES)
    for path, data in site.items():
        if not path.endswith(".html"):
            continue
        for target in re.findall(r'(?:href|src)="(/[^"#]*)', data.decode()):
            if target.startswith("/pagefind/"):
                continue  # made by Pagefind after the site is rendered
            file = target.lstrip("/") + ("index.html" if target.endswith("/") else "")
            assert file in site, f"{path} links to missing {target}"


def test_every_page_has_search_landmarks_and_a_skip_link(sample):
    page = render.render_site(sample, TEMPLATES)["issues/kuril-islands/index.html"].decode()
    assert "pagefind-ui" not in page  # our own search page (static/search.js), not Pagefind's UI
    for needle in (
        '<form class="site-search" role="search" action="/search/" method="get">',
        '<main id="main"',
        'href="#main"',
        "<nav",
        "<header",
        "<footer",
    ):
        assert needle in page


def test_nothing_in_a_briefing_can_inject_markup(sample):
    evil = "<script>alert(1)</script>"
    b = variant(
        sample,
        "2020-01-01-evil",
        title=f"T {evil}",
        summary=evil,
        date=dt.date(2020, 1, 1),
        source=Source("O" + evil, url="javascript:alert(1)", credit=evil),
        quotes=(Quote("Taro Kono", evil, to="Sergei Lavrov"),),
        body=f"Body {evil}",
        corrections=(Correction(dt.date(2020, 2, 1), evil),),
    )
    site = render.render_site(with_briefings(sample, b), TEMPLATES)
    for path, data in site.items():
        if path == "briefings.json":
            continue  # data, served as JSON: it keeps the text as written
        assert b"<script>alert" not in data, path
        assert b"javascript:" not in data, path


def test_source_link_only_for_web_urls_and_without_referrer(sample):
    b = variant(sample, "2020-01-01-linked", source=Source("DW", url="https://www.dw.com/a"))
    page = render.render_site(with_briefings(sample, b), TEMPLATES)["briefings/2020-01-01-linked/index.html"]
    assert b'<a class="source" href="https://www.dw.com/a" rel="noopener noreferrer">DW</a>' in page


def test_drafts_are_left_out_unless_asked_for_and_then_marked(sample):
    draft = variant(sample, "2020-01-01-draft", status="draft", title="A draft briefing", date=dt.date(2020, 1, 1))
    archive = with_briefings(sample, draft)
    published = render.render_site(archive, TEMPLATES)
    assert "briefings/2020-01-01-draft/index.html" not in published
    assert b"A draft briefing" not in b"".join(published.values())
    preview = render.render_site(archive, TEMPLATES, include_drafts=True)
    assert b'class="banner banner-draft"' in preview["briefings/2020-01-01-draft/index.html"]
    assert b"A draft briefing" in preview["index.html"]
    assert [r["url"] for r in search_records(archive)] == [f"/{SAMPLE}/"]


def test_briefing_page_shows_corrections_history_and_json_ld(sample):
    b = variant(
        sample,
        "2020-01-01-corrected",
        date=dt.date(2020, 1, 1),
        reviewed_by="A. Editor",
        corrections=(Correction(dt.date(2020, 2, 3), "The date was wrong."),),
    )
    site = render.render_site(with_briefings(sample, b), TEMPLATES)
    page = site["briefings/2020-01-01-corrected/index.html"].decode()
    assert '<a href="#history">Corrected <time datetime="2020-02-03">3 February 2020</time></a>' in page
    assert (
        '<li><strong>Published</strong> <time datetime="2020-01-01">1 January 2020</time>, reviewed by A. Editor'
        in page
    )
    assert (
        '<li><strong>Corrected</strong> <time datetime="2020-02-03">3 February 2020</time>: The date was wrong.' in page
    )
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "NewsArticle" and ld["dateModified"] == "2020-02-03"
    assert {"@type": "Thing", "name": "Kuril Islands"} in ld["about"]
    assert any(m["name"] == "Sergei Lavrov" and m["@type"] == "Person" for m in ld["mentions"])
    assert "corrections/index.html" in site and b"The date was wrong." in site["corrections/index.html"]


def test_feeds_are_atom_with_updated_from_the_data(sample):
    b = variant(
        sample,
        "2020-01-01-corrected",
        date=dt.date(2020, 1, 1),
        corrections=(Correction(dt.date(2021, 5, 6), "Fixed."),),
    )
    site = render.render_site(with_briefings(sample, b), TEMPLATES)
    for path in ("feed.xml", "issues/kuril-islands/feed.xml"):
        feed = ET.fromstring(site[path])
        assert feed.findtext(f"{ATOM}updated") == "2021-05-06T00:00:00Z"
        entries = feed.findall(f"{ATOM}entry")
        assert entries[0].findtext(f"{ATOM}updated") == "2021-05-06T00:00:00Z"
        assert entries[0].findtext(f"{ATOM}published") == "2020-01-01T00:00:00Z"
        assert all(e.findtext(f"{ATOM}id").startswith("urn:uuid:") for e in entries)
    alliance = ET.fromstring(site["issues/japan-us-alliance/feed.xml"])
    assert alliance.findtext(f"{ATOM}title") == "Japan–US alliance"


def test_search_filters_json_lists_every_filter_value_of_the_search_records(sample):
    from briefing_archive.records import search_records

    filters = json.loads(render.render_site(sample, TEMPLATES)["search-filters.json"])
    assert [(f["name"], f["label"]) for f in filters] == [
        ("issue", "Issue"),
        ("actor", "Person or group"),
        ("country", "Country"),
        ("year", "Year"),
        ("location", "Location"),
    ]
    data = {f["name"]: f["values"] for f in filters}
    records = search_records(sample)
    for name in ("issue", "actor", "country", "year"):
        wanted = {value for record in records for value in record["filters"][name]}
        assert set(data[name]) == wanted and len(data[name]) == len(wanted), name
    assert data["issue"] == sorted(data["issue"]) and data["year"] == sorted(data["year"], reverse=True)
    assert "Kuril Islands" in data["issue"] and "Northern Territories" not in data["issue"]


def test_briefings_json_is_the_front_matter_with_urls_newest_first(sample):
    older = variant(sample, "2018-01-01-older", date=dt.date(2018, 1, 1))
    data = json.loads(render.render_site(with_briefings(sample, older), TEMPLATES)["briefings.json"])
    assert [d["url"] for d in data] == [f"/{SAMPLE}/", "/briefings/2018-01-01-older/"]
    assert data[0]["issues"][0] == "Kuril Islands" and data[0]["source"]["outlet"] == "DW"
    assert data[0]["quotes"][0] == {
        "speaker": "Taro Kono",
        "to": "Sergei Lavrov",
        "text": sample.briefings[0].quotes[0].text,
    }


def test_search_records_find_briefings_by_issue_aliases(sample):
    (record,) = search_records(sample)
    assert record["url"] == f"/{SAMPLE}/" and record["language"] == "en"
    assert "Northern Territories" in record["content"] and "Southern Kurils" in record["content"]
    assert "Sergei Lavrov" in record["filters"]["actor"] and "Kuril Islands" in record["filters"]["issue"]
    assert record["filters"]["country"] == ["China", "Japan", "North Korea", "Russia", "Soviet Union", "United States"]
    assert record["filters"]["year"] == ["2019"] and record["sort"] == {"date": "2019-05-30"}


def test_plan_then_render_each_job_is_the_site(sample):
    jobs = planning.plan_pages(sample, TEMPLATES)
    assert [j.output for j in jobs] == sorted(j.output for j in jobs)
    assert {j.output: render.render_page(j, TEMPLATES) for j in jobs} == render.render_site(sample, TEMPLATES)
    assert len({j.key() for j in jobs}) == len(jobs)
    changed = planning.plan_pages(sample, {**TEMPLATES, "static/style.css": "body{}"})
    assert all(a.key() != b.key() for a, b in zip(jobs, changed, strict=True))


def test_rendering_is_deterministic(sample):
    assert render.render_site(sample, TEMPLATES) == render.render_site(load_archive(PROJECT), dict(TEMPLATES))


def test_key_pages_match_the_golden_copy():
    """If this fails after an intended change: python -m tests.site.refresh_golden, review the diff."""
    for path, data in render_key_pages().items():
        assert data == (GOLDEN / path).read_bytes(), f"{path} differs from tests/site/golden/{path}"
    assert sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()) == sorted(KEY_PAGES)
