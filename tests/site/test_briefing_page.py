"""The briefing page: what comes first, the editors' history, the source link, its quotes
as schema.org Quotations; and what every page's head says (description, favicon)."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

from briefing_archive.detail_pages import editorial_history
from briefing_archive.model import Correction, Source
from briefing_archive.page_descriptions import shortened
from briefing_archive.site_settings import SiteSettings
from tests.site.inline_site import briefing, said, site_of

PAGE = "briefings/2019-05-30-talks/index.html"
QUOTES = (said("Taro Kono", "We object.", to="Sergei Lavrov"), said("Japan", "unacceptable"))


def talks(**fields):
    fields.setdefault("summary", "Japan and Russia met.")
    fields.setdefault("body", "The ministers met in Tokyo.")
    fields.setdefault("quotes", QUOTES)
    return briefing("2019-05-30-talks", "2019-05-30", issues=("Kuril Islands", "Aegis Ashore"), **fields)


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1))


def test_summary_and_text_come_first_then_quotes_then_issues_and_actors_as_headings():
    page = site_of(talks())[PAGE].split("<main", 1)[1]
    order = [
        page.index(mark)
        for mark in (
            "<h1>",
            "Japan and Russia met.",
            "The ministers met in Tokyo.",
            '<h2 id="quotes-heading">Quotes</h2>',
            '<h2 id="issues-heading">Issues</h2>',
            '<h2 id="actors-heading">Actors</h2>',
        )
    ]
    assert order == sorted(order)


def test_the_history_is_the_editors_record_dated_by_the_story():
    corrected = talks(
        reviewed_by="A. Editor",
        corrections=(
            Correction(dt.date(2019, 6, 2), "Fixed a name."),
            Correction(dt.date(2019, 6, 1), "Fixed a date."),
        ),
    )
    assert editorial_history(corrected) == [
        {"date": "2019-05-30", "event": "Published", "reviewed_by": "A. Editor", "text": ""},
        {"date": "2019-06-01", "event": "Corrected", "reviewed_by": None, "text": "Fixed a date."},
        {"date": "2019-06-02", "event": "Corrected", "reviewed_by": None, "text": "Fixed a name."},
    ]
    assert [event["event"] for event in editorial_history(talks(status="draft"))] == []
    page = site_of(corrected)[PAGE]
    assert '<a href="#history">Corrected <time datetime="2019-06-02">2 June 2019</time></a>' in page
    assert '<strong>Published</strong> <time datetime="2019-05-30">30 May 2019</time>, reviewed by A. Editor' in page


def test_the_source_is_linked_whenever_its_address_is_a_web_address():
    linked = site_of(talks(source=Source("DW", url="https://www.dw.com/en/a-1")))[PAGE]
    assert (
        '<dt>Source</dt>\n    <dd><a href="https://www.dw.com/en/a-1" rel="noopener noreferrer">DW (dw.com)</a>'
        in linked
    )
    unlinked = site_of(talks(source=Source("DW", url="javascript:alert(1)")))[PAGE]
    assert "<dt>Source</dt>" not in unlinked and "javascript" not in unlinked.split("</head>")[1]


def test_each_quote_is_a_quotation_by_its_speaker_with_wikidata_and_its_source():
    settings = SiteSettings(name="Kuril watch", url="https://k.example.org")
    ld = json_ld(site_of(talks(source=Source("DW", url="https://dw.com/a")), settings=settings)[PAGE])
    assert ld["publisher"] == {"@type": "Organization", "name": "Kuril watch", "url": "https://k.example.org/"}
    assert ld["url"] == "https://k.example.org/briefings/2019-05-30-talks/"
    assert ld["isBasedOn"] == {
        "@type": "NewsArticle",
        "url": "https://dw.com/a",
        "publisher": {"@type": "Organization", "name": "DW"},
    }
    assert ld["hasPart"] == [
        {
            "@type": "Quotation",
            "text": "We object.",
            "dateCreated": "2019-05-30",
            "isBasedOn": "https://dw.com/a",
            "creator": {
                "@type": "Person",
                "name": "Taro Kono",
                "url": "https://k.example.org/actors/taro-kono/",
                "sameAs": "https://www.wikidata.org/wiki/Q1063469",
            },
        },
        {
            "@type": "Quotation",
            "text": "unacceptable",
            "dateCreated": "2019-05-30",
            "isBasedOn": "https://dw.com/a",
            "creator": {
                "@type": "GovernmentOrganization",
                "name": "Japan",
                "url": "https://k.example.org/actors/japan/",
                "sameAs": "https://www.wikidata.org/wiki/Q17",
            },
        },
    ]


def test_without_a_web_source_or_site_address_the_json_ld_claims_neither():
    ld = json_ld(site_of(talks(source=Source("DW", url="file:///etc/passwd")))[PAGE])
    assert "url" not in ld and "url" not in ld["isBasedOn"] and "url" not in ld["publisher"]
    assert all("isBasedOn" not in quote and "url" not in quote["creator"] for quote in ld["hasPart"])


def test_a_quote_cannot_end_the_json_ld_script():
    hostile = '</script><script>alert(1)</script><!-- \u2028 & "quoted"'
    page = site_of(talks(summary="", body="", quotes=(said("Taro Kono", hostile),)))[PAGE]
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL).group(1)
    assert "<" not in script and ">" not in script and "\u2028" not in script
    assert json.loads(script)["hasPart"][0]["text"] == hostile


def test_every_page_has_a_description_of_its_own():
    site = site_of(
        talks(),
        briefing("2019-06-01-quiet", "2019-06-01", issues=("Aegis Ashore",), summary=""),
        settings=SiteSettings(description="Security politics, article by article."),
    )
    descriptions = {
        path: re.search(r'<meta name="description" content="([^"]*)">', text).group(1)
        for path, text in site.items()
        if path.endswith(".html") and "http-equiv" not in text
    }
    assert all(descriptions.values())
    assert descriptions[PAGE] == "Japan and Russia met."
    assert descriptions["briefings/2019-06-01-quiet/index.html"] == (
        "2019 06 01 quiet. A briefing on the report by DW of 1 June 2019."
    )
    assert descriptions["index.html"] == "Security politics, article by article."
    assert descriptions["issues/kuril-islands/index.html"] == "The four islands Japan claims."
    assert descriptions["issues/aegis-ashore/index.html"] == (
        "Aegis Ashore: 2 briefings (2019), with quotes from Japan."
    )
    assert descriptions["actors/taro-kono/index.html"] == (
        "Taro Kono, Foreign Minister, Japan: 2 briefings (2019) and 1 quote."
    )
    assert descriptions["quotes/index.html"] == "Every quote in the briefing archive, newest first: 2 quotes."
    assert len(set(descriptions.values())) == len(descriptions)


def test_long_descriptions_end_at_a_sentence_or_a_word():
    assert shortened("One.  Two\nthree.") == "One. Two three."
    assert shortened("A first sentence. " + "word " * 100, 40) == "A first sentence."
    assert shortened("Short. " + "word " * 100, 40) == "Short. word word word word word word…"  # too short to end at
    assert shortened("word " * 100, 22) == "word word word word…"


def test_every_page_links_the_favicon_which_the_site_serves():
    site = site_of(talks())
    ET.fromstring(site["static/favicon.svg"])  # well-formed SVG
    pages = [text for path, text in site.items() if path.endswith(".html")]
    assert pages and all('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page for page in pages)
