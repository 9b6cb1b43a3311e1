"""Site settings come from mkdocs.yml, in one place: the name, the address, the language."""

import dataclasses
import xml.etree.ElementTree as ET

from briefing_archive import render
from briefing_archive.archive import load_archive
from briefing_archive.site_settings import SiteSettings, parse_site_settings
from briefing_archive.storage import read_templates
from tests.support import PROJECT

ATOM = "{http://www.w3.org/2005/Atom}"


def site_with(settings: SiteSettings) -> dict[str, bytes]:
    archive = dataclasses.replace(load_archive(PROJECT), settings=settings)
    return render.render_site(archive, read_templates(PROJECT / "templates"))


def test_the_settings_are_read_from_mkdocs_yml_with_mkdocs_own_tags():
    settings = parse_site_settings(
        "mkdocs.yml",
        "site_name: Kuril watch\nsite_url: https://k.example.org/\n"
        "site_description: Who said what.\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "dev_addr: !ENV [ADDR, '127.0.0.1:8000']\n"
        "extra:\n  language: ja\n  remote_images: [Upload.Wikimedia.org]\n",
    )
    assert settings == SiteSettings(
        "Kuril watch", "https://k.example.org", "Who said what.", "ja", ("upload.wikimedia.org",)
    )


def test_the_project_mkdocs_yml_names_the_site():
    assert load_archive(PROJECT).settings.name == "Briefing archive"


def test_pages_and_feeds_use_the_name_address_and_language():
    site = site_with(SiteSettings("Kuril watch", "https://k.example.org", "", "ja"))
    home = site["index.html"].decode()
    assert '<html lang="ja">' in home and "<h1>Kuril watch</h1>" in home and "Briefing archive" not in home
    assert '<link rel="canonical" href="https://k.example.org/">' in home
    issue = site["issues/kuril-islands/index.html"].decode()
    assert '<link rel="canonical" href="https://k.example.org/issues/kuril-islands/">' in issue
    assert "<title>Kuril Islands · Kuril watch</title>" in issue
    feed = ET.fromstring(site["feed.xml"])
    assert feed.findtext(f"{ATOM}title") == "Kuril watch"
    links = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert links and all(href.startswith("https://k.example.org/") for href in links)


def test_without_an_address_links_stay_relative_and_no_page_claims_a_canonical():
    # a canonical link must be an absolute address; a relative one is worse than none
    site = site_with(SiteSettings())
    assert 'rel="canonical"' not in site["index.html"].decode()
    assert 'rel="canonical"' not in site["issues/kuril-islands/index.html"].decode()
    assert 'href="/feed.xml"' in site["index.html"].decode()
