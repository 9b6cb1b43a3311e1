"""Headless Chromium for the browser tests: where it is, the skip mark, waiting on a page.

The ``browser`` fixture itself is in ``tests/site/conftest.py``; it and the bench/ scripts
start Chromium through ``start_chromium``.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
MISSING_BROWSER = "headless Chromium not installed (apt-get install chromium chromium-driver)"
# CI sets REQUIRE_BROWSER=1: there a missing browser fails the run instead of skipping it.
if os.environ.get("REQUIRE_BROWSER") and not (CHROMIUM and CHROMEDRIVER):
    raise RuntimeError(f"REQUIRE_BROWSER is set but {MISSING_BROWSER}")
needs_chromium = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason=MISSING_BROWSER)


def start_chromium(profile, *extra_flags: str):
    """A headless Chromium under Selenium, its profile in ``profile``, 1280×900; the
    browser tests and bench/ scripts start it the same way."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        *extra_flags,
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def wait_until(driver, condition, what: str, timeout: float = 15):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)
    except TimeoutException:
        pytest.fail(f"timed out waiting for {what} on {driver.current_url}")


def show_every_result(driver, shown) -> None:
    """Click the search page's "More results" until it is gone, each time waiting for
    ``shown(driver)`` (how many results are on the page) to grow."""
    from selenium.webdriver.common.by import By

    more = driver.find_element(By.ID, "search-more")
    while more.is_displayed():
        before = shown(driver)
        more.click()
        wait_until(driver, lambda d, before=before: shown(d) > before, "more results")
