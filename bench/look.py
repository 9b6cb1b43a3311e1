"""Screenshots of one page of each kind, at 1280 and 390 px, light and dark.

    python bench/look.py --site DIR [--out DIR]      # a built site
    python bench/look.py --archive DIR [--out DIR]   # build DIR first (into DIR/site)
        [--pages home,issue=/issues/kuril-islands/] [--widths 1280,390] [--schemes light,dark]
        [--screens N] [--max-height PX]

Headless Chromium (Selenium) on the site served by ``python -m http.server``; the colour
scheme is emulated through CDP (``Emulation.setEmulatedMedia``, prefers-color-scheme), a
390 px width as a phone (the page's viewport meta applies). Per page, width and scheme
two PNGs: ``…-fold.png`` (the first screen: 1280×900 or 390×844) and ``…-full.png``
(the whole page, cut at ``--max-height`` px); with ``--screens N`` also
``…-screen2.png`` … ``…-screenN.png``. Written to ``--out`` (default
``/tmp/briefing-look``), which must lie outside the repository; prints each path, the
page's height and where its h1 and h2 sections start, in screens.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]  # a script
from site_pages import REPO, chromium, emulate, parse_pages, pick_pages, site_to_audit  # noqa: E402

from tests.support.local_server import static_server  # noqa: E402

KINDS = ("home", "briefing", "issue", "actor", "issues", "actors", "timeline", "quotes", "corrections", "search")
SCREEN_HEIGHT = {1280: 900, 390: 844}  # a laptop, a phone; other widths get 900


SECTIONS = """return [...document.querySelectorAll('main h1, main h2')].map(
    h => [h.textContent.trim().replace(/\\s+/g, ' '), h.getBoundingClientRect().top + scrollY]);"""


def screenshot(driver, path: Path, width: int, top: int, height: int) -> None:
    """``height`` px of the page from ``top`` (beyond the viewport where needed)."""
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": top + height > driver.execute_script("return innerHeight"),
            "clip": {"x": 0, "y": top, "width": width, "height": height, "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def look_at(driver, url: str, stem: Path, width: int, max_height: int, screens: int) -> list[str]:
    """The fold, the next ``screens`` screens and the full page of ``url``: the paths
    written, with the page's height and where its sections start (in screens)."""
    driver.get(url)
    time.sleep(0.5)  # scripts that run after load (the search box) are part of the page
    driver.execute_script("window.scrollTo(0, 0)")
    screen = SCREEN_HEIGHT.get(width, 900)
    full = driver.execute_script("return document.documentElement.scrollHeight")
    written = [stem.with_name(f"{stem.name}-fold.png")]
    screenshot(driver, written[0], width, 0, screen)
    for number in range(2, min(screens, -(-full // screen)) + 1):
        written.append(stem.with_name(f"{stem.name}-screen{number}.png"))
        top = (number - 1) * screen
        screenshot(driver, written[-1], width, top, min(screen, full - top))
    written.append(stem.with_name(f"{stem.name}-full.png"))
    screenshot(driver, written[-1], width, 0, min(full, max_height))
    cut = f", cut at {max_height} px" if full > max_height else ""
    sections = "; ".join(f"{text[:40]} {top / screen:.1f}" for text, top in driver.execute_script(SECTIONS))
    return [
        *map(str, written[:-1]),
        f"{written[-1]}  ({full} px tall{cut}, {full / screen:.1f} screens)",
        f"sections start at (screens): {sections}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--site", type=Path, help="a built site")
    where.add_argument("--archive", type=Path, help="an archive: built first into ARCHIVE/site")
    parser.add_argument("--out", type=Path, default=Path("/tmp/briefing-look"), help="folder for the PNGs")
    parser.add_argument(
        "--pages", help=f"page kinds, comma-separated, KIND=URL to choose the page (default: {','.join(KINDS)})"
    )
    parser.add_argument("--widths", default="1280,390")
    parser.add_argument("--schemes", default="light,dark")
    parser.add_argument("--max-height", type=int, default=16000, help="cut full-page shots here (px)")
    parser.add_argument(
        "--screens",
        type=int,
        default=0,
        help="also the 2nd … Nth screen, one PNG each (long pages legible in an image viewer)",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        parser.error(f"--out {out} is inside the repository: choose a folder outside it")
    widths = [int(width) for width in args.widths.split(",") if width]
    schemes = [scheme for scheme in args.schemes.split(",") if scheme]
    if set(schemes) - {"light", "dark"}:
        parser.error("--schemes: light and/or dark")
    site = site_to_audit(args.site, args.archive)
    pages, notes = pick_pages(site, parse_pages(args.pages, KINDS))
    for note in notes:
        print(note)
    out.mkdir(parents=True, exist_ok=True)
    with static_server(site) as base, tempfile.TemporaryDirectory(prefix="look-chromium-") as profile:
        driver = chromium(Path(profile))
        try:
            for width in widths:
                for scheme in schemes:
                    emulate(driver, width, SCREEN_HEIGHT.get(width, 900), scheme)
                    for kind, url in pages.items():
                        print(f"{kind} {url} {width} {scheme}:")
                        for line in look_at(
                            driver,
                            base + url.lstrip("/"),
                            out / f"{kind}-{width}-{scheme}",
                            width,
                            args.max_height,
                            args.screens,
                        ):
                            print("  " + line, flush=True)
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
