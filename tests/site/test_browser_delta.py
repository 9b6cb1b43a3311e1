"""Search after edits, in a real browser: the base index plus the delta of changed briefings.

A 60-briefing synthetic archive is built (every record goes into the base
index), then one briefing is edited and another deleted and the archive is
built again (only the edited one is indexed, into pagefind-delta/). Searching
the site must then answer as a fresh index would: the new text found, the
old text and the deleted briefing not, and results still newest first.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from tests.support.browser import needs_chromium, wait_until
from tests.support.local_server import static_server
from tests.support.synthetic_archive import make_archive


def build(root: Path) -> None:
    log = io.StringIO()
    assert build_site(root, root / "site", templates_dir=PROJECT_TEMPLATES, log=log) == 0, log.getvalue()


def add_to_first_quote(path: Path, word: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r'(text: "?)', rf"\g<1>{word} ", text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """(site folder, stem of the edited briefing, stem of the deleted one)."""
    root = tmp_path_factory.mktemp("delta-archive")
    make_archive(60, root)
    briefings = sorted((root / "briefings").glob("*.md"))
    edited, deleted = briefings[20], briefings[40]
    add_to_first_quote(edited, "Oldwordqx")
    add_to_first_quote(deleted, "Goneqx")
    build(root)
    assert json.loads((root / "site/pagefind-delta/changes.json").read_text())["delta"] == {}
    edited.write_text(edited.read_text(encoding="utf-8").replace("Oldwordqx", "Newwordqx"), encoding="utf-8")
    deleted.unlink()
    build(root)
    changes = json.loads((root / "site/pagefind-delta/changes.json").read_text())
    assert len(changes["delta"]) == 1 and len(changes["hidden"]) == 2  # the edited page; it and the deleted one
    return root / "site", edited.stem, deleted.stem


@pytest.fixture(scope="module")
def delta_url(edited_site):
    with static_server(edited_site[0]) as base:
        yield base


def search_status(driver, base_url: str, words: str) -> str:
    """Search on the search page; the status line once the answer is in."""
    from selenium.webdriver.common.by import By

    driver.get(base_url + "search/")
    box = wait_until(driver, lambda d: d.find_element(By.ID, "search-input"), "the search box")
    box.send_keys(words)
    return wait_until(driver, lambda d: words in d.find_element(By.ID, "search-status").text
                      and d.find_element(By.ID, "search-status").text, f"the answer for {words!r}")


def result_links(driver) -> list[str]:
    from selenium.webdriver.common.by import By
    return [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#search-results h3 a")]


@needs_chromium
def test_the_edited_text_is_found_and_the_old_text_is_not(browser, delta_url, edited_site):  # noqa: F811
    _, edited, _ = edited_site
    assert search_status(browser, delta_url, "Newwordqx").startswith("1 result")
    assert [link.rstrip("/").rsplit("/", 1)[1] for link in result_links(browser)] == [edited]
    assert search_status(browser, delta_url, "Oldwordqx").startswith("No results")


@needs_chromium
def test_a_deleted_briefing_is_not_found(browser, delta_url):  # noqa: F811
    assert search_status(browser, delta_url, "Goneqx").startswith("No results")


@needs_chromium
def test_results_stay_newest_first_with_the_delta_merged_in(browser, delta_url, edited_site):  # noqa: F811
    """A word in every briefing: all 59 results, once each, newest first across both indexes."""
    from selenium.webdriver.common.by import By

    _, edited, deleted = edited_site
    assert search_status(browser, delta_url, "the").startswith("59 results")
    wait_until(browser, lambda d: len(result_links(d)) == 10, "the first ten results")
    more = browser.find_element(By.ID, "search-more")
    while more.is_displayed():
        shown = len(result_links(browser))
        more.click()
        wait_until(browser, lambda d: len(result_links(d)) > shown, "more results")
    links = result_links(browser)
    dates = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, "#search-results time")]
    stems = [link.rstrip("/").rsplit("/", 1)[1] for link in links]
    assert len(stems) == len(set(stems)) == 59 and edited in stems and deleted not in stems
    assert dates == sorted(dates, reverse=True)
