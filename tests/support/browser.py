"""Headless Chromium for the browser tests: where it is, the skip mark, waiting on a page.

The ``browser`` fixture itself is in ``tests/site/conftest.py``.
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


def wait_until(driver, condition, what: str, timeout: float = 15):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)
    except TimeoutException:
        pytest.fail(f"timed out waiting for {what} on {driver.current_url}")
