"""Where the busiest issue page's first answers sit on screen, and how heavy and long it is.

    python bench/issue_fold.py [--briefings 1000] [--archive DIR | --site DIR]

Makes the synthetic archive (``make_archive.py``) of N briefings in a temporary folder and
builds it (or measures a built ``--site``, or builds ``--archive``), then, in headless
Chromium at 1280×900 and 390×844, prints where the latest briefing and each side's latest
position are (``getBoundingClientRect``; see ``tests/support/issue_fold.py``), whether they
are above the fold on a desktop and within one screen on a phone (the targets), the page's
length in screens and its size.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # a script: the repository's packages
from tests.support.browser import CHROMEDRIVER, CHROMIUM  # noqa: E402
from tests.support.issue_fold import VIEWPORTS, busiest_issue, measure  # noqa: E402
from tests.support.local_server import static_server  # noqa: E402
from tests.support.synthetic_archive import make_archive  # noqa: E402


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def build(archive: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(archive), "build", "--out", str(out)],
        check=True,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )


def report(archive: Path, site: Path) -> bool:
    slug, name, count = busiest_issue(archive)
    page = site / "issues" / slug / "index.html"
    data = page.read_bytes()
    print(
        f"busiest issue: {name} ({count} briefings), /issues/{slug}/: "
        f"{len(data) / 1000:.0f} kB ({len(gzip.compress(data)) / 1000:.0f} kB gzipped)"
    )
    driver = chromium()
    try:
        with static_server(site) as base:
            desktop, phone = (measure(driver, f"{base}issues/{slug}/", width, height) for width, height in VIEWPORTS)
    finally:
        driver.quit()
    for fold, target, met in (
        (desktop, "above the fold", desktop.above_the_fold()),
        (phone, "within one screen", phone.within_one_screen()),
    ):
        print(f"  {fold.summary()}\n    target {target}: {'met' if met else 'NOT met'}")
    return desktop.above_the_fold() and phone.within_one_screen()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--archive", type=Path, help="an archive to build and measure")
    parser.add_argument("--site", type=Path, help="the built site of --archive (skips the build)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        archive = args.archive or make_archive(args.briefings, Path(tmp) / "archive")
        site = args.site or Path(tmp) / "site"
        if not args.site:
            build(archive, site)
        return 0 if report(archive, site) else 1


if __name__ == "__main__":
    sys.exit(main())
