"""Search over an index in shards, in a real browser.

A 60-briefing synthetic archive is built with shards of about a dozen
briefings, then one briefing is edited and another deleted and the archive
is built again (only their shards are indexed again). Searching the site
must answer as one fresh index would: each briefing found once, newest
first across the shards, the new text found, the old text and the deleted
briefing not, and a word found in one shard only not answered by the
others with a shorter word it starts with.
"""

from __future__ import annotations

import gzip
import io
import itertools
import re
from pathlib import Path

import pytest

from briefing_archive import search_shards
from briefing_archive.pipeline import PROJECT_TEMPLATES, build_site
from briefing_archive.search_shards import read_listing
from tests.support.browser import needs_chromium, show_every_result, wait_until
from tests.support.local_server import static_server
from tests.support.synthetic_archive import make_archive

SMALL_SHARDS = search_shards.ShardSizes(least=8, target=12, most=20)


def build(root: Path) -> None:
    log = io.StringIO()
    assert build_site(root, root / "site", templates_dir=PROJECT_TEMPLATES, log=log) == 0, log.getvalue()


def add_to_first_quote(path: Path, word: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r'(text: "?)', rf"\g<1>{word} ", text, count=1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def shard_keys(site: Path) -> list[str]:
    return [shard["key"] for shard in read_listing((site / "pagefind/shards.json").read_text())]


def shard_stems(site: Path, key: str) -> list[str]:
    """The file names (without .md) of the briefings a shard's fragments hold."""
    fragments = [gzip.decompress(p.read_bytes()) for p in (site / f"pagefind/shards/{key}/fragment").iterdir()]
    return [m.decode() for f in fragments for m in re.findall(rb'"url":"/briefings/([^/"]+)/"', f)]


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """(site folder, stem of the edited briefing, stem of the deleted one, a stem a shard)."""
    root = tmp_path_factory.mktemp("shards-archive")
    make_archive(60, root)
    briefings = sorted((root / "briefings").glob("*.md"))  # date order: the file names start with it
    edited, deleted = briefings[20], briefings[40]
    add_to_first_quote(edited, "Oldwordqx")
    add_to_first_quote(deleted, "Goneqx")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_shards, "SHARD_SIZES", SMALL_SHARDS)
        build(root)
        before = shard_keys(root / "site")
        edited.write_text(edited.read_text(encoding="utf-8").replace("Oldwordqx", "Newwordqx"), encoding="utf-8")
        deleted.unlink()
        build(root)
    after = shard_keys(root / "site")
    # The edited briefing's shard, the deleted one's, and its neighbour if the deleted one ended a shard.
    assert len(after) >= 4 and len(set(after) - set(before)) <= 3
    stems = [min(shard_stems(root / "site", key)) for key in after]
    return root / "site", edited.stem, deleted.stem, stems


@pytest.fixture(scope="module")
def shards_url(edited_site):
    with static_server(edited_site[0]) as base:
        yield base


def search_status(driver, base_url: str, words: str) -> str:
    """Search on the search page; the status line once the answer is in."""
    from selenium.webdriver.common.by import By

    driver.get(base_url + "search/")
    box = wait_until(driver, lambda d: d.find_element(By.ID, "search-input"), "the search box")
    box.send_keys(words)
    return wait_until(
        driver,
        lambda d: words in d.find_element(By.ID, "search-status").text and d.find_element(By.ID, "search-status").text,
        f"the answer for {words!r}",
    )


def result_stems(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [
        a.get_attribute("href").rstrip("/").rsplit("/", 1)[1]
        for a in driver.find_elements(By.CSS_SELECTOR, "#search-results h3 a")
    ]


@needs_chromium
def test_the_edited_text_is_found_and_the_old_text_is_not(browser, shards_url, edited_site):
    _, edited, _, _ = edited_site
    assert search_status(browser, shards_url, "Newwordqx").startswith("1 result ")
    assert result_stems(browser) == [edited]
    assert search_status(browser, shards_url, "Oldwordqx").startswith("No results")


@needs_chromium
def test_a_deleted_briefing_is_not_found(browser, shards_url):
    assert search_status(browser, shards_url, "Goneqx").startswith("No results")


@needs_chromium
def test_a_briefing_in_each_shard_is_found_by_its_title(browser, shards_url, edited_site):
    _, _, _, stems = edited_site
    for stem in stems:
        title = (
            next(
                line
                for line in (edited_site[0].parent / "briefings" / f"{stem}.md").read_text().splitlines()
                if line.startswith("title:")
            )
            .split(":", 1)[1]
            .strip()
            .strip('"')
        )
        search_status(browser, shards_url, title)
        wait_until(browser, lambda d, stem=stem: stem in result_stems(d), f"{stem} among the results for its title")


@needs_chromium
def test_results_stay_newest_first_across_the_shards(browser, shards_url, edited_site):
    """A word in every briefing: all 59 results, once each, newest first; the count grows
    as older shards are opened ("N+" while some are not: N the briefings of the newest
    shards opened for a first page of ten and one more)."""
    from selenium.webdriver.common.by import By

    site, edited, deleted, _ = edited_site
    opened = itertools.accumulate(shard["pages"] for shard in read_listing((site / "pagefind/shards.json").read_text()))
    first = next(count for count in opened if count >= 11)
    assert first < 59
    assert search_status(browser, shards_url, "the").startswith(f"{first}+ results")
    wait_until(browser, lambda d: len(result_stems(d)) == 10, "the first ten results")
    show_every_result(browser, lambda d: len(result_stems(d)))
    stems = result_stems(browser)
    dates = [t.get_attribute("datetime") for t in browser.find_elements(By.CSS_SELECTOR, "#search-results time")]
    assert len(stems) == len(set(stems)) == 59 and edited in stems and deleted not in stems
    assert dates == sorted(dates, reverse=True)
    assert browser.find_element(By.ID, "search-status").text.startswith("59 results")
