"""The search page in a real browser, on a 150-briefing synthetic archive: its address is
the search (shared, reopened, Back and Forward), and a search from an issue's page stays
in that issue until widened with one click.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from tests.support.browser import needs_chromium, show_every_result, wait_until
from tests.support.local_server import static_server
from tests.support.synthetic_archive import make_archive

WORD = "the"  # in every briefing's text


@pytest.fixture(scope="module")
def archive_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("search-archive")
    make_archive(150, root)
    log = io.StringIO()
    assert build_site(root, root / "site", templates_dir=PROJECT_TEMPLATES, log=log) == 0, log.getvalue()
    return root / "site"


@pytest.fixture(scope="module")
def site_url(archive_site):
    with static_server(archive_site) as base:
        yield base


@pytest.fixture(scope="module")
def busiest_issue(archive_site) -> tuple[str, str, set[str]]:
    """(name, page path, its briefings' paths) of the issue with the most briefings."""
    briefings = json.loads((archive_site / "briefings.json").read_text(encoding="utf-8"))
    name, _ = Counter(issue for b in briefings for issue in b["issues"]).most_common(1)[0]
    topics = json.loads((archive_site / "search-topics.json").read_text(encoding="utf-8"))
    page = next(url for topic, url, *_ in topics if topic == name)  # rows: [name, url, about, …]
    return name, page, {b["url"] for b in briefings if name in b["issues"]}


def status(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, "search-status").text


def settled(driver, words: str) -> str:
    """The status line once the answer for ``words`` is in."""
    return wait_until(driver, lambda d: f"for “{words}”" in status(d) and status(d), f"the answer for {words!r}")


def result_links(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        urlsplit(a.get_attribute("href")).path for a in driver.find_elements(By.CSS_SELECTOR, "#search-results h3 a")
    ]


def every_result(driver) -> list[str]:
    """Click "More results" until every result is shown; their paths."""
    total = int(status(driver).split()[0])
    show_every_result(driver, lambda d: len(result_links(d)))
    links = result_links(driver)
    assert len(links) == total
    return links


def address(driver) -> tuple[str, dict]:
    parts = urlsplit(driver.current_url)
    return parts.path, parse_qs(parts.query)


def type_into(box, words: str) -> None:
    from selenium.webdriver.common.keys import Keys

    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    box.send_keys(words)


@needs_chromium
def test_a_search_address_reopened_shows_the_same_results(browser, site_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(site_url + "search/")
    type_into(browser.find_element(By.ID, "search-input"), "sanctions")
    settled(browser, "sanctions")
    browser.find_element(By.CSS_SELECTOR, "#search-filters > summary").click()
    year = Select(wait_until(browser, lambda d: d.find_elements(By.ID, "search-filter-year"), "the year filter")[0])
    chosen = year.options[2].text
    year.select_by_visible_text(chosen)
    wait_until(browser, lambda d: status(d).endswith(f"in {chosen}"), "the year filter to be applied")
    assert address(browser) == ("/search/", {"q": ["sanctions"], "year": [chosen]})
    shared, answer, links = browser.current_url, status(browser), every_result(browser)

    browser.switch_to.new_window("tab")  # a reader opening the shared address
    try:
        browser.get(shared)
        wait_until(browser, lambda d: status(d) == answer, "the same answer")
        assert every_result(browser) == links
        assert browser.find_element(By.ID, "search-input").get_attribute("value") == "sanctions"
        assert browser.find_element(By.CSS_SELECTOR, "#search-filters > summary").text == "Filters (1)"
        assert "sanctions" in browser.title
    finally:
        browser.close()
        browser.switch_to.window(browser.window_handles[0])


@needs_chromium
def test_back_and_forward_restore_the_searches(browser, site_url):
    from selenium.webdriver.common.by import By

    browser.get(site_url + "search/?q=sanctions")
    settled(browser, "sanctions")
    first = result_links(browser)
    type_into(browser.find_element(By.ID, "search-input"), "missile")
    settled(browser, "missile")
    wait_until(browser, lambda d: address(d)[1] == {"q": ["missile"]}, "the address to follow the search")
    assert result_links(browser) != first

    browser.back()
    settled(browser, "sanctions")
    assert address(browser) == ("/search/", {"q": ["sanctions"]})
    assert browser.find_element(By.ID, "search-input").get_attribute("value") == "sanctions"
    assert result_links(browser) == first
    browser.forward()
    settled(browser, "missile")
    assert browser.find_element(By.ID, "search-input").get_attribute("value") == "missile"


@needs_chromium
def test_a_search_from_an_issue_page_stays_in_the_issue_until_widened(browser, site_url, busiest_issue):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    name, page, members = busiest_issue
    browser.get(site_url + page.lstrip("/"))
    scope = browser.find_element(By.CSS_SELECTOR, ".site-search-scope")
    assert scope.text == f"only in {name}" and scope.find_element(By.TAG_NAME, "input").is_selected()
    browser.find_element(By.ID, "site-search-input").send_keys(WORD, Keys.ENTER)
    assert settled(browser, WORD).endswith(f"in {name}")
    assert browser.find_element(By.CSS_SELECTOR, "#search-scope span").text == f"Only in {name}"
    assert address(browser) == ("/search/", {"q": [WORD], "issue": [name]})
    assert set(every_result(browser)) == members  # that issue's briefings, every one

    browser.find_element(By.ID, "search-widen").click()  # one click: the whole archive
    wait_until(browser, lambda d: not status(d).endswith(f"in {name}") and status(d), "the wider search")
    assert address(browser) == ("/search/", {"q": [WORD]})
    assert int(status(browser).split()[0]) == 150
    assert not browser.find_element(By.ID, "search-widen").is_displayed()
    browser.back()
    wait_until(browser, lambda d: status(d).endswith(f"in {name}"), "the scoped search again")


@needs_chromium
def test_unticking_the_scope_searches_everything(browser, site_url, busiest_issue):
    from selenium.webdriver.common.by import By

    name, page, _ = busiest_issue
    browser.get(site_url + page.lstrip("/"))
    browser.find_element(By.CSS_SELECTOR, ".site-search-scope").click()
    browser.find_element(By.ID, "site-search-input").send_keys(WORD)
    browser.find_element(By.CSS_SELECTOR, ".site-search button").click()
    settled(browser, WORD)
    assert address(browser) == ("/search/", {"q": [WORD]}) and int(status(browser).split()[0]) == 150
