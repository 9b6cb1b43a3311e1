"""A reader following an issue on the 1,000-briefing archive, in headless Chromium: what is
latest and where each side stands are the first thing on the busiest issue's page, and what
a country said most recently about an issue is two clicks from the home page.

The answers are worked out here from the briefings' front matter and the registry (not
from the site's index), so the page is checked against the data, not against itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from briefing_archive.archive import load_archive
from tests.support.browser import needs_chromium, wait_until
from tests.support.issue_fold import VIEWPORTS, busiest_issue, measure
from tests.support.local_server import static_server


@pytest.fixture(scope="module")
def base_url(site_1k):
    with static_server(site_1k) as base:
        yield base


@pytest.fixture(scope="module")
def busiest(archive_1k):
    return busiest_issue(archive_1k)


def sides_said(archive, issue: str) -> dict[str, list[tuple[dt.date, str, str]]]:
    """country → [(date, text, speaker)] of every quote on ``issue``, the speaker's country
    taken from the briefing's actor list, else the registry (a country speaks for itself)."""
    registry = {entry.name: entry for entry in archive.registry.actors}
    issue_entry = next(entry for entry in archive.registry.issues if entry.name == issue)
    names = {issue_entry.name.casefold(), *(alias.casefold() for alias in issue_entry.aliases)}
    said: dict[str, list] = {}
    for briefing in archive.briefings:
        if briefing.status != "published" or not names & {name.casefold() for name in briefing.issues}:
            continue
        listed = {actor.name: actor for actor in briefing.actors}
        for quote in briefing.quotes:
            actor, entry = listed.get(quote.speaker), registry.get(quote.speaker)
            kind = (entry.actor_kind if entry else None) or (actor.kind if actor else None)
            country = (
                quote.speaker
                if kind == "country"
                else ((actor.country if actor else None) or (entry.country if entry else None))
            )
            said.setdefault(country or quote.speaker, []).append((briefing.date, quote.text, quote.speaker))
    return said


def most_and_least_quoted(said: dict) -> list[str]:
    counts = Counter({country: len(quotes) for country, quotes in said.items()})
    ranked = sorted(counts, key=lambda country: (-counts[country], country))
    return [ranked[0], ranked[-1]]


@needs_chromium
def test_the_busiest_issue_shows_latest_and_every_sides_position_first(browser, base_url, busiest):
    slug, name, count = busiest
    folds = [measure(browser, f"{base_url}issues/{slug}/", width, height) for width, height in VIEWPORTS]
    print(f"\nbusiest issue of the 1,000-briefing archive: {name} ({count} briefings)")
    for fold in folds:
        print("  " + fold.summary())
    desktop, phone = folds
    assert desktop.positions and desktop.above_the_fold(), desktop.summary()
    assert phone.within_one_screen(), phone.summary()


@needs_chromium
def test_what_a_country_said_last_about_an_issue_is_two_clicks_from_home(browser, base_url, archive_1k, busiest):
    from selenium.webdriver.common.by import By

    _, issue, _ = busiest
    said = sides_said(load_archive(archive_1k), issue)
    for country in most_and_least_quoted(said):
        browser.get(base_url)
        clicks = 0
        browser.find_element(By.LINK_TEXT, issue).click()
        clicks += 1
        wait_until(browser, lambda d: d.find_element(By.CSS_SELECTOR, "h1").text == issue, f"the {issue} page")
        position = next(
            p
            for p in browser.find_elements(By.CSS_SELECTOR, ".stances .position")
            if p.find_element(By.CSS_SELECTOR, ".position-side a").get_attribute("textContent") == country
        )
        if not position.is_displayed():
            browser.find_element(By.CSS_SELECTOR, ".more-positions > summary").click()
            clicks += 1
        assert position.is_displayed() and clicks <= 2, (country, clicks)
        newest = max(date for date, _, _ in said[country])
        answers = {(text, speaker) for date, text, speaker in said[country] if date == newest}
        shown = (
            position.find_element(By.CSS_SELECTOR, "blockquote").get_attribute("textContent").strip(),
            position.find_element(By.CSS_SELECTOR, ".meta a").text,
        )
        assert shown in answers, (country, shown, answers)
        assert position.find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") == newest.isoformat()
        count = position.find_element(By.CSS_SELECTOR, "a.count").text
        assert count == f"{len(said[country])} quote{'s' if len(said[country]) != 1 else ''}", (country, count)


@needs_chromium
def test_a_bar_and_a_quote_count_open_the_collapsed_section_they_lead_to(browser, base_url, busiest):
    from selenium.webdriver.common.by import By

    slug, _, _ = busiest
    browser.get(f"{base_url}issues/{slug}/")
    oldest = browser.find_elements(By.CSS_SELECTOR, ".chart a")[0]
    period = browser.find_element(By.ID, oldest.get_dom_attribute("href").lstrip("#"))
    assert not period.is_displayed()  # the oldest period starts collapsed
    oldest.click()
    wait_until(browser, lambda d: period.is_displayed(), "the oldest period to open")
    count = browser.find_elements(By.CSS_SELECTOR, ".stances .position a.count")[0]
    quotes = browser.find_element(By.ID, count.get_dom_attribute("href").lstrip("#"))
    assert not quotes.is_displayed()
    count.click()
    wait_until(browser, lambda d: quotes.is_displayed(), "the side's quotes to open")
