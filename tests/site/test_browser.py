"""The sample site in a real browser: search, filter, follow links; no broken links.
(The search page's address, history and scope on a larger archive: test_browser_search.py.)

Headless Chromium driven by Selenium through Debian's chromedriver
(`apt-get install chromium chromium-driver`, `pip install selenium`).
Skipped only when Chromium or its driver is not installed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.support import PROJECT
from tests.support.browser import needs_chromium, wait_until
from tests.support.local_server import static_server

BRIEFING = "2019-05-30-japan-russia-accuse-one-another-of-military-buildup"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(PROJECT), "build", "--out", str(out)],
        check=True,
        cwd=PROJECT,
    )
    return out


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    """The test server's request log (http.server writes one line per request to stderr)."""
    return tmp_path_factory.mktemp("server") / "requests.log"


def requested(log: Path) -> list[str]:
    """Paths served so far (200s), in order."""
    return re.findall(r'"GET ([^ ?"]+)[^"]*" 200', log.read_text(encoding="utf-8", errors="replace"))


@pytest.fixture(scope="module")
def base_url(site, server_log):
    with server_log.open("ab") as log, static_server(site, log) as base:
        yield base


def search(driver, base_url: str, words: str) -> list:
    """Type ``words`` into the search page's box; the result elements."""
    from selenium.webdriver.common.by import By

    driver.get(base_url + "search/")
    box = wait_until(driver, lambda d: d.find_element(By.ID, "search-input"), "the search box")
    box.send_keys(words)
    return wait_until(
        driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results .search-result"), f"results for {words!r}"
    )


def choose_filter(driver, name: str, value: str) -> None:
    """Open the search's filters, then pick ``value`` in its ``name`` filter (a <select>, made
    once the filters' values have arrived)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    if driver.find_element(By.ID, "search-filters").get_attribute("open") is None:
        driver.find_element(By.CSS_SELECTOR, "#search-filters > summary").click()
    control = Select(
        wait_until(driver, lambda d: d.find_elements(By.ID, f"search-filter-{name}"), f"the {name} filter")[0]
    )
    wait_until(driver, lambda d: any(o.text == value for o in control.options), f"{value!r} in the {name} filter")
    control.select_by_visible_text(value)


@needs_chromium
def test_search_filter_and_follow_links_to_the_actor(browser, base_url):
    from selenium.webdriver.common.by import By

    results = search(browser, base_url, "Lavrov")
    assert any("Japan and Russia accuse one another" in r.text for r in results)
    status = browser.find_element(By.ID, "search-status").text
    assert status.endswith("for “Lavrov”") and status.split()[0].isdigit(), status

    choose_filter(browser, "issue", "Kuril Islands")
    wait_until(
        browser,
        lambda d: "in Kuril Islands" in d.find_element(By.ID, "search-status").text,
        "the Kuril Islands filter to be applied",
    )
    results = wait_until(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results .search-result"),
        "results filtered by Kuril Islands",
    )
    link = results[0].find_element(By.CSS_SELECTOR, "a.search-result-link")
    assert urlsplit(link.get_attribute("href")).path == f"/briefings/{BRIEFING}/"
    assert results[0].find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") == "2019-05-30"

    link.click()
    wait_until(browser, lambda d: urlsplit(d.current_url).path == f"/briefings/{BRIEFING}/", "the briefing page")
    speaker = next(
        a
        for a in browser.find_elements(By.CSS_SELECTOR, "blockquote ~ figcaption cite a, figcaption cite a")
        if a.text.strip() == "Sergei Lavrov"
    )
    speaker.click()
    wait_until(browser, lambda d: urlsplit(d.current_url).path == "/actors/sergei-lavrov/", "the actor page")
    assert "Sergei Lavrov" in browser.find_element(By.CSS_SELECTOR, "h1").text


@needs_chromium
def test_searching_an_alias_finds_the_issue(browser, base_url):
    results = search(browser, base_url, "Northern Territories")
    assert any("Japan and Russia accuse one another" in r.text for r in results)
    assert topic_links(browser)[0] == "/issues/kuril-islands/"


def topic_links(driver) -> list[str]:
    """The paths of the issue and actor pages the search page offers, in order."""
    from selenium.webdriver.common.by import By

    return [urlsplit(a.get_attribute("href")).path for a in driver.find_elements(By.CSS_SELECTOR, "#search-topics a")]


@needs_chromium
def test_a_name_offers_its_actor_page_before_the_briefings(browser, base_url):
    from selenium.webdriver.common.by import By

    search(browser, base_url, "Lavrov")
    wait_until(browser, lambda d: topic_links(d), "the topics found")
    assert topic_links(browser) == ["/actors/sergei-lavrov/"]  # found by his alias, "Lavrov"
    topics, briefings = (browser.find_element(By.ID, name) for name in ("search-topics", "search-briefings"))
    assert browser.execute_script("return arguments[0].compareDocumentPosition(arguments[1]) & 4", topics, briefings)
    headings = [h.tag_name for h in browser.find_elements(By.CSS_SELECTOR, "h1, h2, h3") if h.is_displayed()]
    assert headings[:4] == ["h1", "h2", "h2", "h3"]  # Search, Issues and actors, Briefings, a briefing


@needs_chromium
def test_an_excerpt_is_the_briefings_text_not_its_list_of_names(browser, base_url):
    """ "Lavrov" is in the briefing's names only: its excerpt is the summary's start. "Kuril"
    is in its text: the excerpt is the words around it. Neither is the record's names."""
    from selenium.webdriver.common.by import By

    from briefing_archive.archive import load_archive
    from briefing_archive.records import search_records

    (record,) = search_records(load_archive(PROJECT))
    words = record["content"].split()
    text = " ".join(words[int(record["meta"]["excerpt_from"]) : int(record["meta"]["excerpt_to"])])
    names = " ".join(words[int(record["meta"]["excerpt_to"]) :])
    assert "Sergei Shoigu" in names and "Sergei Shoigu" not in text
    for word in ("Lavrov", "Kuril"):
        (result,) = search(browser, base_url, word)
        excerpt = result.find_element(By.CSS_SELECTOR, ".search-result-excerpt")
        shown = excerpt.text.strip("… ")
        assert shown in text and len(shown.split()) > 12, excerpt.text
        assert [m.text for m in excerpt.find_elements(By.TAG_NAME, "mark")] == (["Kuril"] if word == "Kuril" else [])
    assert "the disputed Kuril Islands unacceptable" in excerpt.text  # the words around "Kuril"


