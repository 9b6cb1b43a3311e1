"""Fixtures of the site tests: a headless Chromium (test_browser.py, test_browser_delta.py,
test_issue_reader.py), search shards of a dozen briefings, and the 1,000-briefing
archive, made and built once per run."""

from __future__ import annotations

import pytest

from tests.support.browser import start_chromium


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def small_shards(monkeypatch):
    """Search shards of about a dozen briefings (instead of a thousand)."""
    from briefing_archive import search_shards

    monkeypatch.setattr(search_shards, "SHARD_SIZES", search_shards.ShardSizes(least=8, target=12, most=20))


@pytest.fixture(scope="session")
def archive_1k(tmp_path_factory):
    """The synthetic archive of 1,000 briefings (tests/support/synthetic_archive.py), made once."""
    from tests.support.synthetic_archive import make_archive

    return make_archive(1000, tmp_path_factory.mktemp("archive-1k"))


@pytest.fixture(scope="session")
def site_1k(archive_1k, tmp_path_factory):
    """That archive built by build.py, once per run."""
    import subprocess
    import sys

    from tests.support import PROJECT

    out = tmp_path_factory.mktemp("site-1k") / "site"
    subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(archive_1k), "build", "--out", str(out)],
        check=True,
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
    )
    return out