@needs_chromium
def test_the_header_form_searches_without_javascript(browser, base_url):
    """A plain form in every page's header: with scripts off it still opens /search/?q=…."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(base_url)
        browser.find_element(By.CSS_SELECTOR, "header form[role=search] input[name=q]").send_keys("Lavrov", Keys.ENTER)
        wait_until(browser, lambda d: urlsplit(d.current_url).path == "/search/", "the search page")
        assert urlsplit(browser.current_url).query == "q=Lavrov"
        assert browser.find_element(By.TAG_NAME, "h1").text == "Search"
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@needs_chromium
def test_results_come_newest_first_ten_at_a_time(browser, base_url):
    """A word in every briefing: newest first; "More results" adds the rest (if more than ten)."""
    from selenium.webdriver.common.by import By

    results = search(browser, base_url, "Japan")
    dates = [r.find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") for r in results]
    assert dates == sorted(dates, reverse=True) and len(dates) <= 10
    total = int(browser.find_element(By.ID, "search-status").text.split()[0])
    more = browser.find_element(By.ID, "search-more")
    assert more.is_displayed() == (total > 10)


def is_filter_file(path: str) -> bool:
    """A Pagefind filter file (of the index shard the briefing is in)."""
    return path.startswith("/pagefind/shards/") and "/filter/" in path


@needs_chromium
def test_search_only_fetches_the_filter_it_uses(browser, base_url, server_log):
    """Pagefind's filter files are fetched only for a chosen filter (the actor one is big),
    and Pagefind's own UI not at all. (Pagefind fetches in a worker: read the server's log.)"""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Network.clearBrowserCache", {})  # earlier tests' fetches
    before = len(requested(server_log))
    search(browser, base_url, "Lavrov")
    time.sleep(0.5)
    fetched = requested(server_log)[before:]
    assert "/pagefind/pagefind.js" in fetched and "/search-topics.json" in fetched
    assert not [
        path for path in fetched if is_filter_file(path) or "pagefind-ui" in path or path == "/search-filters.json"
    ]  # fetched only when the filters are opened
    choose_filter(browser, "issue", "Kuril Islands")
    wait_until(
        browser,
        lambda d: "in Kuril Islands" in d.find_element(By.ID, "search-status").text,
        "the Kuril Islands filter to be applied",
    )
    time.sleep(0.5)
    fetched = requested(server_log)[before:]
    assert len([path for path in fetched if is_filter_file(path)]) == 1
    assert "/search-filters.json" in fetched
    assert browser.find_element(By.CSS_SELECTOR, "#search-filters > summary").text == "Filters (1)"


@needs_chromium
def test_pages_load_without_missing_resources(browser, base_url, site):
    """Every stylesheet, script and image a page asks for is served (no 404 in the browser)."""
    for page in ("", f"briefings/{BRIEFING}/", "issues/kuril-islands/", "actors/sergei-lavrov/", "search/?q=Japan"):
        browser.get(base_url + page)
        wanted = browser.execute_script(
            "return [...document.querySelectorAll('link[href],script[src],img[src]')].map(e => e.href || e.src)"
        )
        for url in wanted:
            if url.startswith(base_url):
                assert site_file(site, urlsplit(url).path), f"{page or '/'} needs missing {url}"


@needs_chromium
def test_the_browser_asks_for_nothing_missing_not_even_favicon_ico(browser, base_url, server_log):
    """The server's log, which sees what the browser fetches on its own (the icon)."""
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    start = len(server_log.read_text(encoding="utf-8", errors="replace"))
    for page in ("", f"briefings/{BRIEFING}/", "quotes/", "issues/kuril-islands/quotes/"):
        browser.get(base_url + page)
    time.sleep(0.5)
    log = server_log.read_text(encoding="utf-8", errors="replace")[start:]
    assert '"GET /static/favicon.svg HTTP/1.1" 200' in log
    assert "favicon.ico" not in log and '" 404 ' not in log, log


# --- every internal link of every page -----------------------------------


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def site_file(site: Path, path: str) -> Path | None:
    """The file a URL path serves from the site folder, as a static server would."""
    target = site / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def broken_links(site: Path, page: Path) -> list[str]:
    url = "/" + page.relative_to(site).as_posix()
    collector = LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    broken = []
    for link in collector.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("#"):
            continue  # external, or an anchor on this page
        if not site_file(site, urlsplit(urljoin(url, link)).path):
            broken.append(f"{url} → {link}")
    return broken


def test_no_page_has_a_broken_internal_link(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    broken = [link for page in pages for link in broken_links(site, page)]
    assert broken == []
